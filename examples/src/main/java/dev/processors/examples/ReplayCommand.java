package dev.processors.examples;

import dev.processors.core.Recorder;
import dev.processors.core.Recording;
import dev.processors.core.Replay;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code bin/run replay FILE [OUTDIR] [--save FILE]}: replays a session an example recorded ({@code
 * bin/run live-agent --record FILE}) through today's code on a virtual clock, prints where it
 * diverges from the recording and writes the report. Exits with an error when the outputs diverge,
 * so it can guard a change. {@code --save} writes what the replay recorded (audio beside,
 * compressed when the name ends in .gz): a recording whose replay is exact, for a regression test.
 */
final class ReplayCommand {
  private ReplayCommand() {}

  static void main(String[] args) {
    List<String> rest = new ArrayList<>(List.of(args));
    Optional<Path> save = Optional.empty();
    int flag = rest.indexOf("--save");
    if (flag >= 0) {
      if (flag + 1 >= rest.size()) {
        throw new IllegalArgumentException("--save needs a file: bin/run replay FILE --save OUT");
      }
      save = Optional.of(Path.of(rest.remove(flag + 1)));
      rest.remove(flag);
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(
          "which recording? bin/run replay FILE [OUTDIR] (make one with bin/run live-agent"
              + " --record FILE)");
    }
    Path file = Path.of(rest.get(0));
    Path outDir = Path.of(rest.size() > 1 ? rest.get(1) : "target/replay");
    Recording recording = Recording.read(file);
    String example = recording.label("example").orElse("(none)");
    System.out.printf(
        "replay: %s, recorded %s by example %s (%s), %d entries%s%n",
        file,
        recording.label(Replay.RECORDED_AT_LABEL).orElse(recording.startedAt().toString()),
        example,
        recording.label("model").orElse("model unknown"),
        recording.entries().size(),
        recording.stopReason().map(r -> "; recording stopped early: " + r).orElse(""));
    if (!example.equals(LiveAgentReplay.EXAMPLE)) {
      throw new IllegalArgumentException(
          "the recording was made by example '"
              + example
              + "'; this command replays recordings of: "
              + LiveAgentReplay.EXAMPLE);
    }
    LiveAgentReplay.Result result = LiveAgentReplay.run(System.out, recording, outDir);
    if (save.isPresent()) {
      result.replay().recording().write(save.get(), Recorder.BlobStorage.BESIDE);
      System.out.println("replay: the replay's own recording -> " + save.get());
    }
    boolean exact = recording.label(Replay.REPLAYED_LABEL).isPresent();
    if (!result.diff().sameOutputs() && !exact) {
      System.out.println(
          "replay: a live recording also holds what a virtual clock does not reproduce (processing"
              + " time, control signals that overtook queued audio), so some divergence is"
              + " expected; save this replay with --save FILE for an exact baseline");
    } else if (!result.diff().sameOutputs()) {
      throw new IllegalStateException(
          "the replay diverges from the recording (first: "
              + result.diff().firstDivergence().map(d -> d.point() + " " + d.stream()).orElse("")
              + "); see above");
    }
  }
}
