package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A long conversation under seeded random faults against each HTTP fake: a client that retries
 * whatever lacks the terminal event gets every answerable turn exactly once, and fails the rest.
 */
@ExtendWith(LeakCheck.class)
@Timeout(120)
class ModelChaosTest {
  private static final int ATTEMPTS = 3;

  /** The read timeout where the plan stalls the stream. */
  private static final Duration STALLED = Duration.ofMillis(300);

  /** The read timeout anywhere else: generous, so a loaded machine is never taken for a stall. */
  private static final Duration SLOW = Duration.ofSeconds(30);

  private FakeModelServer fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void everyTurnIsAnsweredExactlyOnceOrFailsAfterItsAttempts(Wire wire) {
    ChaosPlan plan =
        ChaosPlan.builder()
            .seed(20261205)
            .turns(160)
            .faultRate(0.35)
            .maxFaultsPerTurn(2)
            .hopelessRate(0.04)
            .build();
    fake = wire.start(false);
    ModelChaos chaos = ModelChaos.install(fake, plan);
    int answered = 0;
    int failed = 0;
    for (int t = 0; t < plan.turns(); t++) {
      int turn = t;
      RetryingRawClient.Outcome outcome =
          RetryingRawClient.ask(
              wire,
              fake,
              plan.prompt(t),
              ATTEMPTS,
              a -> chaos.fault(turn, a).equals(Optional.of(ModelFault.STALL)) ? STALLED : SLOW);
      String where = plan + ", turn " + t + ", failures " + outcome.failures();
      if (plan.answeredWithin(t, ATTEMPTS)) {
        assertThat(outcome.answer()).as(where).contains(plan.answer(t));
        assertThat(chaos.attempts(t))
            .as(where)
            .isEqualTo(plan.faultsBeforeAnswer(t).orElseThrow() + 1);
        assertThat(chaos.answersServed(t)).as(where).isEqualTo(1);
        answered++;
      } else {
        assertThat(outcome.answer()).as(where).isEmpty();
        assertThat(outcome.failures()).as(where).hasSize(ATTEMPTS);
        assertThat(chaos.attempts(t)).as(where).isEqualTo(ATTEMPTS);
        assertThat(chaos.answersServed(t)).as(where).isZero();
        failed++;
      }
    }
    assertThat(answered).isGreaterThan(140);
    assertThat(failed).isPositive();
    assertThat(chaos.faultsPlayed().keySet())
        .as("every kind of fault was played: %s", chaos)
        .containsExactlyInAnyOrder(ModelFault.values());
  }

  @Test
  void theFaultOfEachAttemptIsKnownBeforehandAndComesFromTheChosenKinds() {
    ChaosPlan plan = ChaosPlan.builder().seed(9).turns(300).faultRate(0.5).build();
    fake = FakeGeminiServer.start();
    EnumSet<ModelFault> cuts = EnumSet.of(ModelFault.CUT_CLEAN, ModelFault.DROP);
    ModelChaos chaos = ModelChaos.install(fake, plan, cuts);
    for (int t = 0; t < plan.turns(); t++) {
      int faults = plan.faultsBeforeAnswer(t).orElseThrow();
      for (int a = 0; a < faults; a++) {
        assertThat(chaos.fault(t, a)).get().isIn(cuts);
      }
      assertThat(chaos.fault(t, faults)).isEmpty();
    }
    RetryingRawClient.Outcome outcome =
        RetryingRawClient.ask(Wire.GEMINI, fake, plan.prompt(0), ATTEMPTS, a -> SLOW);
    assertThat(outcome.answer()).contains(plan.answer(0));
  }

  @Test
  void aRequestWithoutATurnMarkerIsRefusedSayingSo() throws Exception {
    fake = FakeOpenAiServer.start();
    ModelChaos.install(fake, ChaosPlan.builder().build());
    RawResponse r =
        RawResponse.post(
            Wire.OPENAI_RESPONSES.url(fake),
            Wire.OPENAI_RESPONSES.request("no marker here"),
            Duration.ofSeconds(5));
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.text()).contains("names no turn of the plan");
  }
}
