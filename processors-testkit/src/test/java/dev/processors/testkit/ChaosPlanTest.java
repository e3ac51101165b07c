package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ChaosPlanTest {
  private static ChaosPlan plan(long seed) {
    return ChaosPlan.builder()
        .seed(seed)
        .turns(500)
        .faultRate(0.4)
        .maxFaultsPerTurn(3)
        .hopelessRate(0.05)
        .build();
  }

  @Test
  void theSameSeedGivesTheSamePlanEveryTime() {
    ChaosPlan a = plan(42);
    ChaosPlan b = plan(42);
    for (int t = 0; t < a.turns(); t++) {
      assertThat(b.prompt(t)).isEqualTo(a.prompt(t));
      assertThat(b.answer(t)).isEqualTo(a.answer(t));
      assertThat(b.faultsBeforeAnswer(t)).isEqualTo(a.faultsBeforeAnswer(t));
      assertThat(b.random(t, 1).nextLong()).isEqualTo(a.random(t, 1).nextLong());
    }
  }

  @Test
  void anotherSeedGivesAnotherPlan() {
    ChaosPlan a = plan(42);
    ChaosPlan b = plan(43);
    int differ = 0;
    for (int t = 0; t < a.turns(); t++) {
      if (!a.faultsBeforeAnswer(t).equals(b.faultsBeforeAnswer(t))) {
        differ++;
      }
    }
    assertThat(differ).isGreaterThan(100);
    assertThat(a.answer(0)).isNotEqualTo(b.answer(0));
  }

  @Test
  void faultsFollowTheRateAndTheCap() {
    ChaosPlan p =
        ChaosPlan.builder().seed(7).turns(20_000).faultRate(0.3).maxFaultsPerTurn(2).build();
    int faulted = 0;
    int twice = 0;
    for (int t = 0; t < p.turns(); t++) {
      int n = p.faultsBeforeAnswer(t).orElseThrow();
      assertThat(n).isBetween(0, 2);
      faulted += n > 0 ? 1 : 0;
      twice += n == 2 ? 1 : 0;
      assertThat(p.faulted(t, n)).as("the attempt after the faults is answered").isFalse();
    }
    assertThat(faulted / 20_000.0).isBetween(0.28, 0.32);
    assertThat(twice / 20_000.0).isBetween(0.08, 0.10);
  }

  @Test
  void aHopelessTurnFailsEveryAttempt() {
    ChaosPlan p = plan(5);
    int hopeless = 0;
    for (int t = 0; t < p.turns(); t++) {
      if (p.hopeless(t)) {
        hopeless++;
        assertThat(p.faultsBeforeAnswer(t)).isEmpty();
        assertThat(p.faulted(t, 0)).isTrue();
        assertThat(p.faulted(t, 1_000)).isTrue();
        assertThat(p.answeredWithin(t, 1_000)).isFalse();
      } else {
        int n = p.faultsBeforeAnswer(t).orElseThrow();
        assertThat(p.answeredWithin(t, n + 1)).isTrue();
        assertThat(p.answeredWithin(t, n)).isFalse();
      }
    }
    assertThat(hopeless).isBetween(10, 45);
  }

  @Test
  void promptsCarryTheirTurnAndAnswersCarryNone() {
    ChaosPlan p = plan(1);
    for (int t = 0; t < p.turns(); t++) {
      assertThat(ChaosPlan.turnIn(p.prompt(t))).hasValue(t);
      assertThat(ChaosPlan.turnIn(p.answer(t))).isEmpty();
      assertThat(p.answer(t)).isEqualTo(String.join("", p.answerDeltas(t)));
    }
    String history =
        "{\"contents\":[\"" + p.prompt(3) + "\",\"" + p.answer(3) + "\",\"" + p.prompt(4) + "\"]}";
    assertThat(ChaosPlan.turnIn(history)).isEqualTo(OptionalInt.of(4));
    assertThat(ChaosPlan.turnIn("no marker")).isEmpty();
  }

  @Test
  void badSettingsAreRefusedNamingThem() {
    assertThatThrownBy(() -> ChaosPlan.builder().faultRate(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("faultRate");
    assertThatThrownBy(() -> ChaosPlan.builder().hopelessRate(Double.NaN))
        .hasMessageContaining("hopelessRate");
    assertThatThrownBy(() -> ChaosPlan.builder().turns(0)).hasMessageContaining("turns");
    assertThatThrownBy(() -> ChaosPlan.builder().maxFaultsPerTurn(-1))
        .hasMessageContaining("maxFaultsPerTurn");
    assertThatThrownBy(() -> plan(1).prompt(500)).hasMessageContaining("turn must be 0 to 499");
    assertThatThrownBy(() -> plan(1).faulted(0, -1)).hasMessageContaining("attempt");
  }
}
