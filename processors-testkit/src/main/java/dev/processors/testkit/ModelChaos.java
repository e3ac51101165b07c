package dev.processors.testkit;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Plays a {@link ChaosPlan} on a {@link FakeModelServer}: each request is matched to its turn by
 * the {@code [turn N]} marker of its last user message, and gets either a seeded fault (an HTTP
 * error, an empty or HTML body, a stream cut cleanly or dropped at any event, garbage, an error
 * event, a stall) or the turn's answer. A retry of a turn is its next attempt, so the outcome does
 * not depend on what other turns did.
 *
 * <pre>{@code
 * ChaosPlan plan = ChaosPlan.builder().seed(7).turns(300).build();
 * ModelChaos chaos = ModelChaos.install(fake, plan, EnumSet.complementOf(EnumSet.of(ModelFault.STALL)));
 * ... converse ...
 * assertThat(chaos.answersServed(t)).isLessThanOrEqualTo(1);     // nobody asked an answered turn again
 * }</pre>
 *
 * <p>It takes over the server's {@link FakeModelServer#respondWith responder}; requests without a
 * marker get an HTTP 500 naming the problem. Thread-safe.
 */
public final class ModelChaos {
  private final ChaosLedger<ModelFault> ledger;

  private ModelChaos(ChaosLedger<ModelFault> ledger) {
    this.ledger = ledger;
  }

  /** Plays {@code plan} with every kind of {@link ModelFault} on {@code fake}. */
  public static ModelChaos install(FakeModelServer fake, ChaosPlan plan) {
    return install(fake, plan, EnumSet.allOf(ModelFault.class));
  }

  /**
   * Plays {@code plan} on {@code fake}, drawing faults from {@code faults} only.
   *
   * @throws IllegalArgumentException if {@code faults} is empty
   */
  public static ModelChaos install(FakeModelServer fake, ChaosPlan plan, Set<ModelFault> faults) {
    Objects.requireNonNull(fake, "fake");
    ModelChaos chaos = new ModelChaos(new ChaosLedger<>(plan, faults, ModelFault.class));
    fake.respondWith(chaos::respond);
    return chaos;
  }

  /** The plan played. */
  public ChaosPlan plan() {
    return ledger.plan();
  }

  /** The fault attempt {@code attempt} (0-based) of {@code turn} gets; empty if it is answered. */
  public Optional<ModelFault> fault(int turn, int attempt) {
    return ledger.fault(turn, attempt);
  }

  /** How many requests {@code turn} has had. */
  public int attempts(int turn) {
    return ledger.attempts(turn);
  }

  /** How many times {@code turn} was answered well: more than once means it was asked again. */
  public int answersServed(int turn) {
    return ledger.answersServed(turn);
  }

  /** How often each fault was played so far. */
  public Map<ModelFault, Integer> faultsPlayed() {
    return ledger.faultsPlayed();
  }

  @Override
  public String toString() {
    return "ModelChaos[" + plan() + ", played " + faultsPlayed() + "]";
  }

  private FakeTurn respond(RecordedRequest request) {
    Optional<ChaosLedger.Draw<ModelFault>> found = ledger.draw(request.body());
    if (found.isEmpty()) {
      return FakeTurn.httpError(500, "chaos: the request names no turn of the plan");
    }
    ChaosLedger.Draw<ModelFault> draw = found.get();
    if (draw.fault().isPresent()) {
      return draw.fault().get().turn(draw.deltas(), draw.detail());
    }
    FakeTurn.Builder answer = FakeTurn.builder();
    draw.deltas().forEach(answer::text);
    return answer.build();
  }
}
