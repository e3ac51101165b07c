package dev.processors.examples;

import dev.processors.audio.VoiceActivityProcessor;
import dev.processors.audio.WavFileSource;
import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.SignalKind;
import dev.processors.live.LiveModelProcessor;
import dev.processors.live.TriggerMode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The voice agent over a turn-based model ({@code live-agent} with only {@code OPENAI_API_KEY}):
 * the same recorded user → VAD → one audio clip per utterance → {@link LiveModelProcessor} over an
 * OpenAI model that hears audio and answers in text. The barge-in cancels the answer while it
 * streams; the next prompt holds only what was said before the interruption.
 */
final class TurnBasedVoiceAgent {
  private TurnBasedVoiceAgent() {}

  /**
   * The answers, in order, how many times the user interrupted one, and the first failure of the
   * model if a turn failed (the live layer keeps the conversation going after a failed turn and
   * only says so in a status part; the example must not pass that off as a success).
   */
  record Result(List<String> answers, int interruptions, Optional<Throwable> modelFailure) {}

  static Result run(PrintStream out, Path userWav, double speed, Processor model) {
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    Processor recorded =
        (in, sink) -> {
          try {
            model.process(in, sink);
          } catch (CancellationException | InterruptedException e) {
            throw e; // a barge-in stopped this answer: not a failure
          } catch (Exception e) {
            if (!Thread.currentThread().isInterrupted()) {
              firstFailure.compareAndSet(null, e);
            }
            throw e;
          }
        };
    Clock clock = ScaledClock.of(speed);
    long start = clock.nanoTime();
    PartProcessor timeline =
        new PartProcessor() {
          @Override
          public void process(ProcessorPart part, dev.processors.core.PartSink sink) {
            say(
                out,
                clock,
                start,
                part.isSignal(SignalKind.START_OF_SPEECH)
                    ? "user starts speaking"
                    : "user stops speaking");
            sink.emit(part);
          }

          @Override
          public boolean matches(ProcessorPart part) {
            return part.isSignal(SignalKind.START_OF_SPEECH)
                || part.isSignal(SignalKind.END_OF_SPEECH);
          }
        };
    Processor agent =
        Processor.chain(
            VoiceActivityProcessor.create(),
            timeline,
            new UtteranceCollector(),
            LiveModelProcessor.builder(recorded)
                .trigger(TriggerMode.END_OF_SPEECH)
                .systemInstruction(
                    "You are a friendly voice assistant. Answer in two short sentences.")
                .clock(clock)
                .build());
    List<String> answers = new ArrayList<>();
    StringBuilder answer = new StringBuilder();
    int interruptions = 0;
    try (ProcessorRun run =
        agent.start(WavFileSource.builder(userWav).realTime(true).clock(clock).build())) {
      for (ProcessorPart part : run) {
        if (part.isText()
            && part.substream().isEmpty()
            && part.role().equals(ProcessorPart.MODEL)) {
          answer.append(part.text().orElseThrow());
        } else if (part.isSignal(SignalKind.INTERRUPTED)) {
          interruptions++;
          answers.add(answer.toString());
          say(out, clock, start, "agent interrupted after: " + answer.toString().strip());
          answer.setLength(0);
        } else if (part.isSignal(SignalKind.GENERATION_COMPLETE) && answer.length() > 0) {
          answers.add(answer.toString());
          say(out, clock, start, "agent says: " + answer.toString().strip());
          answer.setLength(0);
        } else if (part.isOutOfBand() && part.text().isPresent()) {
          say(out, clock, start, "(" + part.text().get() + ")");
        }
      }
    }
    return new Result(answers, interruptions, Optional.ofNullable(firstFailure.get()));
  }

  private static void say(PrintStream out, Clock clock, long start, String line) {
    out.printf("[%5.2f s] %s%n", (clock.nanoTime() - start) / 1e9, line);
  }
}
