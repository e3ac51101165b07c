package dev.processors.examples;

import dev.processors.core.Processor;
import dev.processors.gemini.GenaiModel;
import dev.processors.model.ToolDeclaration;
import dev.processors.openai.OpenAiModel;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The model an example talks to, chosen from the environment, so one code path runs offline and
 * against a real service:
 *
 * <ul>
 *   <li>{@code GEMINI_API_KEY} set: Gemini ({@code GEMINI_MODEL}, default {@value
 *       #GEMINI_DEFAULT});
 *   <li>else {@code OPENAI_API_KEY} or {@code OPENAI_BASE_URL} set: OpenAI or any OpenAI-compatible
 *       server ({@code OPENAI_MODEL}, default {@value #OPENAI_DEFAULT}; a base URL means Chat
 *       Completions, which local servers speak, unless {@code OPENAI_API=responses});
 *   <li>else offline: a fake OpenAI server from the testkit on 127.0.0.1, which answers with the
 *       simulated replies the example scripts through {@link #simulate}; the real SDK streams them.
 * </ul>
 *
 * <p>Keys are read by this class and handed to the SDK; they are never printed. {@link #close()}
 * closes every model built and the fake server. Not thread-safe to build models from several
 * threads; {@link #simulate} may be called from any thread.
 */
final class ExampleModel implements AutoCloseable {
  static final String GEMINI_DEFAULT = "gemini-2.5-flash";
  static final String OPENAI_DEFAULT = "gpt-4.1-mini";

  /** Who answers. */
  enum Provider {
    GEMINI,
    OPENAI,
    SIMULATED
  }

  /**
   * What one model is asked to do: a system instruction, optional tools and an optional JSON schema
   * for structured output.
   */
  record Settings(String systemInstruction, List<ToolDeclaration> tools, String responseSchema) {
    Settings {
      Objects.requireNonNull(systemInstruction, "systemInstruction");
      tools = List.copyOf(tools);
    }

    static Settings instruction(String systemInstruction) {
      return new Settings(systemInstruction, List.of(), null);
    }

    Settings withTools(ToolDeclaration... declarations) {
      return new Settings(systemInstruction, List.of(declarations), responseSchema);
    }

    Settings withSchema(String jsonSchema) {
      return new Settings(systemInstruction, tools, jsonSchema);
    }
  }

  private final Provider provider;
  private final Map<String, String> env;
  private final FakeOpenAiServer fake;
  private final List<AutoCloseable> built = new ArrayList<>();

  private final boolean openAiOnly;

  private ExampleModel(
      Provider provider, Map<String, String> env, FakeOpenAiServer fake, boolean openAiOnly) {
    this.provider = provider;
    this.openAiOnly = openAiOnly;
    this.env = env;
    this.fake = fake;
  }

  /** Gemini, OpenAI, or offline, as the environment says (see the class comment). */
  static ExampleModel fromEnvironment() {
    return fromEnvironment(System.getenv(), false);
  }

  /**
   * The model the environment asks for; with {@code openAiOnly} a Gemini key is ignored (for the
   * OpenAI streaming guide).
   */
  static ExampleModel fromEnvironment(Map<String, String> env, boolean openAiOnly) {
    if (!openAiOnly && present(env, "GEMINI_API_KEY")) {
      return new ExampleModel(Provider.GEMINI, env, null, false);
    }
    if (present(env, "OPENAI_API_KEY") || present(env, "OPENAI_BASE_URL")) {
      return new ExampleModel(Provider.OPENAI, env, null, openAiOnly);
    }
    return new ExampleModel(Provider.SIMULATED, Map.of(), FakeOpenAiServer.start(), openAiOnly);
  }

  /** Offline: a fake OpenAI server on 127.0.0.1 playing the replies given to {@link #simulate}. */
  static ExampleModel simulated() {
    return new ExampleModel(Provider.SIMULATED, Map.of(), FakeOpenAiServer.start(), false);
  }

  Provider provider() {
    return provider;
  }

  boolean isSimulated() {
    return provider == Provider.SIMULATED;
  }

  /** The fake server when offline (tests read the requests the SDK sent). */
  Optional<FakeOpenAiServer> fakeServer() {
    return Optional.ofNullable(fake);
  }

  /** One line saying who answers, without any secret. */
  String description() {
    return switch (provider) {
      case GEMINI -> "Gemini " + geminiModel() + " (key from GEMINI_API_KEY)";
      case OPENAI ->
          present(env, "OPENAI_BASE_URL")
              ? "OpenAI-compatible server at "
                  + env.get("OPENAI_BASE_URL")
                  + ", model "
                  + openAiModel()
                  + " ("
                  + openAiApi()
                  + ")"
              : "OpenAI " + openAiModel() + " (key from OPENAI_API_KEY)";
      case SIMULATED ->
          "simulated model, offline (a fake OpenAI server on 127.0.0.1 plays scripted replies"
              + " marked [simulated]; "
              + (openAiOnly
                  ? "this example is about OpenAI's API and ignores GEMINI_API_KEY: set"
                      + " OPENAI_API_KEY or OPENAI_BASE_URL for a real model)"
                  : "set GEMINI_API_KEY, OPENAI_API_KEY or OPENAI_BASE_URL for a real model)");
    };
  }

  /**
   * Offline, the fake answers the next request with {@code reply}; against a real model this does
   * nothing. Call it right before the request it is meant for.
   */
  void simulate(FakeTurn reply) {
    if (fake != null) {
      fake.enqueue(reply);
    }
  }

  /** A streaming model processor with these settings; closed by {@link #close()}. */
  Processor model(Settings settings) {
    Processor model =
        switch (provider) {
          case GEMINI -> {
            GenaiModel.Builder b =
                GenaiModel.builder()
                    .model(geminiModel())
                    .apiKey(env.get("GEMINI_API_KEY"))
                    .systemInstruction(settings.systemInstruction())
                    .tools(settings.tools());
            if (settings.responseSchema() != null) {
              b.responseSchema(settings.responseSchema());
            }
            yield b.build();
          }
          case OPENAI -> {
            OpenAiModel.Builder b =
                openAiBuilder(settings)
                    .model(openAiModel())
                    .apiKey(present(env, "OPENAI_API_KEY") ? env.get("OPENAI_API_KEY") : "none")
                    .api(openAiApi());
            if (present(env, "OPENAI_BASE_URL")) {
              b.baseUrl(env.get("OPENAI_BASE_URL"));
            }
            yield b.build();
          }
          case SIMULATED ->
              openAiBuilder(settings)
                  .model("gpt-simulated")
                  .apiKey("simulated")
                  .baseUrl(fake.baseUrl())
                  .build();
        };
    built.add((AutoCloseable) model);
    return model;
  }

  private static OpenAiModel.Builder openAiBuilder(Settings settings) {
    OpenAiModel.Builder b =
        OpenAiModel.builder()
            .model(OPENAI_DEFAULT)
            .systemInstruction(settings.systemInstruction())
            .tools(settings.tools());
    if (settings.responseSchema() != null) {
      b.responseSchema(settings.responseSchema());
    }
    return b;
  }

  private String geminiModel() {
    return present(env, "GEMINI_MODEL") ? env.get("GEMINI_MODEL") : GEMINI_DEFAULT;
  }

  private String openAiModel() {
    return present(env, "OPENAI_MODEL") ? env.get("OPENAI_MODEL") : OPENAI_DEFAULT;
  }

  private OpenAiModel.Api openAiApi() {
    if (present(env, "OPENAI_API")) {
      return env.get("OPENAI_API").equalsIgnoreCase("chat")
          ? OpenAiModel.Api.CHAT_COMPLETIONS
          : OpenAiModel.Api.RESPONSES;
    }
    return present(env, "OPENAI_BASE_URL")
        ? OpenAiModel.Api.CHAT_COMPLETIONS
        : OpenAiModel.Api.RESPONSES;
  }

  private static boolean present(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  /**
   * A failure as one line for the console, with the hint for this model's provider (the key and
   * model variables it reads; {@code OPENAI_BASE_URL} for OpenAI). Names variables, never values.
   */
  RuntimeException explain(Throwable failure) {
    return Failures.explain(
        failure,
        switch (provider) {
          case GEMINI -> Failures.Service.GEMINI;
          case OPENAI -> Failures.Service.OPENAI;
          case SIMULATED -> Failures.Service.SIMULATED;
        });
  }

  @Override
  public void close() {
    for (AutoCloseable c : built) {
      try {
        c.close();
      } catch (Exception e) {
        // closing an HTTP client does not fail in a way the example could act on
      }
    }
    built.clear();
    if (fake != null) {
      fake.close();
    }
  }
}
