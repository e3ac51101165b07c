package dev.processors.examples;

import dev.processors.audio.AudioRateLimiter;
import dev.processors.audio.ConversationRecording;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.Recorder;
import dev.processors.core.Recording;
import dev.processors.core.RecordingDiff;
import dev.processors.core.RecordingEntry;
import dev.processors.core.Replay;
import dev.processors.core.SignalKind;
import dev.processors.core.VirtualClock;
import dev.processors.metrics.RealTimeMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replays a session recorded with {@code bin/run live-agent --record FILE} through today's agent:
 * the recorded microphone audio is fed in at its recorded times, the recorded model answers stand
 * in for the model, and everything else (VAD, speech gate, rate limiter, WAV file) runs for real on
 * a virtual clock. Prints the conversation on the replay's clock, then where the replay diverges
 * from the recording, and writes the latency report with the comparison.
 */
final class LiveAgentReplay {
  /** The label value that marks a live-agent recording. */
  static final String EXAMPLE = "live-agent";

  /** The substream of the model's transcription of what it says. */
  private static final String OUTPUT_TRANSCRIPTION = "output_transcription";

  private LiveAgentReplay() {}

  /** What a replay produced. */
  record Result(
      Replay.Result replay,
      RecordingDiff diff,
      Path report,
      Path audio,
      List<String> transcript,
      long interruptions) {}

  static Result run(PrintStream out, Recording recording, Path outDir) {
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + outDir, e);
    }
    Replay replay = Replay.builder(recording).input("agent").build();
    VirtualClock clock = replay.clock();
    RealTimeMetrics metrics = RealTimeMetrics.create(clock);
    AudioRateLimiter limiter =
        AudioRateLimiter.builder()
            .clock(metrics.clock())
            .playback(PlaybackTracker.create())
            .build();
    Path agentWav = outDir.resolve(LiveAgent.AGENT_WAV);
    Path conversationWav = outDir.resolve(LiveAgent.CONVERSATION_WAV);
    long started = System.nanoTime();
    Replay.Result result;
    try (ConversationRecording conversation =
        ConversationRecording.builder(conversationWav).clock(clock).build()) {
      LiveAgent.Agent agent =
          LiveAgent.agent(
              replay.recorder().record("model", replay.answers("model")),
              limiter,
              agentWav,
              conversation,
              metrics,
              new LiveAgent.Timeline(
                  new PrintStream(OutputStream.nullOutputStream()), clock, clock.nanoTime()));
      result =
          replay.run(
              agent.pipeline(), agent.options(metrics, Recorder.off()).withMaxPartsInFlight(1));
    }
    long took = System.nanoTime() - started;
    List<String> transcript = transcript(out, result.recording());
    RecordingDiff diff = result.diff();
    Path report = outDir.resolve(LiveAgent.REPORT);
    metrics.writeHtml(report, diff);
    out.printf(
        "replay: %.1f s of conversation replayed in %.2f s on a virtual clock%s%n",
        result.endedAtNanos() / 1e9,
        took / 1e9,
        result.failure().map(f -> "; the run failed: " + f.getMessage()).orElse(""));
    out.print(diff.toText().indent(2));
    out.println("replay: files written:");
    out.println("  " + agentWav + "  the agent's audio as the user heard it, back to back");
    out.println(
        "  " + conversationWav + "  the whole replayed conversation: user left, agent right");
    out.println("  " + report + "  the latency report with the comparison");
    return new Result(result, diff, report, agentWav, transcript, limiter.stats().interruptions());
  }

  /**
   * Prints what the user and the agent did, on the replay's clock, from the replay's recording: the
   * speech events the timeline stage saw and what the agent said.
   */
  private static List<String> transcript(PrintStream out, Recording replayed) {
    List<String> transcript = new ArrayList<>();
    List<RecordingEntry.Output> events = new ArrayList<>();
    for (String point : List.of("timeline", "agent")) {
      for (RecordingEntry e : replayed.entries(point)) {
        if (e instanceof RecordingEntry.Output o) {
          events.add(o);
        }
      }
    }
    events.sort(Comparator.comparingLong(RecordingEntry.Output::nanos));
    for (RecordingEntry.Output o : events) {
      ProcessorPart part = o.part();
      String line = null;
      if (o.point().equals("timeline")) {
        if (part.isSignal(SignalKind.START_OF_SPEECH)) {
          line = "user starts speaking";
        } else if (part.isSignal(SignalKind.END_OF_SPEECH)) {
          line = "user stops speaking";
        }
      } else if (part.substream().equals(OUTPUT_TRANSCRIPTION)) {
        transcript.add(part.text().orElse(""));
        line = "agent says: " + part.text().orElse("");
      } else if (part.isSignal(SignalKind.INTERRUPTED)) {
        line = "agent interrupted: it stops talking, queued audio is dropped";
      } else if (part.isSignal(SignalKind.END_OF_TURN)) {
        line = "agent finished its answer";
      }
      if (line != null) {
        out.printf("[%5.2f s] %s%n", o.nanos() / 1e9, line);
      }
    }
    return transcript;
  }
}
