package dev.processors.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a tool whose schema was generated from Java types: checked against that schema
 * before the tool runs, then converted to the Java types. A {@code null} value counts as absent, so
 * an {@code Optional} argument may be left out or sent as {@code null}, and a required one may not
 * be either. A number with a fraction for an integer argument is refused, not truncated.
 *
 * <p>Immutable and thread-safe.
 */
final class ToolArguments {
  private static final ObjectMapper ARGS =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final String tool;
  private final OutputSchema schema;

  private ToolArguments(String tool, OutputSchema schema) {
    this.tool = tool;
    this.schema = schema;
  }

  /** The checker for tool {@code tool} with the generated {@code schema}. */
  static ToolArguments of(String tool, ObjectNode schema) {
    return new ToolArguments(tool, OutputSchema.of(schema.toString()));
  }

  /**
   * The arguments without their {@code null} values, checked against the schema.
   *
   * @throws IllegalArgumentException naming the tool and every argument that is missing or of the
   *     wrong type
   */
  JsonNode check(JsonNode arguments) {
    JsonNode args = withoutNulls(arguments == null ? ARGS.createObjectNode() : arguments);
    List<String> problems = schema.problems(args);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "tool '"
              + tool
              + "' was not called, its arguments do not fit: "
              + String.join("; ", problems));
    }
    return args;
  }

  /**
   * Converts checked arguments (or one of them, {@code what} naming it) to {@code type}.
   *
   * @throws IllegalArgumentException if they do not convert
   */
  <T> T convert(JsonNode json, Type type, String what) {
    JavaType javaType = ARGS.constructType(type);
    try {
      return ARGS.convertValue(json, javaType);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "arguments of tool '" + what + "' do not fit: " + e.getMessage(), e);
    }
  }

  /** {@code node} without its {@code null} object fields, recursively (null counts as absent). */
  static JsonNode withoutNulls(JsonNode node) {
    if (node instanceof ObjectNode obj) {
      ObjectNode copy = obj.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (!f.getValue().isNull()) {
          copy.set(f.getKey(), withoutNulls(f.getValue()));
        }
      }
      return copy;
    }
    if (node instanceof ArrayNode arr) {
      ArrayNode copy = arr.arrayNode();
      for (JsonNode item : arr) {
        copy.add(withoutNulls(item));
      }
      return copy;
    }
    return node;
  }
}
