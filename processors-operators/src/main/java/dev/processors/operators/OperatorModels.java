package dev.processors.operators;

import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.live.GenaiModel;
import dev.processors.live.LiveException;
import dev.processors.live.ModelParts;
import dev.processors.live.OpenAiModel;
import dev.processors.live.StructuredOutputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The one place that knows the model processors (today in processors-live): builds them with the
 * spec's JSON schema as their structured-output schema, and reads their answer. Everything else in
 * this module sees only {@link SpecModel}.
 *
 * <pre>{@code
 * SpecModel gpt = OperatorModels.openAi("gpt-4.1-mini", System.getenv("OPENAI_API_KEY"), Optional.empty());
 * SpecModel any = OperatorModels.of(myModelProcessorBuiltWith(SpecSchema.json()));
 * }</pre>
 */
public final class OperatorModels {
  private OperatorModels() {}

  /**
   * An OpenAI model (Responses API) asked for specs following {@link SpecSchema}.
   *
   * @param baseUrl another endpoint (a local fake in tests); empty for OpenAI's
   */
  public static SpecModel openAi(String model, String apiKey, Optional<String> baseUrl) {
    OpenAiModel.Builder b =
        OpenAiModel.builder()
            .model(Objects.requireNonNull(model, "model"))
            .apiKey(Objects.requireNonNull(apiKey, "apiKey"))
            .temperature(0)
            .responseSchema(SpecSchema.json());
    baseUrl.ifPresent(b::baseUrl);
    OpenAiModel built = b.build();
    return of(built, built::close);
  }

  /**
   * A Gemini model asked for specs following {@link SpecSchema}.
   *
   * @param baseUrl another endpoint (a local fake in tests); empty for Google's
   */
  public static SpecModel gemini(String model, String apiKey, Optional<String> baseUrl) {
    GenaiModel.Builder b =
        GenaiModel.builder()
            .model(Objects.requireNonNull(model, "model"))
            .apiKey(Objects.requireNonNull(apiKey, "apiKey"))
            .temperature(0)
            .responseSchema(SpecSchema.json());
    baseUrl.ifPresent(b::baseUrl);
    GenaiModel built = b.build();
    return of(built, built::close);
  }

  /**
   * Any model processor of this library, already configured with {@link SpecSchema#json()} as its
   * response schema (or answering JSON text). The caller keeps ownership of {@code model}.
   */
  public static SpecModel of(Processor model) {
    return of(model, () -> {});
  }

  private static SpecModel of(Processor model, Runnable close) {
    Objects.requireNonNull(model, "model");
    return new SpecModel() {
      @Override
      public String answer(List<ProcessorPart> conversation) {
        List<ProcessorPart> output;
        try {
          output = model.apply(conversation);
        } catch (ProcessorException e) {
          throw translate(e);
        }
        return answerIn(output);
      }

      @Override
      public void close() {
        close.run();
      }

      @Override
      public String toString() {
        return "SpecModel(" + model.name() + ")";
      }
    };
  }

  /** The final JSON part, or else the text of the answer. */
  private static String answerIn(List<ProcessorPart> output) {
    StringBuilder text = new StringBuilder();
    for (ProcessorPart p : output) {
      if (p.substream().equals(ModelParts.PARTIAL_SUBSTREAM) || p.isOutOfBand()) {
        continue;
      }
      if (p.content() instanceof Content.Json json) {
        return json.json();
      }
      p.text().ifPresent(text::append);
    }
    return text.toString();
  }

  private static RuntimeException translate(ProcessorException e) {
    Throwable cause = e.getCause();
    if (cause instanceof CancellationException c) {
      return c;
    }
    if (cause instanceof StructuredOutputException s) {
      return s.problems().isEmpty()
          ? new InvalidSpecException(InvalidSpecException.Check.SCHEMA, "the answer is not JSON")
          : new InvalidSpecException(InvalidSpecException.Check.SCHEMA, s.problems());
    }
    if (cause instanceof LiveException live) {
      return new ModelCallException(
          "the model call failed: " + live.getMessage(), live.retryable(), live);
    }
    return new ModelCallException("the model call failed: " + e.getMessage(), true, e);
  }
}
