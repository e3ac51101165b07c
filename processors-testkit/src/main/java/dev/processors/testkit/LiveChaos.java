package dev.processors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Plays a {@link ChaosPlan} on a {@link FakeLiveServer}: each client turn (a {@code clientContent}
 * with {@code turnComplete}) is matched to its plan turn by its {@code [turn N]} marker and either
 * answered (the answer's text deltas, {@code turnComplete}, and a new resumption handle) or met
 * with a seeded {@link LiveFault}: a connection dropped before or in the middle of the answer, a
 * {@code goAway} and close, a frame that is not JSON, or no answer at all. A turn the client sends
 * again (after resuming on a new connection) is its next attempt.
 *
 * <pre>{@code
 * ChaosPlan plan = ChaosPlan.builder().seed(3).turns(100).build();
 * LiveChaos chaos = LiveChaos.install(server, plan);
 * ... converse through LiveApiProcessor, resuming as needed ...
 * assertThat(chaos.answersServed(t)).isEqualTo(1);
 * }</pre>
 *
 * <p>Only text turns carry markers, so the plan covers text conversations; audio turns and tool
 * responses that reach the responder are recorded in the server's {@link
 * FakeLiveServer#responderFailures()}. It takes over the server's {@link FakeLiveServer#onTurn}
 * responder. Thread-safe.
 */
public final class LiveChaos {
  private final ChaosPlan plan;
  private final List<LiveFault> faults;
  private final ReentrantLock lock = new ReentrantLock();
  private final int[] attempts;
  private final int[] answers;
  private final Map<LiveFault, Integer> played = new EnumMap<>(LiveFault.class);
  private long handles;

  private LiveChaos(ChaosPlan plan, Set<LiveFault> faults) {
    this.plan = plan;
    this.faults = List.copyOf(EnumSet.copyOf(faults));
    this.attempts = new int[plan.turns()];
    this.answers = new int[plan.turns()];
  }

  /** Plays {@code plan} with every kind of {@link LiveFault} on {@code server}. */
  public static LiveChaos install(FakeLiveServer server, ChaosPlan plan) {
    return install(server, plan, EnumSet.allOf(LiveFault.class));
  }

  /**
   * Plays {@code plan} on {@code server}, drawing faults from {@code faults} only.
   *
   * @throws IllegalArgumentException if {@code faults} is empty
   */
  public static LiveChaos install(FakeLiveServer server, ChaosPlan plan, Set<LiveFault> faults) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(plan, "plan");
    if (Objects.requireNonNull(faults, "faults").isEmpty()) {
      throw new IllegalArgumentException("at least one kind of fault is needed");
    }
    LiveChaos chaos = new LiveChaos(plan, faults);
    server.onTurn(chaos::respond);
    return chaos;
  }

  /** The plan played. */
  public ChaosPlan plan() {
    return plan;
  }

  /** The fault attempt {@code attempt} (0-based) of {@code turn} gets; empty if it is answered. */
  public Optional<LiveFault> fault(int turn, int attempt) {
    if (!plan.faulted(turn, attempt)) {
      return Optional.empty();
    }
    return Optional.of(faults.get(plan.random(turn, attempt).nextInt(faults.size())));
  }

  /** How many times the client sent {@code turn}. */
  public int attempts(int turn) {
    lock.lock();
    try {
      return attempts[turn];
    } finally {
      lock.unlock();
    }
  }

  /** How many times {@code turn} was answered whole: more than once means it was sent again. */
  public int answersServed(int turn) {
    lock.lock();
    try {
      return answers[turn];
    } finally {
      lock.unlock();
    }
  }

  /** How often each fault was played so far. */
  public Map<LiveFault, Integer> faultsPlayed() {
    lock.lock();
    try {
      return Map.copyOf(played);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "LiveChaos[" + plan + ", played " + faultsPlayed() + "]";
  }

  private void respond(FakeLiveServer.Session session, JsonNode message) {
    OptionalInt found = ChaosPlan.turnIn(message.toString());
    if (found.isEmpty() || found.getAsInt() >= plan.turns()) {
      throw new IllegalStateException("chaos: a client turn names no turn of the plan: " + message);
    }
    int turn = found.getAsInt();
    int attempt;
    lock.lock();
    try {
      attempt = attempts[turn]++;
    } finally {
      lock.unlock();
    }
    Optional<LiveFault> fault = fault(turn, attempt);
    List<String> deltas = plan.answerDeltas(turn);
    String handle;
    lock.lock();
    try {
      if (fault.isPresent()) {
        played.merge(fault.get(), 1, Integer::sum);
      } else {
        answers[turn]++;
      }
      handle = "chaos-handle-" + ++handles;
    } finally {
      lock.unlock();
    }
    if (fault.isEmpty()) {
      deltas.forEach(session::sendText);
      session.sendTurnComplete();
      session.sendResumptionHandle(handle);
      return;
    }
    switch (fault.get()) {
      case DROP_BEFORE_ANSWER -> session.drop();
      case DROP_MID_ANSWER -> {
        deltas.subList(0, (deltas.size() + 1) / 2).forEach(session::sendText);
        session.drop();
      }
      case GO_AWAY -> {
        session.sendGoAway();
        session.close();
      }
      case GARBAGE_FRAME -> {
        session.sendGarbage();
        session.drop();
      }
      case NO_ANSWER -> {}
    }
  }
}
