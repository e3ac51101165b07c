package dev.processors.audio;

import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;

/**
 * A child process for {@link WavFileSinkTest}: writes parts to a WAV sink for ever, printing {@code
 * written N} after the N-th part has passed the sink, until it is killed.
 */
final class WavSinkWriterProcess {
  static final PcmFormat FORMAT = PcmFormat.mono(16_000);

  private WavSinkWriterProcess() {}

  /** The i-th part's audio: 20 ms of noise from seed i. */
  static PcmAudio part(int i) {
    return Signals.noise(FORMAT, 0.2, Duration.ofMillis(20), i);
  }

  public static void main(String[] args) throws Exception {
    Iterable<ProcessorPart> endless =
        () ->
            new Iterator<>() {
              int next;

              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public ProcessorPart next() {
                return part(next++).toPart();
              }
            };
    try (ProcessorRun run = WavFileSink.to(Path.of(args[0])).start(endless)) {
      int n = 0;
      for (ProcessorPart ignored : run) {
        System.out.println("written " + ++n);
        System.out.flush();
        Thread.sleep(5);
      }
    }
  }
}
