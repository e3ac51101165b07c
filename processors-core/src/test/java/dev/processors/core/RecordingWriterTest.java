package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a reader gets back from what the recording writer and the file recorder wrote. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordingWriterTest {

  private static final long AT = Duration.ofMillis(1500).toNanos();

  private static RecordingWriter writer(Path file, Recorder.BlobStorage blobs, long maxBytes) {
    return new RecordingWriter(file, blobs, maxBytes, Instant.EPOCH, "test", Map.of());
  }

  private static void writeEnds(Path file, long maxBytes, int count) {
    try (RecordingWriter w = writer(file, Recorder.BlobStorage.INLINE, maxBytes)) {
      for (int i = 0; i < count; i++) {
        w.write(new RecordingEntry.InputEnded(AT, "p", 0));
      }
    }
  }

  private static byte[] bytes(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (seed + i * 7 + 1);
    }
    return b;
  }

  @Test
  void theWriterStopsExactlyWhenTheNextEntryWouldNotFitAndCountsWhatItLeftOut(@TempDir Path dir)
      throws IOException {
    Path probe = dir.resolve("probe.jsonl");
    writeEnds(probe, Long.MAX_VALUE, 2);
    List<String> lines = Files.readAllLines(probe, StandardCharsets.UTF_8);
    long header = lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1L;
    long entry = lines.get(1).getBytes(StandardCharsets.UTF_8).length + 1L;
    // Room for the header, exactly 100 entries and the 512 bytes kept for the closing line.
    long maxBytes = header + 100 * entry + 512;

    Path file = dir.resolve("limited.jsonl");
    writeEnds(file, maxBytes, 150);

    Recording r = Recording.read(file);
    assertThat(r.entries()).hasSize(100);
    assertThat(r.stopReason())
        .contains(
            "size limit of "
                + maxBytes
                + " bytes reached at 1.500 s; 50 later entries were not recorded");
    assertThat(Files.size(file)).isLessThanOrEqualTo(maxBytes);
  }

  @Test
  void blobsWrittenBesideCountTowardsTheSizeLimit(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("blobs.jsonl");
    try (RecordingWriter w = writer(file, Recorder.BlobStorage.BESIDE, 4096)) {
      for (int i = 0; i < 20; i++) {
        w.write(
            new RecordingEntry.Output(
                0, "p", 0, i, ProcessorPart.blob(bytes(1000, i), "application/octet-stream")));
      }
    }

    Recording r = Recording.read(file);
    assertThat(Files.size(file) + Files.size(dir.resolve("blobs.jsonl.blobs")))
        .isLessThanOrEqualTo(4096);
    assertThat(r.complete()).isFalse();
    assertThat(r.entries()).isNotEmpty().hasSizeLessThan(4);
    for (RecordingEntry e : r.entries()) {
      RecordingEntry.Output out = (RecordingEntry.Output) e;
      assertThat(out.part())
          .isEqualTo(ProcessorPart.blob(bytes(1000, (int) out.seq()), "application/octet-stream"));
    }
  }

  @Test
  void everyKindOfEntryReadsBackEqualWithLabelsAndTheReasonTheRecordingStopped(@TempDir Path dir) {
    List<RecordingEntry> entries =
        List.of(
            new RecordingEntry.Started(0, "agent", 0),
            new RecordingEntry.Started(1, "model", 0, "gemini-flash"),
            new RecordingEntry.Input(2, "model", 0, 0, ProcessorPart.text("q")),
            new RecordingEntry.Output(
                3, "model", 0, 0, ProcessorPart.blob(new byte[0], "application/octet-stream")),
            new RecordingEntry.Output(
                4, "model", 0, 1, ProcessorPart.blob(bytes(5, 3), "application/octet-stream")),
            new RecordingEntry.Passed(5, "mic", 0, 0, ProcessorPart.blob(bytes(7, 9), "image/png")),
            new RecordingEntry.InputEnded(6, "model", 0),
            new RecordingEntry.OutputEnded(7, "model", 0, Optional.of("IllegalStateException: x")),
            new RecordingEntry.OutputEnded(8, "agent", 0, Optional.empty()));
    Recording original =
        RecordedSession.of(
            entries, Map.of("example", "live-agent"), Optional.of("stopped by hand"));

    for (Recorder.BlobStorage blobs : Recorder.BlobStorage.values()) {
      Path file = dir.resolve("all-" + blobs + ".jsonl");
      original.write(file, blobs);
      Recording read = Recording.read(file);
      assertThat(read.entries()).as(blobs.name()).containsExactlyElementsOf(entries);
      assertThat(read.labels()).as(blobs.name()).containsEntry("example", "live-agent");
      assertThat(read.stopReason()).as(blobs.name()).contains("stopped by hand");
    }
  }

  @Test
  void aTruncatedBlobFileIsReportedAsTruncated(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cut.jsonl");
    Recording.of(
            List.of(
                new RecordingEntry.Output(
                    0, "p", 0, 0, ProcessorPart.blob(bytes(100, 1), "application/octet-stream"))))
        .write(file, Recorder.BlobStorage.BESIDE);
    try (FileChannel ch =
        FileChannel.open(dir.resolve("cut.jsonl.blobs"), StandardOpenOption.WRITE)) {
      ch.truncate(99);
    }

    assertThatThrownBy(() -> Recording.read(file))
        .hasMessageContaining("lies beyond the end of")
        .hasMessageContaining("(99 bytes): the blob file is truncated");
  }

  @Test
  void aLineAfterTheClosingLineIsRefusedNamingItsLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("extra.jsonl");
    Recording.of(List.of(new RecordingEntry.Started(0, "agent", 0))).write(file);
    int count = Files.readAllLines(file).size();
    Files.writeString(file, "{\"kind\":\"started\"}\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> Recording.read(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessage(file + " line " + (count + 1) + ": a line follows the closing line");
  }

  @Test
  void anErrorAboutTheWholeFileNamesTheFileWithoutALine(@TempDir Path dir) {
    Path missing = dir.resolve("missing.jsonl");
    assertThatThrownBy(() -> Recording.read(missing))
        .isInstanceOfSatisfying(
            RecordingFormatException.class,
            e -> {
              assertThat(e.file()).isEqualTo(missing.toString());
              assertThat(e.line()).isZero();
              assertThat(e.getMessage()).startsWith(missing + ": ");
            });
  }

  @Test
  void aFileRecorderIsReadableWhileItRecordsAndCompleteOnceClosed(@TempDir Path dir)
      throws InterruptedException {
    Path file = dir.resolve("live.jsonl");
    ActiveRecorder recorder =
        (ActiveRecorder) Recorder.toFile(file).clock(VirtualClock.create()).build();
    assertThat(recorder.recording().entries()).isEmpty();
    recorder.add("mic", 0, EntrySink.Kind.PASS, ProcessorPart.text("a"), null);
    recorder.add("mic", 0, EntrySink.Kind.PASS, ProcessorPart.text("b"), null);

    // The writer flushes whenever it has caught up, so what was recorded is on disk soon.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Recording soFar = recorder.recording();
    while (soFar.entries().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5);
      soFar = recorder.recording();
    }
    assertThat(soFar.entries())
        .containsExactly(
            new RecordingEntry.Passed(0, "mic", 0, 0, ProcessorPart.text("a")),
            new RecordingEntry.Passed(0, "mic", 0, 1, ProcessorPart.text("b")));
    assertThat(soFar.complete()).isFalse(); // no closing line yet

    recorder.close();
    assertThat(recorder.recording().complete()).isTrue();
    assertThat(recorder.recording().entries()).hasSize(2);
    assertThat(recorder.entries()).isEqualTo(2);
    assertThat(recorder.stopReason()).isEmpty();
  }

  @Test
  void aBurstLargerThanTheWritersQueueLosesNoEntry(@TempDir Path dir) {
    Path file = dir.resolve("burst.jsonl");
    int count = 3 * ActiveRecorder.QUEUE_CAPACITY;
    try (Recorder recorder = Recorder.toFile(file).clock(VirtualClock.create()).build()) {
      ActiveRecorder active = (ActiveRecorder) recorder;
      for (int i = 0; i < count; i++) {
        active.add("mic", 0, EntrySink.Kind.PASS, ProcessorPart.text("part " + i), null);
      }
      assertThat(recorder.entries()).isEqualTo(count);
    }
    Recording r = Recording.read(file);
    assertThat(r.entries()).hasSize(count);
    assertThat(r.entries().get(count - 1))
        .isEqualTo(
            new RecordingEntry.Passed(
                0, "mic", 0, count - 1, ProcessorPart.text("part " + (count - 1))));
  }

  @Test
  void aFileRecorderPastItsSizeLimitSaysWhy(@TempDir Path dir) {
    Path file = dir.resolve("full.jsonl");
    Recorder recorder = Recorder.toFile(file).clock(VirtualClock.create()).maxBytes(4096).build();
    ActiveRecorder active = (ActiveRecorder) recorder;
    for (int i = 0; i < 200; i++) {
      active.add("mic", 0, EntrySink.Kind.PASS, ProcessorPart.text("part " + i), null);
    }
    recorder.close();

    assertThat(recorder.stopReason()).hasValueSatisfying(s -> assertThat(s).contains("4096"));
    assertThat(recorder.recording().stopReason()).isEqualTo(recorder.stopReason());
  }

  @Test
  void closingAFileRecorderFromAnInterruptedThreadCompletesTheFileAndKeepsTheInterrupt(
      @TempDir Path dir) {
    Path file = dir.resolve("interrupted.jsonl");
    Recorder recorder = Recorder.toFile(file).clock(VirtualClock.create()).build();
    ((ActiveRecorder) recorder).add("mic", 0, EntrySink.Kind.PASS, ProcessorPart.text("a"), null);

    Thread.currentThread().interrupt();
    try {
      recorder.close();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    Recording r = Recording.read(file);
    assertThat(r.complete()).isTrue();
    assertThat(r.entries()).hasSize(1);
  }

  @Test
  void aFileRecorderNeedsRoomForAtLeast4096Bytes(@TempDir Path dir) {
    Recorder.Builder b = Recorder.toFile(dir.resolve("r.jsonl"));
    assertThat(b.maxBytes(4096)).isSameAs(b);
    assertThatThrownBy(() -> b.maxBytes(4095))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be at least 4096, got 4095");
  }

  @Test
  void aRecordingDescribesItselfByItsSizePointsAndWhyItStopped() {
    List<RecordingEntry> entries =
        List.of(new RecordingEntry.Started(0, "a", 0), new RecordingEntry.Started(0, "b", 0));
    assertThat(Recording.of(entries).toString()).isEqualTo("Recording[2 entries, points [a, b]]");
    assertThat(RecordedSession.of(entries, Map.of(), Optional.of("full")).toString())
        .isEqualTo("Recording[2 entries, points [a, b], stopped: full]");
  }
}
