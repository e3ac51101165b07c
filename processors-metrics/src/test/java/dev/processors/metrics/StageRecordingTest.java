package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What recording into a stage by hand shows in its snapshot. */
class StageRecordingTest {
  private final RealTimeMetrics metrics = RealTimeMetrics.create(Clock.virtual());
  private final StageMetrics llm = metrics.stage("llm");

  private StageSnapshot snapshot() {
    return metrics.snapshot().stage("llm").orElseThrow();
  }

  @Test
  void errorTypesKeepThirtyTwoNamesAndCountTheRestAsOther() {
    for (int i = 0; i < 40; i++) {
      llm.recordError("type" + i);
    }
    llm.recordError("type0"); // a known type still counts under its own name

    Map<String, Long> types = snapshot().errorTypes();

    assertThat(snapshot().errors()).isEqualTo(41);
    assertThat(types).hasSize(33).containsEntry("type0", 2L).containsEntry("type31", 1L);
    assertThat(types).doesNotContainKey("type32").containsEntry("other", 8L);
  }

  @Test
  void theRecentWindowHoldsFirstOutputsAndTurnsToo() {
    llm.recordFirstOutput(30_000_000);
    llm.recordTurn(700_000_000);
    llm.recordTurn(900_000_000);

    RecentWindow recent = snapshot().recent();

    assertThat(recent.firstOutput().count()).isEqualTo(1);
    assertThat(recent.firstOutput().maxNanos()).isBetween(30_000_000L, 30_300_000L);
    assertThat(recent.turnLatency().count()).isEqualTo(2);
    assertThat(recent.turnLatency().minNanos()).isBetween(693_000_000L, 700_000_000L);
  }

  @Test
  void zeroTokensAreAcceptedAndNegativeOnesRejected() {
    llm.recordTokens(0, 0);
    llm.recordTokens(0, 12);
    llm.recordTokens(30, 0);

    assertThat(snapshot().inputTokens()).isEqualTo(30);
    assertThat(snapshot().outputTokens()).isEqualTo(12);
    assertThatThrownBy(() -> llm.recordTokens(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input=-1");
    assertThatThrownBy(() -> llm.recordTokens(0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output=-1");
  }
}
