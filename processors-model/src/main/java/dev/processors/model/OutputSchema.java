package dev.processors.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import dev.processors.model.spi.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON schema structured output must follow: sent to the provider, and checked on the final
 * value. Immutable and thread-safe (the validator is initialised when built).
 */
public final class OutputSchema {
  private final String json;
  private final JsonSchema schema;

  private OutputSchema(String json, JsonSchema schema) {
    this.json = json;
    this.schema = schema;
  }

  /**
   * Compiles a schema (draft 2020-12 unless its {@code $schema} says otherwise).
   *
   * @throws IllegalArgumentException if it is not a JSON object or not a usable schema
   */
  public static OutputSchema of(String schemaJson) {
    JsonNode node = Json.parse(schemaJson, "response schema");
    if (!node.isObject()) {
      throw new IllegalArgumentException("response schema must be a JSON object, got " + node);
    }
    try {
      SpecVersion.VersionFlag version =
          SpecVersionDetector.detectOptionalVersion(node, false)
              .orElse(SpecVersion.VersionFlag.V202012);
      JsonSchema schema = JsonSchemaFactory.getInstance(version).getSchema(node);
      schema.initializeValidators();
      return new OutputSchema(node.toString(), schema);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("response schema is not usable: " + e.getMessage(), e);
    }
  }

  /** The schema as canonical JSON text. */
  public String json() {
    return json;
  }

  /** The schema as a map of plain values, as the SDKs take it. */
  public Map<String, Object> asMap() {
    return Json.toMap(json);
  }

  /** What is wrong with {@code value}; empty if it conforms. */
  public List<String> problems(JsonNode value) {
    List<String> out = new ArrayList<>();
    for (ValidationMessage m : schema.validate(value)) {
      out.add(m.getMessage());
    }
    return out;
  }
}
