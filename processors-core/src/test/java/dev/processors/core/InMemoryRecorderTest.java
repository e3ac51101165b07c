package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What an in-memory recorder hands back: entries, calls, positions, times, endings. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InMemoryRecorderTest {

  private static final Processor UPPER = Processors.mapText(t -> t.toUpperCase()).named("upper");

  private static List<ProcessorPart> texts(String... texts) {
    return java.util.Arrays.stream(texts).map(ProcessorPart::text).toList();
  }

  @Test
  void aRecordedProcessorCallIsItsStartInputsOutputsAndEndsTimedFromTheRecorderStart() {
    VirtualClock clock = VirtualClock.create();
    clock.advance(Duration.ofSeconds(5)); // the recorder's times count from its own start
    Recorder recorder = Recorder.inMemory(clock);

    List<ProcessorPart> out = recorder.record("agent", UPPER).apply(texts("a", "b"));

    assertThat(out).containsExactlyElementsOf(texts("A", "B"));
    Recording r = recorder.recording();
    assertThat(r.entries())
        .containsExactlyInAnyOrder(
            new RecordingEntry.Started(0, "agent", 0, "upper"),
            new RecordingEntry.Input(0, "agent", 0, 0, ProcessorPart.text("a")),
            new RecordingEntry.Input(0, "agent", 0, 1, ProcessorPart.text("b")),
            new RecordingEntry.Output(0, "agent", 0, 0, ProcessorPart.text("A")),
            new RecordingEntry.Output(0, "agent", 0, 1, ProcessorPart.text("B")),
            new RecordingEntry.InputEnded(0, "agent", 0),
            new RecordingEntry.OutputEnded(0, "agent", 0, Optional.empty()));
    assertThat(recorder.isOn()).isTrue();
    assertThat(recorder.entries()).isEqualTo(7);
    assertThat(recorder.stopReason()).isEmpty();
    assertThat(recorder.toString()).isEqualTo("Recorder[7 entries]");
    recorder.close();
    assertThat(recorder.toString()).isEqualTo("Recorder[7 entries, closed]");
  }

  @Test
  void eachRunOfARecordedProcessorIsANewCall() {
    Recorder recorder = Recorder.inMemory(VirtualClock.create());
    Processor recorded = recorder.record("agent", UPPER);

    recorded.apply(texts("a"));
    recorded.apply(texts("b"));

    Recording r = recorder.recording();
    assertThat(r.calls("agent")).isEqualTo(2);
    assertThat(r.entries("agent"))
        .contains(
            new RecordingEntry.Output(0, "agent", 0, 0, ProcessorPart.text("A")),
            new RecordingEntry.Output(0, "agent", 1, 0, ProcessorPart.text("B")));
  }

  @Test
  void aRecordedPipelineKeepsItsNameAndRecordsItsCallAsOne() {
    Recorder recorder = Recorder.inMemory(VirtualClock.create());
    Processor pipeline = UPPER.andThen(Processors.mapText(t -> t + "!").named("bang"));
    Processor recorded = recorder.record("agent", pipeline);

    assertThat(recorded.name()).isEqualTo(pipeline.name());
    assertThat(recorded.apply(texts("a", "b"))).containsExactlyElementsOf(texts("A!", "B!"));

    List<RecordingEntry> entries = recorder.recording().entries("agent");
    assertThat(entries.get(0))
        .isEqualTo(new RecordingEntry.Started(0, "agent", 0, pipeline.name()));
    assertThat(entries)
        .contains(
            new RecordingEntry.Output(0, "agent", 0, 0, ProcessorPart.text("A!")),
            new RecordingEntry.Output(0, "agent", 0, 1, ProcessorPart.text("B!")));
    assertThat(entries.get(entries.size() - 1))
        .isEqualTo(new RecordingEntry.OutputEnded(0, "agent", 0, Optional.empty()));
  }

  @Test
  void aRecordedPipelineThatFailsRecordsTheFailureAsItsEnd() {
    Recorder recorder = Recorder.inMemory(VirtualClock.create());
    Processor failing =
        (in, out) -> {
          in.forEach(out::emit);
          throw new IllegalStateException("boom");
        };
    Processor recorded = recorder.record("agent", UPPER.andThen(failing.named("failing")));

    assertThatThrownBy(() -> recorded.apply(texts("a"))).hasMessageContaining("boom");

    List<RecordingEntry> entries = recorder.recording().entries("agent");
    RecordingEntry last = entries.get(entries.size() - 1);
    assertThat(last).isInstanceOf(RecordingEntry.OutputEnded.class);
    assertThat(((RecordingEntry.OutputEnded) last).error())
        .hasValueSatisfying(e -> assertThat(e).contains("IllegalStateException: boom"));
  }

  @Test
  void aPointRecordsEachPartThatCrossesItUnderItsName() {
    Recorder recorder = Recorder.inMemory(VirtualClock.create());
    PartProcessor tap = recorder.point("mic");

    assertThat(tap.name()).isEqualTo("mic");
    assertThat(Processor.chain(tap, UPPER).apply(texts("a", "b")))
        .containsExactlyElementsOf(texts("A", "B"));
    assertThat(recorder.recording().entries("mic"))
        .containsExactly(
            new RecordingEntry.Passed(0, "mic", 0, 0, ProcessorPart.text("a")),
            new RecordingEntry.Passed(0, "mic", 0, 1, ProcessorPart.text("b")));
  }

  @Test
  void cancellationAndAClosedDownstreamAreRecordedAsSuch() {
    assertThat(RecordingTaps.describe(new CancellationException())).isEqualTo("cancelled");
    assertThat(RecordingTaps.describe(new InterruptedException())).isEqualTo("cancelled");
    assertThat(RecordingTaps.describe(new DownstreamClosedException()))
        .isEqualTo("downstream closed");
    assertThat(RecordingTaps.describe(new IllegalArgumentException("bad")))
        .isEqualTo("IllegalArgumentException: bad");
  }

  @Test
  void aClosedRecorderIgnoresNewEventsAndItsRecordingCanBeReadFromAnyThread() throws Exception {
    Recorder recorder = Recorder.inMemory(VirtualClock.create());
    Processor recorded = recorder.record("agent", UPPER);
    recorded.apply(texts("a"));
    Recording before = recorder.recording(); // read on this thread, while recording goes on
    recorded.apply(texts("b")); // recorded on the run's threads
    recorder.close();
    recorded.apply(texts("c"));

    AtomicReference<Recording> read = new AtomicReference<>();
    Thread reader = Thread.ofVirtual().start(() -> read.set(recorder.recording()));
    reader.join();

    assertThat(before.calls("agent")).isEqualTo(1);
    assertThat(read.get().calls("agent")).isEqualTo(2);
    assertThat(recorder.entries()).isEqualTo(read.get().entries().size());
  }

  @Test
  void aCallEndedByItsDownstreamStoppingIsRecordedAsDownstreamClosed() {
    Recorder recorder = Recorder.inMemory(VirtualClock.create());
    Processor endless =
        (in, out) -> {
          for (int i = 0; ; i++) {
            out.emit(ProcessorPart.text("part " + i));
          }
        };
    Processor firstOnly = (in, out) -> out.emit(in.next());

    List<ProcessorPart> out =
        Processor.chain(recorder.record("producer", endless.named("endless")), firstOnly)
            .apply(texts("x"));

    assertThat(out).containsExactly(ProcessorPart.text("part 0"));
    List<RecordingEntry> entries = recorder.recording().entries("producer");
    assertThat(entries.get(entries.size() - 1))
        .isEqualTo(
            new RecordingEntry.OutputEnded(0, "producer", 0, Optional.of("downstream closed")));
  }

  @Test
  void theOffRecorderRecordsNothing() {
    Recorder off = Recorder.off();
    assertThat(off.isOn()).isFalse();
    assertThat(off.recording().entries()).isEmpty();
    assertThat(off.toString()).isEqualTo("Recorder.off()");
  }
}
