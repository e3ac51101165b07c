package dev.processors.operators;

import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.gemini.GenaiModel;
import dev.processors.model.ModelException;
import dev.processors.model.ModelParts;
import dev.processors.model.StructuredOutputException;
import dev.processors.openai.OpenAiModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The one place that knows the model processors (processors-openai, processors-gemini): builds them
 * with the spec's JSON schema as their structured-output schema, and reads their answer. Everything
 * else in this module sees only {@link SpecModel}.
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
        List<ProcessorPart> output = new ArrayList<>();
        try (ProcessorRun run = model.start(conversation)) {
          for (ProcessorPart part : run) {
            output.add(part);
          }
        } catch (ProcessorException e) {
          if (e.getCause() instanceof StructuredOutputException) {
            // the model layer found the answer off-schema: hand over what arrived, so the
            // compiler's own schema check names the problems and the attempt records the answer
            return answerIn(output, true).orElseThrow(() -> translate(e));
          }
          throw translate(e);
        }
        return answerIn(output, false).orElse("");
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

  /**
   * The final JSON part, or else the text of the answer; with {@code partial}, the most complete
   * partial JSON when no final part came.
   */
  private static Optional<String> answerIn(List<ProcessorPart> output, boolean partial) {
    StringBuilder text = new StringBuilder();
    String lastPartial = null;
    for (ProcessorPart p : output) {
      if (p.substream().equals(ModelParts.PARTIAL_SUBSTREAM)) {
        if (p.content() instanceof Content.Json json) {
          lastPartial = json.json();
        }
        continue;
      }
      if (p.isOutOfBand()) {
        continue;
      }
      if (p.content() instanceof Content.Json json) {
        return Optional.of(json.json());
      }
      p.text().ifPresent(text::append);
    }
    if (partial && lastPartial != null) {
      return Optional.of(lastPartial);
    }
    return text.isEmpty() ? Optional.empty() : Optional.of(text.toString());
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
    if (cause instanceof ModelException failure) {
      return new ModelCallException(
          "the model call failed: " + failure.getMessage(), failure.retryable(), failure);
    }
    return new ModelCallException("the model call failed: " + e.getMessage(), true, e);
  }
}
