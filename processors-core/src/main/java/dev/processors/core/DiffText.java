package dev.processors.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The plain-text rendering of a {@link RecordingDiff}. */
final class DiffText {
  private static final int SHOWN = 8;

  private DiffText() {}

  static String render(RecordingDiff diff, Optional<String> recordingStop) {
    StringBuilder sb = new StringBuilder();
    double tolMs = diff.tolerance().toNanos() / 1e6;
    if (diff.identical()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "same outputs as the recording, every part within %.3f ms of its recorded time"
                  + " (%d parts compared)%n",
              tolMs,
              diff.comparedParts()));
    } else if (diff.sameOutputs()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "same outputs as the recording; %d of %d parts moved by more than %.3f ms%n",
              diff.timingChanges().size(),
              diff.comparedParts(),
              tolMs));
    } else {
      sb.append(
          String.format(
              Locale.ROOT,
              "DIVERGES from the recording in %d stream lanes%n",
              diff.divergences().size()));
    }
    recordingStop.ifPresent(
        r ->
            sb.append("  (the recording stopped early: ")
                .append(r)
                .append("; compared up to")
                .append(" its last entry)\n"));
    diff.firstDivergence()
        .ifPresent(
            d -> {
              sb.append("first divergent part: ").append(where(d)).append('\n');
              sb.append("  ").append(d.explanation()).append('\n');
              sb.append("  recorded: ").append(d.recorded().map(Object::toString).orElse("(none)"));
              sb.append('\n');
              sb.append("  now:      ").append(d.actual().map(Object::toString).orElse("(none)"));
              sb.append('\n');
            });
    List<RecordingDiff.Divergence> more = diff.divergences();
    if (more.size() > 1) {
      sb.append("other diverging lanes:\n");
      for (RecordingDiff.Divergence d : more.subList(1, Math.min(more.size(), SHOWN + 1))) {
        sb.append("  ").append(where(d)).append(": ").append(d.explanation()).append('\n');
      }
      if (more.size() > SHOWN + 1) {
        sb.append("  ... and ").append(more.size() - SHOWN - 1).append(" more\n");
      }
    }
    List<RecordingDiff.TimingChange> timing = diff.timingChanges();
    if (!timing.isEmpty()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "timing: %d parts moved by more than %.3f ms; the first:%n",
              timing.size(),
              tolMs));
      for (RecordingDiff.TimingChange t : timing.subList(0, Math.min(timing.size(), SHOWN))) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  '%s' %s #%d (%s) at %.3f s: %+.3f ms%n",
                t.point(),
                t.stream(),
                t.position(),
                t.lane(),
                t.recordedNanos() / 1e9,
                (t.actualNanos() - t.recordedNanos()) / 1e6));
      }
    }
    if (!diff.latencies().isEmpty()) {
      sb.append("latency per point (each output after the input it followed), ms:\n");
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-32s %-24s %-24s %s%n",
              "point",
              "recorded p50/p95/max",
              "now p50/p95/max",
              "p50 change"));
      for (RecordingDiff.PointLatency l : diff.latencies()) {
        boolean changed =
            Math.abs(l.medianChange().toNanos()) > diff.tolerance().toNanos()
                || Math.abs(l.p95Change().toNanos()) > diff.tolerance().toNanos();
        sb.append(
            String.format(
                Locale.ROOT,
                "  %-32s %-24s %-24s %+.3f%s%n",
                abbreviate(l.point()),
                figures(l.recorded()),
                figures(l.actual()),
                l.medianChange().toNanos() / 1e6,
                changed ? "  *" : ""));
      }
    }
    if (!diff.newPoints().isEmpty()) {
      sb.append("points the recording does not have: ").append(diff.newPoints()).append('\n');
    }
    return sb.toString();
  }

  static String where(RecordingDiff.Divergence d) {
    return String.format(
        Locale.ROOT,
        "'%s' %s, call %d, %s #%d, at %.3f s",
        d.point(),
        d.stream(),
        d.call(),
        d.lane(),
        d.position(),
        d.nanos() / 1e9);
  }

  private static String figures(RecordingDiff.LatencySummary s) {
    if (s.outputs() == 0) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        "%.1f/%.1f/%.1f",
        s.medianNanos() / 1e6,
        s.p95Nanos() / 1e6,
        s.maxNanos() / 1e6);
  }

  private static String abbreviate(String point) {
    return point.length() <= 32 ? point : point.substring(0, 29) + "...";
  }
}
