package dev.processors.model;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One model generation gathered into one object, for callers who want the whole answer at the end
 * rather than its stream (the "final aggregated response" of OpenAI's streaming guide).
 *
 * <pre>{@code
 * ModelAnswer answer = ModelAnswer.of(model.apply("Weather in Paris?"));
 * System.out.println(answer.text() + " " + answer.usage());
 * }</pre>
 *
 * @param text the answer's text: its default-substream text parts joined in order (thoughts,
 *     partial views and out-of-band parts excluded)
 * @param functionCalls the function calls in the order they came
 * @param structuredOutput the final structured-output JSON, if the model was asked for one
 * @param usage the token usage reported on the final signal ({@value ModelParts#USAGE}); empty if
 *     none was reported
 * @param finishReason why generation stopped, if reported
 * @param responseId the provider's response id, if reported
 * @param complete whether the generation's {@link SignalKind#GENERATION_COMPLETE} signal was seen
 */
public record ModelAnswer(
    String text,
    List<Content.FunctionCall> functionCalls,
    Optional<String> structuredOutput,
    Map<String, Object> usage,
    Optional<String> finishReason,
    Optional<String> responseId,
    boolean complete) {

  /** Validates and copies. */
  public ModelAnswer {
    Objects.requireNonNull(text, "text");
    functionCalls = List.copyOf(functionCalls);
    Objects.requireNonNull(structuredOutput, "structuredOutput");
    usage = Map.copyOf(usage);
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(responseId, "responseId");
  }

  /**
   * Gathers the output parts of one generation (what a model processor emitted for one request).
   * Parts of several generations are gathered as one; the last final signal's figures win.
   */
  public static ModelAnswer of(List<ProcessorPart> parts) {
    StringBuilder text = new StringBuilder();
    List<Content.FunctionCall> calls = new ArrayList<>();
    String structured = null;
    Map<String, Object> usage = Map.of();
    String finish = null;
    String responseId = null;
    boolean complete = false;
    for (ProcessorPart p : parts) {
      if (p.isSignal(SignalKind.GENERATION_COMPLETE)) {
        complete = true;
        if (p.metadata().get(ModelParts.USAGE) instanceof Map<?, ?> u) {
          usage = stringKeys(u);
        }
        finish = p.metadataString(ModelParts.FINISH_REASON).orElse(finish);
        responseId = p.metadataString(ModelParts.RESPONSE_ID).orElse(responseId);
      } else if (p.isOutOfBand() || !p.substream().isEmpty()) {
        continue; // status, debug, thoughts, partial views
      } else if (p.content() instanceof Content.FunctionCall call) {
        calls.add(call);
      } else if (p.content() instanceof Content.Json json) {
        structured = json.json();
      } else if (p.content() instanceof Content.Text t) {
        text.append(t.text());
      }
    }
    return new ModelAnswer(
        text.toString(),
        calls,
        Optional.ofNullable(structured),
        usage,
        Optional.ofNullable(finish),
        Optional.ofNullable(responseId),
        complete);
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
