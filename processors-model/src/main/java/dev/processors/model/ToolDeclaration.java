package dev.processors.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processors.model.spi.Json;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function the model may call, declared the same way for every provider: a name, a description
 * telling the model when to call it, and the JSON schema of its arguments (an object schema).
 *
 * <pre>{@code
 * ToolDeclaration weather = ToolDeclaration.of("get_weather", "Current weather in a city",
 *     "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
 * GenaiModel model = GenaiModel.builder().model("gemini-2.5-flash").tools(weather).build();
 * }</pre>
 *
 * @param name the function name: letters, digits, {@code _} and {@code -}, at most 64 characters
 * @param description what the function does and when to call it
 * @param parametersSchema the JSON schema of the arguments, as canonical JSON text
 */
public record ToolDeclaration(String name, String description, String parametersSchema) {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,63}");

  /**
   * Validates the declaration.
   *
   * @throws IllegalArgumentException if the name is not a valid function name, or the schema is not
   *     a JSON object
   * @throws NullPointerException if an argument is null
   */
  public ToolDeclaration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parametersSchema, "parametersSchema");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tool name '"
              + name
              + "' is invalid: use letters, digits, '_', '.', '-', at most 64 characters");
    }
    JsonNode schema;
    try {
      schema = MAPPER.readTree(parametersSchema);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "parameters schema of tool '" + name + "' is not valid JSON: " + e.getMessage(), e);
    }
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException(
          "parameters schema of tool '" + name + "' must be a JSON object");
    }
    parametersSchema = schema.toString();
  }

  /** A declaration from a schema written as JSON text. */
  public static ToolDeclaration of(String name, String description, String parametersSchema) {
    return new ToolDeclaration(name, description, parametersSchema);
  }

  /** A declaration from a schema given as a map (nested maps and lists), written as JSON. */
  public static ToolDeclaration of(String name, String description, Map<String, ?> schema) {
    return new ToolDeclaration(name, description, Json.write(schema, "parameters schema"));
  }

  /** The schema as a map of plain Java values (maps, lists, strings, numbers, booleans). */
  public Map<String, Object> parametersMap() {
    return Json.toMap(parametersSchema);
  }
}
