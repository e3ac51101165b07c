package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordingFileTest {

  /** Records a small run through two stages on a virtual clock that never moves. */
  private static Path record(Path file, Recorder.BlobStorage blobs, long maxBytes) {
    VirtualClock clock = Clock.virtual();
    try (Recorder recorder =
        Recorder.toFile(file).clock(clock).blobs(blobs).maxBytes(maxBytes).build()) {
      Processor echo = (in, out) -> in.forEach(out::emit);
      Processor pipeline =
          Processor.chain(recorder.point("mic"), echo.named("first"), echo.named("second"));
      RunOptions options = RunOptions.defaults().withStageDecorator(recorder.stages());
      List<ProcessorPart> input = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        input.add(ProcessorPart.audio(new byte[640], 16_000).withMetadata("chunk", i));
      }
      input.add(ProcessorPart.text("done").withRole(ProcessorPart.MODEL));
      input.add(ProcessorPart.functionCall("c1", "lookup", "{\"city\":\"Paris\"}"));
      try (ProcessorRun run = pipeline.start(input, options)) {
        assertThat(run.toList()).hasSize(22);
      }
    }
    return file;
  }

  private static Path record(Path file) {
    return record(file, Recorder.BlobStorage.INLINE, 1 << 20);
  }

  private static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  @Test
  void aRecordingReadsBackEveryPartUnchangedWithItsPointCallAndPosition(@TempDir Path dir) {
    Recording r = Recording.read(record(dir.resolve("run.jsonl")));
    assertThat(r.version()).isEqualTo(Recording.FORMAT_VERSION);
    assertThat(r.complete()).isTrue();
    assertThat(r.points()).contains("mic", "first", "second");
    List<RecordingEntry> first = r.entries("first");
    assertThat(first.get(0)).isInstanceOf(RecordingEntry.Started.class);
    RecordingEntry.Input in = (RecordingEntry.Input) first.get(1);
    assertThat(in.seq()).isZero();
    assertThat(in.part())
        .isEqualTo(ProcessorPart.audio(new byte[640], 16_000).withMetadata("chunk", 0));
    assertThat(first.getLast())
        .isEqualTo(new RecordingEntry.OutputEnded(0, "first", 0, java.util.Optional.empty()));
    long passes = r.entries("mic").stream().filter(e -> e instanceof RecordingEntry.Passed).count();
    assertThat(passes).isEqualTo(22);
  }

  @Test
  void blobsRecordedBesideAreStoredOnceAndReadBackEqual(@TempDir Path dir) throws IOException {
    Recording inline = Recording.read(record(dir.resolve("inline.jsonl")));
    Path beside = record(dir.resolve("beside.jsonl"), Recorder.BlobStorage.BESIDE, 1 << 20);
    Recording read = Recording.read(beside);

    assertThat(read.points()).containsExactlyInAnyOrderElementsOf(inline.points());
    for (String point : inline.points()) {
      assertThat(read.entries(point)).as(point).isEqualTo(inline.entries(point));
    }
    // Each chunk crossed five recorded places (mic, first in/out, second in/out): stored once.
    assertThat(Files.size(dir.resolve("beside.jsonl.blobs"))).isEqualTo(20 * 640);
    assertThat(Files.size(beside)).isLessThan(Files.size(dir.resolve("inline.jsonl")) / 2);
  }

  @Test
  void aCompressedRecordingKeepsItsBlobsCompressedBesideIt(@TempDir Path dir) {
    Recording inline = Recording.read(record(dir.resolve("inline.jsonl")));
    Path file = dir.resolve("copy.jsonl.gz");
    inline.write(file, Recorder.BlobStorage.BESIDE);
    assertThat(dir.resolve("copy.jsonl.gz.blobs.gz")).exists();
    Recording read = Recording.read(file);
    for (String point : inline.points()) {
      assertThat(read.entries(point)).as(point).isEqualTo(inline.entries(point));
    }
  }

  @Test
  void aRecordingStopsAtItsSizeLimitAndSaysSo(@TempDir Path dir) throws IOException {
    Path file = record(dir.resolve("small.jsonl"), Recorder.BlobStorage.INLINE, 8192);
    assertThat(Files.size(file)).isLessThanOrEqualTo(8192);
    Recording r = Recording.read(file);
    assertThat(r.complete()).isFalse();
    assertThat(r.stopReason().orElseThrow())
        .contains("size limit of 8192 bytes")
        .contains("later entries were not recorded");
  }

  @Test
  void aCorruptedLineFailsNamingTheFileAndTheLine(@TempDir Path dir) throws IOException {
    Path file = record(dir.resolve("run.jsonl"));
    List<String> lines = lines(file);
    lines.set(4, "#garbage#" + lines.get(4));
    Files.write(file, lines);

    assertThatThrownBy(() -> Recording.read(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageStartingWith(file + " line 5: not valid JSON")
        .satisfies(e -> assertThat(((RecordingFormatException) e).line()).isEqualTo(5));
    // Reading leniently does not hide damage before the last line.
    assertThatThrownBy(() -> Recording.readTruncated(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("line 5");
  }

  @Test
  void aLineWithABadPartFailsNamingTheLineAndTheField(@TempDir Path dir) throws IOException {
    Path file = record(dir.resolve("run.jsonl"));
    List<String> lines = lines(file);
    int target = 1;
    while (!lines.get(target - 1).contains("\"content\":{\"type\":\"blob\"")) {
      target++;
    }
    lines.set(
        target - 1,
        lines
            .get(target - 1)
            .replace("\"content\":{\"type\":\"blob\"", "\"content\":{\"type\":\"hologram\""));
    Files.write(file, lines);
    assertThatThrownBy(() -> Recording.read(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("line " + target + ": bad part")
        .hasMessageContaining("hologram");
  }

  @Test
  void aRecordingCutMidLineFailsClearlyAndReadsUpToTheCutWhenAsked(@TempDir Path dir)
      throws IOException {
    Path file = record(dir.resolve("run.jsonl"));
    byte[] bytes = Files.readAllBytes(file);
    List<String> lines = lines(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - lines.getLast().length() - 40));
    int cut = lines.size() - 1; // the line before the closing line, cut short

    assertThatThrownBy(() -> Recording.read(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining(
            "line " + cut + ": the line is cut short: the recording is truncated");
    Recording salvaged = Recording.readTruncated(file);
    assertThat(salvaged.entries()).hasSize(cut - 2);
    assertThat(salvaged.stopReason()).contains("cut short after line " + (cut - 1));
  }

  @Test
  void aRecordingWithoutItsClosingLineIsRefusedAsTruncated(@TempDir Path dir) throws IOException {
    Path file = record(dir.resolve("run.jsonl"));
    List<String> lines = lines(file);
    lines.removeLast();
    Files.write(file, lines);
    assertThatThrownBy(() -> Recording.read(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("line " + lines.size())
        .hasMessageContaining("without its closing line: it was cut short");
    assertThat(Recording.readTruncated(file).entries()).hasSize(lines.size() - 1);
  }

  @Test
  void aCompressedRecordingCutShortIsRefusedAsTruncated(@TempDir Path dir) throws IOException {
    Path file = record(dir.resolve("run.jsonl.gz"));
    assertThat(Recording.read(file).complete()).isTrue();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 12)); // the trailer and a little more
    assertThatThrownBy(() -> Recording.read(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("truncated");
    assertThat(Recording.readTruncated(file).entries()).isNotEmpty();
  }

  @Test
  void aRecordingOfAnOlderFormatVersionIsRefusedClearly(@TempDir Path dir) throws IOException {
    Path file = record(dir.resolve("run.jsonl"));
    List<String> lines = lines(file);
    lines.set(0, lines.get(0).replace("\"version\":1", "\"version\":0"));
    Files.write(file, lines);
    assertThatThrownBy(() -> Recording.read(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessage(
            file
                + " line 1: recording format version 0 is older than this library reads (version"
                + " 1): record the session again with this version");
  }

  @Test
  void aRecordingOfANewerFormatVersionIsRefusedClearly(@TempDir Path dir) throws IOException {
    Path file = record(dir.resolve("run.jsonl"));
    List<String> lines = lines(file);
    lines.set(0, lines.get(0).replace("\"version\":1", "\"version\":2"));
    Files.write(file, lines);
    assertThatThrownBy(() -> Recording.read(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining(
            "line 1: recording format version 2 is newer than this library reads");
  }

  @Test
  void aFileThatIsNotARecordingIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("notes.jsonl");
    Files.writeString(file, "{\"hello\":\"world\"}\n");
    assertThatThrownBy(() -> Recording.read(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("line 1: not a processors recording");
    Files.writeString(file, "");
    assertThatThrownBy(() -> Recording.read(file)).hasMessageContaining("the file is empty");
    assertThatThrownBy(() -> Recording.read(dir.resolve("missing.jsonl")))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void aMissingBlobFileIsNamed(@TempDir Path dir) throws IOException {
    Path file = record(dir.resolve("run.jsonl"), Recorder.BlobStorage.BESIDE, 1 << 20);
    Files.delete(dir.resolve("run.jsonl.blobs"));
    assertThatThrownBy(() -> Recording.read(file))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("line 1: its blob file")
        .hasMessageContaining("is missing");
  }

  @Test
  void anInMemoryRecordingWrittenToAFileReadsBackEqual(@TempDir Path dir) {
    Recording original = Recording.read(record(dir.resolve("run.jsonl")));
    Path copy = dir.resolve("copy.jsonl.gz");
    original.write(copy);
    Recording read = Recording.read(copy);
    assertThat(read.entries()).isEqualTo(original.entries());
  }

  @Test
  void recordingDoesNotChangeWhatAPipelineEmits(@TempDir Path dir) {
    List<ProcessorPart> input =
        List.of(
            ProcessorPart.text("a"),
            ProcessorPart.status("working"),
            ProcessorPart.text("b"),
            ProcessorPart.endOfTurn());
    Processor pipeline =
        Processor.chain(
            Processors.mapText(String::toUpperCase), (in, out) -> in.forEach(out::emit));
    List<ProcessorPart> plain = pipeline.apply(input);
    List<ProcessorPart> recorded;
    try (Recorder recorder = Recorder.toFile(dir.resolve("r.jsonl")).build();
        ProcessorRun run =
            recorder
                .record("all", pipeline)
                .start(input, RunOptions.defaults().withStageDecorator(recorder.stages()))) {
      recorded = run.toList();
    }
    assertThat(recorded).containsExactlyInAnyOrderElementsOf(plain);
    assertThat(textsOfData(recorded)).isEqualTo(textsOfData(plain));
  }

  @Test
  void aRecorderThatIsOffHandsBackWhatItIsGiven() {
    Processor p = (in, out) -> {};
    Recorder off = Recorder.off();
    assertThat(off.record("x", p)).isSameAs(p);
    assertThat(off.stages()).isSameAs(StageDecorator.none());
    assertThat(off.point("x")).isSameAs(Processors.passThrough());
    assertThat(off.isOn()).isFalse();
    assertThatThrownBy(() -> off.record(" ", p)).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> textsOfData(List<ProcessorPart> parts) {
    return TestProcessors.textsOf(parts.stream().filter(p -> !p.isOutOfBand()).toList());
  }
}
