package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.processors.core.ProcessorPart;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer behind {@link WavFileSink} and {@link ConversationRecording}: what is on disk after
 * each write, and what it leaves open.
 */
class WavFileWriterTest {
  private static final PcmFormat MONO_16K = PcmFormat.mono(16_000);

  @TempDir Path dir;

  @Test
  void aGapIsFilledWithSilenceAndTheFileEndsAtItsLastSample() throws Exception {
    Path file = dir.resolve("gap.wav");
    byte[] head = new byte[100];
    Arrays.fill(head, (byte) 7);
    WavFileWriter w = WavFileWriter.create(file, MONO_16K);
    w.append(head);
    w.write(300, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0, 10); // 200 bytes after the end
    // Valid at every moment, not only once closed: the header counts exactly what the file holds.
    assertThat(Files.size(file)).isEqualTo(WavFile.HEADER_BYTES + 310);
    assertThat(riffAndDataSizes(file)).containsExactly(36 + 310, 310);
    w.close();
    byte[] data = WavFile.read(file).bytes();
    assertThat(Arrays.copyOfRange(data, 0, 100)).isEqualTo(head);
    assertThat(Arrays.copyOfRange(data, 100, 300)).containsOnly((byte) 0);
    assertThat(Arrays.copyOfRange(data, 300, 310)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void aNewRecordingOverALongerOldFileLeavesOnlyTheNewRecording() throws Exception {
    Path file = dir.resolve("reused.wav");
    Files.write(file, new byte[10_000]);
    WavFileSink.to(file).apply(List.of(ProcessorPart.audio(new byte[20], 16_000)));
    assertThat(Files.size(file)).isEqualTo(WavFile.HEADER_BYTES + 20);
    assertThat(WavFile.read(file).size()).isEqualTo(20);
  }

  @Test
  void writingOrReadingAfterCloseFailsAsAlreadyClosed() {
    WavFileWriter w = WavFileWriter.create(dir.resolve("closed.wav"), MONO_16K);
    w.close();
    w.close(); // idempotent
    assertThatThrownBy(() -> w.append(new byte[2]))
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("closed.wav is already closed");
    assertThatThrownBy(() -> w.read(0, 2)).hasMessageContaining("already closed");
  }

  @Test
  void aFileThatCannotBeCreatedFailsNamingItAndTheReason() {
    assertThatThrownBy(
            () -> WavFileSink.to(dir).apply(List.of(ProcessorPart.audio(new byte[2], 16_000))))
        .isInstanceOf(dev.processors.core.ProcessorException.class)
        .cause()
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("cannot write WAV file " + dir);
  }

  @Test
  void noFileStaysOpenAfterARunOrAFailedCreate() throws Exception {
    File fds = new File("/proc/self/fd");
    assumeTrue(fds.isDirectory(), "counts open files on Linux only");
    int before = fds.list().length;
    WavFileSink sink = WavFileSink.to(dir.resolve("again.wav"));
    for (int i = 0; i < 50; i++) {
      sink.apply(List.of(ProcessorPart.audio(new byte[4], 16_000)));
    }
    Path full = Path.of("/dev/full"); // opens, but every write fails: no space left
    if (Files.isWritable(full)) {
      for (int i = 0; i < 50; i++) {
        assertThatThrownBy(() -> WavFileWriter.create(full, MONO_16K))
            .isInstanceOf(AudioException.class)
            .hasMessageContaining("cannot write WAV file /dev/full");
      }
    }
    assertThat(fds.list().length - before).as("files left open").isLessThan(10);
  }

  @Test
  void theLargestDataARiffFileCanCountGetsAHeaderAndOneByteMoreIsRefused() {
    long largest = 0xFFFF_FFFFL - 36; // the RIFF size field counts 36 header bytes too
    ByteBuffer h =
        ByteBuffer.wrap(WavFile.header(MONO_16K, largest)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(Integer.toUnsignedLong(h.getInt(4))).isEqualTo(0xFFFF_FFFFL);
    assertThat(Integer.toUnsignedLong(h.getInt(40))).isEqualTo(largest);
    assertThatThrownBy(() -> WavFile.header(MONO_16K, largest + 1))
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("does not fit a RIFF file");
  }

  private static List<Integer> riffAndDataSizes(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    return List.of(b.getInt(4), b.getInt(40));
  }
}
