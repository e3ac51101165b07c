package dev.processors.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed structured output: a Java record (or class) as the schema a model must answer with, and the
 * model's answer bound to an instance of it.
 *
 * <pre>{@code
 * record Weather(String city, double celsius, Optional<String> summary) {}
 * StructuredOutput<Weather> weather = StructuredOutput.of(Weather.class);
 * Processor model = GenaiModel.builder().model("gemini-2.5-flash")
 *     .responseSchema(weather.schema()).build();
 * Weather w = weather.ask(model, List.of(ProcessorPart.text("Weather in Paris?")));
 * }</pre>
 *
 * <p>The schema is generated as for tools: strings, numbers, booleans, enums, lists, maps and
 * records; {@code Optional} components are not required. The model still streams its growing
 * partial views on the {@value ModelParts#PARTIAL_SUBSTREAM} substream ({@link #partial} binds one
 * leniently); the final {@code Json} part is validated against the schema by the model processor,
 * then bound here. With {@link #reaskOnce()} a model whose answer does not fit is asked once more,
 * with what was wrong.
 *
 * <p>Immutable and thread-safe. <b>Errors.</b> An answer with no structured output, or one that
 * does not fit the type, throws {@link StructuredOutputException} naming the type and the field; a
 * type that cannot be written as a schema (a recursive record) is refused by {@link #of} with
 * {@link IllegalArgumentException}. Model failures propagate as the model throws them.
 *
 * @param <T> the type of the answer
 */
public final class StructuredOutput<T> {
  private static final ObjectMapper BIND =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final ObjectMapper LENIENT =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Class<T> type;
  private final OutputSchema schema;
  private final boolean reask;

  private StructuredOutput(Class<T> type, OutputSchema schema, boolean reask) {
    this.type = type;
    this.schema = schema;
    this.reask = reask;
  }

  /**
   * Structured output of {@code type}.
   *
   * @throws IllegalArgumentException if the type cannot be written as a JSON object schema
   */
  public static <T> StructuredOutput<T> of(Class<T> type) {
    Objects.requireNonNull(type, "type");
    JsonNode node = JsonSchemas.of(type, type.getSimpleName());
    if (!"object".equals(node.path("type").asText())) {
      throw new IllegalArgumentException(
          "structured output needs a record or class, which is a JSON object; "
              + type.getName()
              + " is "
              + node.path("type").asText("not one"));
    }
    return new StructuredOutput<>(type, OutputSchema.of(node.toString()), false);
  }

  /** The same, asking the model once more, with what was wrong, when its answer does not fit. */
  public StructuredOutput<T> reaskOnce() {
    return new StructuredOutput<>(type, schema, true);
  }

  /** The JSON schema of the type, for a model builder's {@code responseSchema}. */
  public String schema() {
    return schema.json();
  }

  /**
   * Binds the final structured output in {@code answer} (its last {@code Json} part outside the
   * partial substream).
   *
   * @throws StructuredOutputException if there is none, or it does not fit the type
   */
  public T read(List<ProcessorPart> answer) {
    ProcessorPart last = null;
    for (ProcessorPart p : answer) {
      if (p.content() instanceof Content.Json
          && !p.substream().equals(ModelParts.PARTIAL_SUBSTREAM)) {
        last = p;
      }
    }
    if (last == null) {
      throw new StructuredOutputException(
          "model",
          "the answer holds no structured output for " + type.getSimpleName(),
          List.of(),
          null);
    }
    return bind(last);
  }

  /**
   * Binds one {@code Json} part to the type.
   *
   * @throws StructuredOutputException naming the field if it does not fit
   * @throws IllegalArgumentException if {@code part} is not a {@code Json} part
   */
  public T bind(ProcessorPart part) {
    if (!(part.content() instanceof Content.Json json)) {
      throw new IllegalArgumentException("not a Json part: " + part.mimeType());
    }
    JsonNode node;
    try {
      node = BIND.readTree(json.json());
    } catch (Exception e) {
      throw new StructuredOutputException("model", "structured output is not JSON", List.of(), e);
    }
    List<String> problems = schema.problems(ToolArguments.withoutNulls(node));
    if (!problems.isEmpty()) {
      throw new StructuredOutputException(
          "model", "structured output does not fit " + type.getSimpleName(), problems, null);
    }
    try {
      return BIND.treeToValue(node, type);
    } catch (MismatchedInputException e) {
      throw new StructuredOutputException(
          "model",
          "structured output does not fit " + type.getSimpleName(),
          List.of(fieldName(e) + ": " + e.getOriginalMessage()),
          e);
    } catch (Exception e) {
      throw new StructuredOutputException(
          "model",
          "structured output does not fit " + type.getSimpleName(),
          List.of(e.getMessage()),
          e);
    }
  }

  /**
   * A growing partial view bound leniently (missing fields left empty or default), or empty if it
   * cannot be bound yet. Never throws for a partial part.
   */
  public Optional<T> partial(ProcessorPart part) {
    if (!(part.content() instanceof Content.Json json)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(LENIENT.readValue(json.json(), type));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /**
   * Asks {@code model} and binds its answer; with {@link #reaskOnce()}, an answer that does not fit
   * (or that the model itself rejected against the schema) is followed by one more request with the
   * answer and what was wrong.
   *
   * @throws StructuredOutputException if the (last) answer does not fit
   */
  public T ask(Processor model, List<ProcessorPart> prompt) {
    try {
      return read(model.apply(prompt));
    } catch (RuntimeException e) {
      StructuredOutputException bad = structuredFailure(e);
      if (bad == null || !reask) {
        throw e;
      }
      List<ProcessorPart> again = new ArrayList<>(prompt);
      again.add(
          ProcessorPart.text(
              "Your answer did not match the required JSON schema: "
                  + String.join(
                      "; ", bad.problems().isEmpty() ? List.of(bad.getMessage()) : bad.problems())
                  + ". Answer again with JSON that matches it."));
      return read(model.apply(again));
    }
  }

  private static StructuredOutputException structuredFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StructuredOutputException s) {
        return s;
      }
    }
    return null;
  }

  private static String fieldName(MismatchedInputException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "(root)" : "'" + path + "'";
  }

  @Override
  public String toString() {
    return "StructuredOutput[" + type.getName() + (reask ? ", reask once" : "") + "]";
  }
}
