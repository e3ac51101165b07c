package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.PartQueue;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The WAV sink's file is valid at every moment, so no way of stopping a run can break it. */
@Timeout(60)
class WavFileSinkTest {
  private static final PcmFormat MONO_24K = PcmFormat.mono(24_000);

  @TempDir Path dir;

  @Test
  void theFileOnDiskHoldsEveryPartWrittenSoFarWhileTheRunGoesOn() throws Exception {
    Path file = dir.resolve("live.wav");
    PartQueue input = PartQueue.create();
    List<PcmAudio> written = new ArrayList<>();
    try (ProcessorRun run = WavFileSink.to(file).start(input)) {
      Iterator<ProcessorPart> out = run.iterator();
      for (int i = 0; i < 4; i++) {
        PcmAudio chunk = Signals.noise(MONO_24K, 0.2, Duration.ofMillis(30 + 7 * i), i);
        written.add(chunk);
        input.put(chunk.toPart());
        out.next(); // the sink passes a part on only after writing it
        assertThat(WavFile.read(file)).as("after part %d", i).isEqualTo(PcmAudio.concat(written));
        long dataBytes = PcmAudio.concat(written).size();
        assertThat(Files.size(file)).isEqualTo(WavFile.HEADER_BYTES + dataBytes);
        assertThat(declaredSizes(file))
            .as("the header's RIFF and data sizes, for players that trust them")
            .containsExactly(WavFile.HEADER_BYTES - 8 + dataBytes, dataBytes);
      }
    } // the run is still open here: closing it is not what makes the file valid
  }

  @Test
  void aProcessTerminatedMidRunLikeCtrlCLeavesAValidFile() throws Exception {
    assertKilledWriterLeavesAValidFile(false);
  }

  @Test
  void aProcessKilledMidRunLeavesAValidFile() throws Exception {
    assertKilledWriterLeavesAValidFile(true);
  }

  /** The RIFF size and the data size that the file's header declares. */
  private static long[] declaredSizes(Path file) throws Exception {
    ByteBuffer header =
        ByteBuffer.wrap(Files.readAllBytes(file), 0, WavFile.HEADER_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    return new long[] {
      Integer.toUnsignedLong(header.getInt(4)), Integer.toUnsignedLong(header.getInt(40))
    };
  }

  /**
   * Runs {@link WavSinkWriterProcess} in a child JVM, kills it after a few parts, reads its file.
   */
  private void assertKilledWriterLeavesAValidFile(boolean forcibly) throws Exception {
    Path file = dir.resolve(forcibly ? "killed.wav" : "terminated.wav");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                WavSinkWriterProcess.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    int parts = 0;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null && parts < 5) {
        if (line.startsWith("written ")) {
          parts = Integer.parseInt(line.substring("written ".length()));
        }
      }
      assertThat(parts).as("the child wrote parts before it was stopped").isEqualTo(5);
      if (forcibly) {
        child.destroyForcibly(); // SIGKILL: nothing runs after it
      } else {
        child.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM exits without unwinding the run
      }
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    long[] sizes = declaredSizes(file);
    assertThat(sizes[1]).as("the header's data size").isPositive();
    assertThat(sizes[0]).isEqualTo(WavFile.HEADER_BYTES - 8 + sizes[1]);
    assertThat(WavFile.HEADER_BYTES + sizes[1]).isLessThanOrEqualTo(Files.size(file));
    PcmAudio audio = WavFile.read(file);
    assertThat(audio.size()).isEqualTo(sizes[1]);
    assertThat(audio.format()).isEqualTo(WavSinkWriterProcess.FORMAT);
    long partBytes = WavSinkWriterProcess.part(0).size();
    assertThat(audio.size() % partBytes).as("whole parts only").isZero();
    long written = audio.size() / partBytes;
    assertThat(written).isGreaterThanOrEqualTo(5);
    int frames = (int) (partBytes / WavSinkWriterProcess.FORMAT.frameBytes());
    for (int i = 0; i < written; i++) {
      assertThat(audio.slice(i * frames, (i + 1) * frames)).isEqualTo(WavSinkWriterProcess.part(i));
    }
  }
}
