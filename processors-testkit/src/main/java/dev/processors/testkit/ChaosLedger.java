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
 * What {@link ModelChaos} and {@link LiveChaos} share: which fault each attempt of each plan turn
 * draws, and the count of attempts, answers and faults played. Thread-safe.
 *
 * @param <F> the kind of fault played
 */
final class ChaosLedger<F extends Enum<F>> {
  /** One request matched to its turn: the attempt it is and the fault it draws, if any. */
  record Draw<F>(int turn, int attempt, Optional<F> fault, List<String> deltas, int detail) {}

  private final ChaosPlan plan;
  private final List<F> faults;
  private final ReentrantLock lock = new ReentrantLock();
  private final int[] attempts;
  private final int[] answers;
  private final Map<F, Integer> played;

  ChaosLedger(ChaosPlan plan, Set<F> faults, Class<F> kind) {
    Objects.requireNonNull(plan, "plan");
    if (Objects.requireNonNull(faults, "faults").isEmpty()) {
      throw new IllegalArgumentException("at least one kind of fault is needed");
    }
    this.plan = plan;
    this.faults = List.copyOf(EnumSet.copyOf(faults));
    this.attempts = new int[plan.turns()];
    this.answers = new int[plan.turns()];
    this.played = new EnumMap<>(kind);
  }

  ChaosPlan plan() {
    return plan;
  }

  Optional<F> fault(int turn, int attempt) {
    if (!plan.faulted(turn, attempt)) {
      return Optional.empty();
    }
    return Optional.of(faults.get(plan.random(turn, attempt).nextInt(faults.size())));
  }

  /**
   * Matches {@code request} to its plan turn by its {@code [turn N]} marker and counts the attempt:
   * empty if it names no turn of the plan. The draw's {@code detail} is a seeded number for where a
   * fault strikes.
   */
  Optional<Draw<F>> draw(String request) {
    OptionalInt found = ChaosPlan.turnIn(request);
    if (found.isEmpty() || found.getAsInt() >= plan.turns()) {
      return Optional.empty();
    }
    int turn = found.getAsInt();
    int attempt;
    lock.lock();
    try {
      attempt = attempts[turn]++;
    } finally {
      lock.unlock();
    }
    Optional<F> fault = fault(turn, attempt);
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
    SplittableRandom r = plan.random(turn, attempt);
    r.nextInt(faults.size()); // the draw that chose the fault
    return Optional.of(
        new Draw<>(turn, attempt, fault, plan.answerDeltas(turn), r.nextInt(1 << 20)));
  }

  int attempts(int turn) {
    lock.lock();
    try {
      return attempts[turn];
    } finally {
      lock.unlock();
    }
  }

  int answersServed(int turn) {
    lock.lock();
    try {
      return answers[turn];
    } finally {
      lock.unlock();
    }
  }

  Map<F, Integer> faultsPlayed() {
    lock.lock();
    try {
      return Map.copyOf(played);
    } finally {
      lock.unlock();
    }
  }
}
