package dev.processors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

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
  private final ChaosLedger<LiveFault> ledger;
  private final AtomicLong handles = new AtomicLong();

  private LiveChaos(ChaosLedger<LiveFault> ledger) {
    this.ledger = ledger;
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
    LiveChaos chaos = new LiveChaos(new ChaosLedger<>(plan, faults, LiveFault.class));
    server.onTurn(chaos::respond);
    return chaos;
  }

  /** The plan played. */
  public ChaosPlan plan() {
    return ledger.plan();
  }

  /** The fault attempt {@code attempt} (0-based) of {@code turn} gets; empty if it is answered. */
  public Optional<LiveFault> fault(int turn, int attempt) {
    return ledger.fault(turn, attempt);
  }

  /** How many times the client sent {@code turn}. */
  public int attempts(int turn) {
    return ledger.attempts(turn);
  }

  /** How many times {@code turn} was answered whole: more than once means it was sent again. */
  public int answersServed(int turn) {
    return ledger.answersServed(turn);
  }

  /** How often each fault was played so far. */
  public Map<LiveFault, Integer> faultsPlayed() {
    return ledger.faultsPlayed();
  }

  @Override
  public String toString() {
    return "LiveChaos[" + plan() + ", played " + faultsPlayed() + "]";
  }

  private void respond(FakeLiveServer.Session session, JsonNode message) {
    ChaosLedger.Draw<LiveFault> draw =
        ledger
            .draw(message.toString())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "chaos: a client turn names no turn of the plan: " + message));
    List<String> deltas = draw.deltas();
    String handle = "chaos-handle-" + handles.incrementAndGet();
    Optional<LiveFault> fault = draw.fault();
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
