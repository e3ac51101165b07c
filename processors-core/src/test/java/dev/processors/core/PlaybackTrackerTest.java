package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the audio side reports about playback and what the live layer reads back. */
class PlaybackTrackerTest {

  @Test
  void heardTimeAddsUpOverTheChunksReleasedForAnUtterance() {
    PlaybackTracker playback = PlaybackTracker.create();
    playback.released("u1", Duration.ofMillis(120));
    playback.released("u1", Duration.ofMillis(80));
    playback.released("u2", Duration.ofMillis(5));
    assertThat(playback.heard("u1")).isEqualTo(Duration.ofMillis(200));
    assertThat(playback.heardIfTracked("u1")).contains(Duration.ofMillis(200));
    assertThat(playback.heard("u2")).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void anUtteranceNobodyReportedOnWasNotHeardAndIsNotTracked() {
    PlaybackTracker playback = PlaybackTracker.create();
    assertThat(playback.heard("unknown")).isEqualTo(Duration.ZERO);
    assertThat(playback.heardIfTracked("unknown")).isEmpty();
    assertThat(playback.hasEnded("unknown")).isFalse();
    assertThat(playback.wasInterrupted("unknown")).isFalse();
  }

  @Test
  void anUtteranceEndsCompletelyOrCutShortAndACutStaysACut() {
    PlaybackTracker playback = PlaybackTracker.create();
    playback.released("whole", Duration.ofMillis(300));
    assertThat(playback.hasEnded("whole")).isFalse();
    playback.ended("whole", false);
    assertThat(playback.hasEnded("whole")).isTrue();
    assertThat(playback.wasInterrupted("whole")).isFalse();

    playback.ended("cut", true);
    assertThat(playback.hasEnded("cut")).isTrue();
    assertThat(playback.wasInterrupted("cut")).isTrue();
    assertThat(playback.heardIfTracked("cut")).contains(Duration.ZERO);
    playback.ended("cut", false); // a later clean end does not undo the interruption
    assertThat(playback.wasInterrupted("cut")).isTrue();
  }

  @Test
  void onlyTheMostRecentUtterancesAreKeptSoAnEndlessConversationStaysBounded() {
    PlaybackTracker playback = PlaybackTracker.create();
    int count = PlaybackTracker.RETAINED + 1;
    for (int i = 0; i < count; i++) {
      playback.released("u" + i, Duration.ofMillis(i + 1));
    }
    assertThat(playback.heardIfTracked("u0")).as("the oldest is forgotten").isEmpty();
    assertThat(playback.heardIfTracked("u1")).contains(Duration.ofMillis(2));
    assertThat(playback.heard("u" + (count - 1))).isEqualTo(Duration.ofMillis(count));
    assertThat(playback.toString()).contains(PlaybackTracker.RETAINED + " utterances");
  }

  @Test
  void badReportsAreRefusedWithTheirReason() {
    PlaybackTracker playback = PlaybackTracker.create();
    assertThatThrownBy(() -> playback.released("u", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> playback.released(null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("utteranceId");
    assertThatThrownBy(() -> playback.ended(null, true))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("utteranceId");
    assertThat(playback.heardIfTracked("u")).as("a refused report records nothing").isEmpty();
  }

  @Test
  void theAudioSideAndTheModelSideUseOneTrackerFromTheirOwnThreads() throws Exception {
    PlaybackTracker playback = PlaybackTracker.create();
    onAnotherThread(() -> playback.released("u1", Duration.ofMillis(40)));
    assertThat(onAnotherThread(() -> playback.heardIfTracked("u1")))
        .contains(Duration.ofMillis(40));
    onAnotherThread(() -> playback.ended("u1", true));
    assertThat(onAnotherThread(() -> playback.hasEnded("u1"))).isTrue();
    assertThat(onAnotherThread(() -> playback.wasInterrupted("u1"))).isTrue();
    assertThat(onAnotherThread(playback::toString)).contains("1 utterances");
    onAnotherThread(() -> playback.released("u2", Duration.ofMillis(10)));
    assertThat(playback.heard("u2")).isEqualTo(Duration.ofMillis(10));
    assertThat(playback.hasEnded("u2")).isFalse();
  }

  private static void onAnotherThread(Runnable call) throws Exception {
    onAnotherThread(
        () -> {
          call.run();
          return null;
        });
  }

  private static <T> T onAnotherThread(java.util.concurrent.Callable<T> call) throws Exception {
    try (var thread = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      return thread.submit(call).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
