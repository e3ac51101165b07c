package dev.processors.operators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON schema of {@link OperatorSpec}, generated from its records: every object closed ({@code
 * additionalProperties: false}), optional fields nullable, enums listed, each field described. It
 * is what the model is asked to follow, and what every answer is checked against before anything
 * else looks at it. Thread-safe; computed once.
 */
public final class SpecSchema {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final ObjectMapper BINDER =
      new ObjectMapper()
          .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setSerializationInclusion(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT);
  private static final ObjectNode SCHEMA = object(OperatorSpec.class);
  private static final JsonSchema VALIDATOR =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SCHEMA);

  private SpecSchema() {}

  /** The schema as JSON text. */
  public static String json() {
    return SCHEMA.toString();
  }

  /** The schema as a tree (a copy). */
  public static ObjectNode tree() {
    return SCHEMA.deepCopy();
  }

  /** What is wrong with {@code answer}, one finding per entry, JSON paths first; empty if none. */
  static List<String> problems(JsonNode answer) {
    List<String> out = new ArrayList<>();
    for (ValidationMessage m : VALIDATOR.validate(answer)) {
      out.add(m.getMessage());
    }
    out.sort(null);
    return out;
  }

  private static ObjectNode object(Class<?> record) {
    ObjectNode s = MAPPER.createObjectNode();
    s.put("type", "object");
    ObjectNode props = s.putObject("properties");
    ArrayNode required = s.putArray("required");
    for (RecordComponent rc : record.getRecordComponents()) {
      Type t = rc.getGenericType();
      boolean optional = t instanceof ParameterizedType p && p.getRawType() == Optional.class;
      ObjectNode field =
          optional ? nullable(of(((ParameterizedType) t).getActualTypeArguments()[0])) : of(t);
      Doc doc = rc.getAnnotation(Doc.class);
      if (doc != null) {
        field.put("description", doc.value());
      }
      props.set(rc.getName(), field);
      if (!optional) {
        required.add(rc.getName());
      }
    }
    s.put("additionalProperties", false);
    return s;
  }

  private static ObjectNode nullable(ObjectNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isTextual() && !schema.has("enum")) {
      ArrayNode types = MAPPER.createArrayNode().add(type.asText()).add("null");
      schema.set("type", types);
      return schema;
    }
    ObjectNode any = MAPPER.createObjectNode();
    any.putArray("anyOf").add(schema).add(MAPPER.createObjectNode().put("type", "null"));
    return any;
  }

  private static ObjectNode of(Type type) {
    ObjectNode s = MAPPER.createObjectNode();
    if (type == String.class) {
      return s.put("type", "string");
    }
    if (type == Integer.class || type == int.class || type == Long.class) {
      return s.put("type", "integer");
    }
    if (type == Double.class || type == double.class) {
      return s.put("type", "number");
    }
    if (type == Object.class) {
      s.putArray("type").add("number").add("string").add("boolean");
      return s;
    }
    if (type instanceof Class<?> c && c.isEnum()) {
      s.put("type", "string");
      ArrayNode values = s.putArray("enum");
      for (Object constant : c.getEnumConstants()) {
        values.add(MAPPER.valueToTree(constant).asText());
      }
      return s;
    }
    if (type instanceof Class<?> c && c.isRecord()) {
      return object(c);
    }
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      s.put("type", "array");
      s.set("items", of(p.getActualTypeArguments()[0]));
      return s;
    }
    throw new IllegalStateException("no JSON schema for " + type.getTypeName());
  }
}
