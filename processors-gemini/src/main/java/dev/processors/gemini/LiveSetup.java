package dev.processors.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processors.model.ToolDeclaration;
import dev.processors.model.spi.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the setup message of each Live API connection asks for, and the message itself (the first
 * message of a BidiGenerateContent session). Immutable.
 *
 * @param modalities the response modalities, {@code AUDIO} and/or {@code TEXT}
 * @param systemInstruction the system instruction, or null for none
 * @param voice the prebuilt voice's name, or null for the server's default
 * @param languageCode the speech language (BCP-47), or null for the server's default
 * @param temperature the sampling temperature, or null for the server's default
 * @param realtimeConfig further setup fields passed through as given, merged last
 */
record LiveSetup(
    String model,
    List<String> modalities,
    String systemInstruction,
    List<ToolDeclaration> tools,
    boolean transcribeInput,
    boolean transcribeOutput,
    boolean manualActivity,
    String voice,
    String languageCode,
    Double temperature,
    Map<String, Object> realtimeConfig) {
  /** Setup fields the session manages itself: a pass-through may not set them. */
  static final Set<String> MANAGED = Set.of("model", "sessionResumption");

  /**
   * A copy of {@code fields} to pass through in the setup message.
   *
   * @throws IllegalArgumentException if it sets a {@link #MANAGED} field, or a value is not
   *     JSON-compatible
   */
  static Map<String, Object> passThrough(Map<String, Object> fields) {
    Map<String, Object> copy = new LinkedHashMap<>(Objects.requireNonNull(fields, "fields"));
    for (String managed : MANAGED) {
      if (copy.containsKey(managed)) {
        throw new IllegalArgumentException(
            "realtimeConfig may not set '" + managed + "': the session manages it");
      }
    }
    try {
      Json.MAPPER.valueToTree(copy);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "realtimeConfig is not JSON-compatible: " + e.getMessage(), e);
    }
    return Collections.unmodifiableMap(copy);
  }

  /** The setup message; {@code resumeHandle} resumes an earlier session. */
  String message(Optional<String> resumeHandle) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode setup = root.putObject("setup");
    setup.put("model", model.startsWith("models/") ? model : "models/" + model);
    ObjectNode generation = setup.putObject("generationConfig");
    ArrayNode kinds = generation.putArray("responseModalities");
    modalities.forEach(kinds::add);
    if (temperature != null) {
      generation.put("temperature", temperature);
    }
    if (voice != null || languageCode != null) {
      ObjectNode speech = generation.putObject("speechConfig");
      if (voice != null) {
        speech.putObject("voiceConfig").putObject("prebuiltVoiceConfig").put("voiceName", voice);
      }
      if (languageCode != null) {
        speech.put("languageCode", languageCode);
      }
    }
    if (systemInstruction != null) {
      ObjectNode si = setup.putObject("systemInstruction");
      si.putArray("parts").addObject().put("text", systemInstruction);
      si.put("role", "user");
    }
    if (!tools.isEmpty()) {
      ArrayNode decls = setup.putArray("tools").addObject().putArray("functionDeclarations");
      for (ToolDeclaration t : tools) {
        ObjectNode d = decls.addObject();
        d.put("name", t.name()).put("description", t.description());
        d.set("parametersJsonSchema", Json.parse(t.parametersSchema(), "tool schema"));
      }
    }
    ObjectNode resumption = setup.putObject("sessionResumption");
    resumeHandle.ifPresent(h -> resumption.put("handle", h));
    if (transcribeInput) {
      setup.putObject("inputAudioTranscription");
    }
    if (transcribeOutput) {
      setup.putObject("outputAudioTranscription");
    }
    if (manualActivity) {
      setup
          .putObject("realtimeInputConfig")
          .putObject("automaticActivityDetection")
          .put("disabled", true);
    }
    merge(setup, Json.MAPPER.valueToTree(realtimeConfig));
    return root.toString();
  }

  /** Merges {@code extra} into {@code target}: objects field by field, anything else replaced. */
  private static void merge(ObjectNode target, JsonNode extra) {
    for (Map.Entry<String, JsonNode> e : extra.properties()) {
      JsonNode mine = target.get(e.getKey());
      if (mine instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else {
        target.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }
}
