package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of recording entry refuses a time, point, call or sequence number it cannot hold. */
class RecordingEntryTest {

  /** Builds one kind of entry from (nanos, point, call, seq). */
  interface Kind {
    RecordingEntry make(long nanos, String point, int call, long seq);
  }

  private static final ProcessorPart PART = ProcessorPart.text("x");

  static Stream<Kind> kinds() {
    return Stream.of(
        (n, p, c, s) -> new RecordingEntry.Started(n, p, c),
        (n, p, c, s) -> new RecordingEntry.Input(n, p, c, s, PART),
        (n, p, c, s) -> new RecordingEntry.Output(n, p, c, s, PART),
        (n, p, c, s) -> new RecordingEntry.Passed(n, p, c, s, PART),
        (n, p, c, s) -> new RecordingEntry.InputEnded(n, p, c),
        (n, p, c, s) -> new RecordingEntry.OutputEnded(n, p, c, Optional.empty()));
  }

  static Stream<Kind> kindsWithSeq() {
    return kinds().limit(4).skip(1);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void everyEntryRefusesANegativeTimeABlankPointAndANegativeCall(Kind kind) {
    assertThatThrownBy(() -> kind.make(-1, "p", 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nanos must not be negative, got -1");
    assertThatThrownBy(() -> kind.make(0, " ", 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a recorded point needs a name");
    assertThatThrownBy(() -> kind.make(0, "p", -2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("call must not be negative, got -2");
  }

  @ParameterizedTest
  @MethodSource("kindsWithSeq")
  void entriesWithASequenceNumberRefuseANegativeOne(Kind kind) {
    assertThatThrownBy(() -> kind.make(0, "p", 0, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seq must not be negative, got -3");
  }
}
