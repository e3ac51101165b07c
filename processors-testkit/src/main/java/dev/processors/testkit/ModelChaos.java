package dev.processors.testkit;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

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
  private final ChaosPlan plan;
  private final List<ModelFault> faults;
  private final ReentrantLock lock = new ReentrantLock();
  private final int[] attempts;
  private final int[] answers;
  private final Map<ModelFault, Integer> played = new EnumMap<>(ModelFault.class);

  private ModelChaos(ChaosPlan plan, Set<ModelFault> faults) {
    this.plan = plan;
    this.faults = List.copyOf(EnumSet.copyOf(faults));
    this.attempts = new int[plan.turns()];
    this.answers = new int[plan.turns()];
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
    Objects.requireNonNull(plan, "plan");
    if (Objects.requireNonNull(faults, "faults").isEmpty()) {
      throw new IllegalArgumentException("at least one kind of fault is needed");
    }
    ModelChaos chaos = new ModelChaos(plan, faults);
    fake.respondWith(chaos::respond);
    return chaos;
  }

  /** The plan played. */
  public ChaosPlan plan() {
    return plan;
  }

  /** The fault attempt {@code attempt} (0-based) of {@code turn} gets; empty if it is answered. */
  public Optional<ModelFault> fault(int turn, int attempt) {
    if (!plan.faulted(turn, attempt)) {
      return Optional.empty();
    }
    SplittableRandom r = plan.random(turn, attempt);
    return Optional.of(faults.get(r.nextInt(faults.size())));
  }

  /** How many requests {@code turn} has had. */
  public int attempts(int turn) {
    lock.lock();
    try {
      return attempts[turn];
    } finally {
      lock.unlock();
    }
  }

  /** How many times {@code turn} was answered well: more than once means it was asked again. */
  public int answersServed(int turn) {
    lock.lock();
    try {
      return answers[turn];
    } finally {
      lock.unlock();
    }
  }

  /** How often each fault was played so far. */
  public Map<ModelFault, Integer> faultsPlayed() {
    lock.lock();
    try {
      return Map.copyOf(played);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "ModelChaos[" + plan + ", played " + faultsPlayed() + "]";
  }

  private FakeTurn respond(RecordedRequest request) {
    OptionalInt found = ChaosPlan.turnIn(request.body());
    if (found.isEmpty() || found.getAsInt() >= plan.turns()) {
      return FakeTurn.httpError(500, "chaos: the request names no turn of the plan");
    }
    int turn = found.getAsInt();
    int attempt;
    lock.lock();
    try {
      attempt = attempts[turn]++;
    } finally {
      lock.unlock();
    }
    Optional<ModelFault> fault = fault(turn, attempt);
    List<String> deltas = plan.answerDeltas(turn);
    lock.lock();
    try {
      if (fault.isPresent()) {
        played.merge(fault.get(), 1, Integer::sum);
      } else {
        answers[turn]++;
      }
    } finally {
      lock.unlock();
    }
    if (fault.isPresent()) {
      SplittableRandom r = plan.random(turn, attempt);
      r.nextInt(faults.size()); // the draw that chose the fault
      return fault.get().turn(deltas, r.nextInt(1 << 20));
    }
    FakeTurn.Builder answer = FakeTurn.builder();
    deltas.forEach(answer::text);
    return answer.build();
  }
}
