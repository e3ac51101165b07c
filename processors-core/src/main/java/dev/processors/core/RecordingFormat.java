package dev.processors.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lines of a recording file, format version {@value Recording#FORMAT_VERSION}.
 *
 * <pre>
 * {"format":"processors-recording","version":1,"started_at":"...","clock":"VirtualClock",
 *  "blobs":"inline","labels":{"example":"live-agent"}}
 * {"t":0,"point":"model","call":0,"kind":"start","name":"live-api(gemini-2.0-flash)"}
 * {"t":1200,"point":"model","call":0,"kind":"in","seq":0,"part":{...PartJson...}}
 * {"t":1500,"point":"model","call":0,"kind":"out","seq":0,"part":{...},"blob":[0,640]}
 * {"t":9000,"point":"model","call":0,"kind":"in_end"}
 * {"t":9100,"point":"model","call":0,"kind":"out_end","error":"IllegalStateException: ..."}
 * {"kind":"closed","entries":5,"stopped":"size limit of 1048576 bytes reached at 3.200 s"}
 * </pre>
 *
 * <p>{@code t} is nanoseconds since the recorder started; {@code name} (starts only, when it
 * differs from the point) is the recorded processor's name; {@code blob} (beside storage only) is
 * the offset and length of the part's bytes in the blob file, the part's own {@code data} then
 * being empty; {@code error} and {@code stopped} appear only when there is something to say.
 */
final class RecordingFormat {
  static final String START = "start";
  static final String IN = "in";
  static final String OUT = "out";
  static final String PASS = "pass";
  static final String IN_END = "in_end";
  static final String OUT_END = "out_end";
  static final String CLOSED = "closed";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RecordingFormat() {}

  static ObjectNode header(
      Instant startedAt,
      String clock,
      Recorder.BlobStorage blobs,
      Optional<String> blobFile,
      Map<String, String> labels) {
    ObjectNode h = NODES.objectNode();
    h.put("format", Recording.FORMAT_NAME).put("version", Recording.FORMAT_VERSION);
    h.put("started_at", startedAt.toString()).put("clock", clock);
    h.put("blobs", blobs == Recorder.BlobStorage.BESIDE ? "beside" : "inline");
    blobFile.ifPresent(f -> h.put("blob_file", f));
    ObjectNode l = h.putObject("labels");
    labels.forEach(l::put);
    return h;
  }

  static ObjectNode closing(long entries, Optional<String> stopped) {
    ObjectNode c = NODES.objectNode().put("kind", CLOSED).put("entries", entries);
    stopped.ifPresent(s -> c.put("stopped", s));
    return c;
  }

  /** The entry as a line object; blobs inline. */
  static ObjectNode entry(RecordingEntry e) {
    ObjectNode n = NODES.objectNode();
    n.put("t", e.nanos()).put("point", e.point()).put("call", e.call());
    switch (e) {
      case RecordingEntry.Started s -> {
        n.put("kind", START);
        if (!s.processor().equals(s.point())) {
          n.put("name", s.processor());
        }
      }
      case RecordingEntry.Input in -> part(n.put("kind", IN), in.seq(), in.part());
      case RecordingEntry.Output out -> part(n.put("kind", OUT), out.seq(), out.part());
      case RecordingEntry.Passed p -> part(n.put("kind", PASS), p.seq(), p.part());
      case RecordingEntry.InputEnded ie -> n.put("kind", IN_END);
      case RecordingEntry.OutputEnded oe -> {
        n.put("kind", OUT_END);
        oe.error().ifPresent(err -> n.put("error", err));
      }
    }
    return n;
  }

  private static void part(ObjectNode n, long seq, ProcessorPart part) {
    n.put("seq", seq);
    n.set("part", PartJson.toTree(part));
  }

  /** Reads the header's labels (strings only). */
  static Map<String, String> labels(JsonNode header) {
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode l = header.get("labels");
    if (l == null || l.isNull()) {
      return labels;
    }
    if (!l.isObject()) {
      throw new IllegalArgumentException("the header's 'labels' must be an object");
    }
    l.fields()
        .forEachRemaining(
            f -> {
              if (!f.getValue().isTextual()) {
                throw new IllegalArgumentException(
                    "the header's label '" + f.getKey() + "' must be a string");
              }
              labels.put(f.getKey(), f.getValue().asText());
            });
    return labels;
  }

  /** Where the bytes of blobs recorded beside the file are read from. */
  interface BlobSource {
    byte[] read(long offset, int length);
  }

  /** Reads an entry line (not the header, not the closing line). */
  static RecordingEntry parseEntry(JsonNode n, BlobSource blobs) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("an entry must be a JSON object");
    }
    String kind = text(n, "kind");
    long t = number(n, "t");
    String point = text(n, "point");
    int call = Math.toIntExact(number(n, "call"));
    return switch (kind) {
      case START ->
          new RecordingEntry.Started(
              t, point, call, n.hasNonNull("name") ? text(n, "name") : point);
      case IN -> new RecordingEntry.Input(t, point, call, number(n, "seq"), part(n, blobs));
      case OUT -> new RecordingEntry.Output(t, point, call, number(n, "seq"), part(n, blobs));
      case PASS -> new RecordingEntry.Passed(t, point, call, number(n, "seq"), part(n, blobs));
      case IN_END -> new RecordingEntry.InputEnded(t, point, call);
      case OUT_END ->
          new RecordingEntry.OutputEnded(
              t,
              point,
              call,
              n.hasNonNull("error") ? Optional.of(text(n, "error")) : Optional.empty());
      default -> throw new IllegalArgumentException("unknown entry kind '" + kind + "'");
    };
  }

  private static ProcessorPart part(JsonNode n, BlobSource blobs) {
    JsonNode tree = n.get("part");
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("the entry lacks its 'part' object");
    }
    ProcessorPart part;
    try {
      part = PartJson.fromTree(tree);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad part: " + e.getMessage(), e);
    }
    JsonNode ref = n.get("blob");
    if (ref == null || ref.isNull()) {
      return part;
    }
    if (!ref.isArray() || ref.size() != 2 || !ref.get(0).canConvertToLong()) {
      throw new IllegalArgumentException("'blob' must be [offset, length]");
    }
    if (!(part.content() instanceof Content.Blob blob)) {
      throw new IllegalArgumentException("'blob' is given for a part that is not a blob");
    }
    long offset = ref.get(0).asLong();
    long length = ref.get(1).asLong();
    if (offset < 0 || length < 0 || length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("'blob' [" + offset + ", " + length + "] is out of range");
    }
    return part.withContent(Content.Blob.wrap(blobs.read(offset, (int) length), blob.mimeType()));
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("the line lacks '" + field + "'");
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return v.asText();
  }

  static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("the line lacks '" + field + "'");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("'" + field + "' must be a whole number, got " + v);
    }
    return v.asLong();
  }
}
