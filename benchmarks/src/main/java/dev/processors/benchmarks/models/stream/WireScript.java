package dev.processors.benchmarks.models.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one streamed answer of {@code n} text deltas, as the real APIs write them: Chat
 * Completions chunks ending with {@code [DONE]}, Responses API events ending with {@code
 * response.completed}, Gemini {@code streamGenerateContent?alt=sse} chunks whose last one carries
 * {@code finishReason}. Written by hand from the public wire format (fields the services send
 * today, including Chat's {@code obfuscation} padding), not by any contender's code, so that no
 * contender is favoured.
 *
 * <p>{@link #head} goes out before the first delta, {@link #deltas} one per delta, {@link #tail}
 * after the last. Immutable.
 */
record WireScript(byte[] head, List<byte[]> deltas, byte[] tail) {

  /** The three wire formats. */
  enum Api {
    CHAT,
    RESPONSES,
    GEMINI
  }

  // Token-sized pieces of text with the occasional escape, cycled through.
  private static final String[] TOKENS = {
    " The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".", " It",
    " was", " a", " bright", " cold", " day", " in", " April", ",", " and", " the", " clocks",
    " were", " striking", " thirteen", ".\\n", " \\\"Yes", ",\\\"", " she", " said"
  };

  static String token(int i) {
    return TOKENS[i % TOKENS.length];
  }

  /** The answer's full text (JSON-escaped, as it appears inside a JSON string). */
  static String text(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(token(i));
    }
    return sb.toString();
  }

  static WireScript of(Api api, String model, int n) {
    return switch (api) {
      case CHAT -> chat(model, n);
      case RESPONSES -> responses(model, n);
      case GEMINI -> gemini(model, n);
    };
  }

  /** The whole body, for a server that writes everything at once. */
  byte[] all() {
    int size = head.length + tail.length;
    for (byte[] d : deltas) {
      size += d.length;
    }
    byte[] out = new byte[size];
    int pos = 0;
    System.arraycopy(head, 0, out, pos, head.length);
    pos += head.length;
    for (byte[] d : deltas) {
      System.arraycopy(d, 0, out, pos, d.length);
      pos += d.length;
    }
    System.arraycopy(tail, 0, out, pos, tail.length);
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static WireScript chat(String model, int n) {
    String base =
        "{\"id\":\"chatcmpl-BenchA1b2C3d4E5f6G7h8I9j0\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1764000000,\"model\":\""
            + model
            + "\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_b1e2c3d4e5\",";
    String head =
        "data: "
            + base
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
            + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],"
            + "\"obfuscation\":\"a1B2c\"}\n\n";
    List<byte[]> deltas = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      deltas.add(
          bytes(
              "data: "
                  + base
                  + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                  + token(i)
                  + "\"},\"logprobs\":null,\"finish_reason\":null}],\"obfuscation\":\""
                  + "xY9zQ".substring(0, 1 + i % 5)
                  + "\"}\n\n"));
    }
    String tail =
        "data: "
            + base
            + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"obfuscation\":\"Qw3\"}\n\n"
            + "data: "
            + base
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":"
            + n
            + ",\"total_tokens\":"
            + (n + 12)
            + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
            + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
            + "\"obfuscation\":\"Zx\"}\n\n"
            + "data: [DONE]\n\n";
    return new WireScript(bytes(head), deltas, bytes(tail));
  }

  private static WireScript responses(String model, int n) {
    String id = "resp_68bench0123456789abcdef0123456789abcdef01234567";
    String msg = "msg_68bench0123456789abcdef0123456789abcdef01234567";
    int[] seq = {0};
    StringBuilder head = new StringBuilder();
    head.append(
        event("response.created", seq, "\"response\":" + response(id, model, "", n, false)));
    head.append(
        event("response.in_progress", seq, "\"response\":" + response(id, model, "", n, false)));
    head.append(
        event(
            "response.output_item.added",
            seq,
            "\"output_index\":0,\"item\":{\"id\":\""
                + msg
                + "\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],"
                + "\"role\":\"assistant\"}"));
    head.append(
        event(
            "response.content_part.added",
            seq,
            "\"item_id\":\""
                + msg
                + "\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\","
                + "\"annotations\":[],\"logprobs\":[],\"text\":\"\"}"));
    List<byte[]> deltas = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      deltas.add(
          bytes(
              event(
                  "response.output_text.delta",
                  seq,
                  "\"item_id\":\""
                      + msg
                      + "\",\"output_index\":0,\"content_index\":0,\"delta\":\""
                      + token(i)
                      + "\",\"logprobs\":[],\"obfuscation\":\""
                      + "xY9zQ".substring(0, 1 + i % 5)
                      + "\"")));
    }
    String text = text(n);
    String part =
        "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"" + text + "\"}";
    StringBuilder tail = new StringBuilder();
    tail.append(
        event(
            "response.output_text.done",
            seq,
            "\"item_id\":\""
                + msg
                + "\",\"output_index\":0,\"content_index\":0,\"text\":\""
                + text
                + "\",\"logprobs\":[]"));
    tail.append(
        event(
            "response.content_part.done",
            seq,
            "\"item_id\":\"" + msg + "\",\"output_index\":0,\"content_index\":0,\"part\":" + part));
    String item =
        "{\"id\":\""
            + msg
            + "\",\"type\":\"message\",\"status\":\"completed\",\"content\":["
            + part
            + "],\"role\":\"assistant\"}";
    tail.append(event("response.output_item.done", seq, "\"output_index\":0,\"item\":" + item));
    tail.append(
        event("response.completed", seq, "\"response\":" + response(id, model, item, n, true)));
    return new WireScript(bytes(head.toString()), deltas, bytes(tail.toString()));
  }

  private static String event(String type, int[] seq, String fields) {
    return "event: "
        + type
        + "\ndata: {\"type\":\""
        + type
        + "\",\"sequence_number\":"
        + seq[0]++
        + ","
        + fields
        + "}\n\n";
  }

  private static String response(String id, String model, String output, int n, boolean done) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"response\",\"created_at\":1764000000,\"status\":\""
        + (done ? "completed" : "in_progress")
        + "\",\"background\":false,\"error\":null,\"incomplete_details\":null,"
        + "\"instructions\":null,\"max_output_tokens\":null,\"max_tool_calls\":null,\"model\":\""
        + model
        + "\",\"output\":["
        + output
        + "],\"parallel_tool_calls\":true,\"previous_response_id\":null,"
        + "\"prompt_cache_key\":null,\"reasoning\":{\"effort\":null,\"summary\":null},"
        + "\"safety_identifier\":null,\"service_tier\":\"auto\",\"store\":false,"
        + "\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"},\"verbosity\":\"medium\"},"
        + "\"tool_choice\":\"auto\",\"tools\":[],\"top_logprobs\":0,\"top_p\":1.0,"
        + "\"truncation\":\"disabled\",\"usage\":"
        + (done
            ? "{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":0},"
                + "\"output_tokens\":"
                + n
                + ",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":"
                + (n + 12)
                + "}"
            : "null")
        + ",\"user\":null,\"metadata\":{}}";
  }

  private static WireScript gemini(String model, int n) {
    List<byte[]> deltas = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean last = i == n - 1;
      int out = i + 1;
      deltas.add(
          bytes(
              "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \""
                  + token(i)
                  + "\"}],\"role\": \"model\"}"
                  + (last ? ",\"finishReason\": \"STOP\"" : "")
                  + ",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 12,"
                  + "\"candidatesTokenCount\": "
                  + out
                  + ",\"totalTokenCount\": "
                  + (out + 12)
                  + ",\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 12}]},"
                  + "\"modelVersion\": \""
                  + model
                  + "\",\"responseId\": \"bEnChReSpOnSeId0123456\"}\r\n\r\n"));
    }
    return new WireScript(new byte[0], deltas, new byte[0]);
  }
}
