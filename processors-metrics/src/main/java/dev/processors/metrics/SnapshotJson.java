package dev.processors.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON report format: snake_case names, durations in milliseconds (exact to the nanosecond on
 * the way back), rates in parts per second. Reading names the first thing that is wrong.
 */
final class SnapshotJson {
  static final String FORMAT = "processors-metrics/1";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SnapshotJson() {}

  static String write(MetricsSnapshot s) {
    try {
      return MAPPER.writeValueAsString(tree(s));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the metrics report: " + e.getMessage(), e);
    }
  }

  static ObjectNode tree(MetricsSnapshot s) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("taken_at", s.takenAt().toString());
    root.put("uptime_ms", ms(s.uptimeNanos()));
    root.put("window_ms", ms(s.windowNanos()));
    Thresholds t = s.thresholds();
    root.putObject("thresholds")
        .put("high_latency_ms", ms(t.highLatency().toNanos()))
        .put("slow_processing_ms", ms(t.slowProcessing().toNanos()))
        .put("min_throughput", t.minThroughput())
        .put("max_error_rate", t.maxErrorRate())
        .put("max_interruptions_per_turn", t.maxInterruptionsPerTurn())
        .put("max_underruns", t.maxUnderruns());
    ArrayNode stages = root.putArray("stages");
    for (StageSnapshot st : s.stages()) {
      stages.add(stage(st));
    }
    ObjectNode probes = root.putObject("probes");
    s.probes().forEach((name, summary) -> probes.set(name, summary(summary)));
    ArrayNode recs = root.putArray("recommendations");
    for (Recommendation r : s.recommendations()) {
      recs.addObject()
          .put("kind", r.kind().name().toLowerCase(Locale.ROOT))
          .put("stage", r.stage())
          .put("message", r.message())
          .put("observed", r.observed())
          .put("threshold", r.threshold());
    }
    return root;
  }

  private static ObjectNode stage(StageSnapshot s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", s.name());
    n.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
    n.put("parts_in", s.partsIn());
    n.put("parts_out", s.partsOut());
    n.put("throughput", s.throughput());
    n.put("input_rate", s.inputRate());
    ObjectNode tl = n.putObject("timeline");
    tl.put("bucket_ms", ms(s.timeline().bucketNanos()));
    tl.put("start_ms", ms(s.timeline().startNanos()));
    ArrayNode counts = tl.putArray("counts");
    s.timeline().counts().forEach(counts::add);
    n.set("processing", summary(s.processing()));
    n.set("first_output", summary(s.firstOutput()));
    n.set("turn_latency", summary(s.turnLatency()));
    n.put("errors", s.errors());
    ObjectNode types = n.putObject("error_types");
    s.errorTypes().forEach(types::put);
    n.put("interruptions", s.interruptions());
    n.set("gaps", summary(s.gaps()));
    n.put("audio_ms", ms(s.audioNanos()));
    n.putObject("tokens").put("input", s.inputTokens()).put("output", s.outputTokens());
    ObjectNode recent = n.putObject("recent");
    recent.put("samples", s.recent().size());
    recent.set("processing", summary(s.recent().processing()));
    recent.set("first_output", summary(s.recent().firstOutput()));
    recent.set("turn_latency", summary(s.recent().turnLatency()));
    return n;
  }

  private static ObjectNode summary(LatencySummary l) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("metric", l.metric());
    n.put("count", l.count());
    n.put("min_ms", ms(l.minNanos()));
    n.put("mean_ms", ms(l.meanNanos()));
    n.put("p50_ms", ms(l.p50Nanos()));
    n.put("p90_ms", ms(l.p90Nanos()));
    n.put("p95_ms", ms(l.p95Nanos()));
    n.put("p99_ms", ms(l.p99Nanos()));
    n.put("p999_ms", ms(l.p999Nanos()));
    n.put("max_ms", ms(l.maxNanos()));
    ArrayNode buckets = n.putArray("buckets");
    for (LatencySummary.Bucket b : l.buckets()) {
      buckets.addArray().add(ms(b.upToNanos())).add(b.count());
    }
    return n;
  }

  static MetricsSnapshot read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "metrics report is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("metrics report must be a JSON object");
    }
    String format = text(root, "format");
    if (!format.equals(FORMAT)) {
      throw new IllegalArgumentException(
          "metrics report format is '" + format + "', expected '" + FORMAT + "'");
    }
    Instant takenAt;
    try {
      takenAt = Instant.parse(text(root, "taken_at"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("metrics report 'taken_at' is not an instant", e);
    }
    JsonNode t = object(root, "thresholds");
    Thresholds thresholds =
        new Thresholds(
            Duration.ofNanos(nanos(t, "high_latency_ms")),
            Duration.ofNanos(nanos(t, "slow_processing_ms")),
            number(t, "min_throughput"),
            number(t, "max_error_rate"),
            number(t, "max_interruptions_per_turn"),
            integer(t, "max_underruns"));
    List<StageSnapshot> stages = new ArrayList<>();
    for (JsonNode n : array(root, "stages")) {
      stages.add(stage(n));
    }
    Map<String, LatencySummary> probes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object(root, "probes").properties()) {
      probes.put(e.getKey(), summary(e.getValue(), "probes." + e.getKey()));
    }
    List<Recommendation> recs = new ArrayList<>();
    for (JsonNode r : array(root, "recommendations")) {
      recs.add(
          new Recommendation(
              enumValue(Recommendation.Kind.class, text(r, "kind"), "recommendation kind"),
              text(r, "stage"),
              text(r, "message"),
              number(r, "observed"),
              number(r, "threshold")));
    }
    return new MetricsSnapshot(
        takenAt,
        nanos(root, "uptime_ms"),
        nanos(root, "window_ms"),
        stages,
        probes,
        thresholds,
        recs);
  }

  private static StageSnapshot stage(JsonNode n) {
    String name = text(n, "name");
    JsonNode tl = object(n, "timeline");
    List<Long> counts = new ArrayList<>();
    for (JsonNode c : array(tl, "counts")) {
      counts.add(c.asLong());
    }
    Map<String, Long> types = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object(n, "error_types").properties()) {
      types.put(e.getKey(), e.getValue().asLong());
    }
    JsonNode tokens = object(n, "tokens");
    return new StageSnapshot(
        name,
        enumValue(StageSnapshot.Kind.class, text(n, "kind"), "stage kind"),
        integer(n, "parts_in"),
        integer(n, "parts_out"),
        number(n, "throughput"),
        number(n, "input_rate"),
        new Timeline(nanos(tl, "bucket_ms"), nanos(tl, "start_ms"), counts),
        summary(object(n, "processing"), name + ".processing"),
        summary(object(n, "first_output"), name + ".first_output"),
        summary(object(n, "turn_latency"), name + ".turn_latency"),
        integer(n, "errors"),
        types,
        integer(n, "interruptions"),
        summary(object(n, "gaps"), name + ".gaps"),
        nanos(n, "audio_ms"),
        integer(tokens, "input"),
        integer(tokens, "output"),
        recent(n, name));
  }

  /** The last-samples window; a report written before it existed has none (an empty window). */
  private static RecentWindow recent(JsonNode n, String name) {
    if (!n.has("recent")) {
      return RecentWindow.empty(0);
    }
    JsonNode r = object(n, "recent");
    long size = integer(r, "samples");
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("metrics report '" + name + ".recent.samples' too large");
    }
    return new RecentWindow(
        (int) size,
        summary(object(r, "processing"), name + ".recent.processing"),
        summary(object(r, "first_output"), name + ".recent.first_output"),
        summary(object(r, "turn_latency"), name + ".recent.turn_latency"));
  }

  private static LatencySummary summary(JsonNode n, String where) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("metrics report '" + where + "' must be an object");
    }
    List<LatencySummary.Bucket> buckets = new ArrayList<>();
    for (JsonNode b : array(n, "buckets")) {
      if (!b.isArray() || b.size() != 2) {
        throw new IllegalArgumentException(
            "metrics report '" + where + ".buckets' entries must be [up_to_ms, count]");
      }
      buckets.add(new LatencySummary.Bucket(toNanos(b.get(0).asDouble()), b.get(1).asLong()));
    }
    return new LatencySummary(
        text(n, "metric"),
        integer(n, "count"),
        nanos(n, "min_ms"),
        nanos(n, "mean_ms"),
        nanos(n, "p50_ms"),
        nanos(n, "p90_ms"),
        nanos(n, "p95_ms"),
        nanos(n, "p99_ms"),
        nanos(n, "p999_ms"),
        nanos(n, "max_ms"),
        buckets);
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static long toNanos(double ms) {
    return Math.round(ms * 1e6);
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("metrics report lacks '" + field + "'");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("metrics report '" + field + "' must be a string");
    }
    return v.asText();
  }

  private static double number(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("metrics report '" + field + "' must be a number");
    }
    return v.asDouble();
  }

  private static long integer(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("metrics report '" + field + "' must be an integer");
    }
    return v.asLong();
  }

  private static long nanos(JsonNode n, String field) {
    return toNanos(number(n, field));
  }

  private static JsonNode object(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isObject()) {
      throw new IllegalArgumentException("metrics report '" + field + "' must be an object");
    }
    return v;
  }

  private static JsonNode array(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isArray()) {
      throw new IllegalArgumentException("metrics report '" + field + "' must be an array");
    }
    return v;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String what) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown " + what + " '" + value + "'", e);
    }
  }
}
