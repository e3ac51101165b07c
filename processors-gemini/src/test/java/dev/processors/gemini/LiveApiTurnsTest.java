package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.PartQueue;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.RetryPolicy;
import dev.processors.core.SignalKind;
import dev.processors.core.VirtualClock;
import dev.processors.testkit.ChaosPlan;
import dev.processors.testkit.FakeLiveServer;
import dev.processors.testkit.LeakCheck;
import dev.processors.testkit.LiveChaos;
import dev.processors.testkit.LiveFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every turn sent to the Live API is answered once, or the run fails saying which was not. */
@ExtendWith(LeakCheck.class)
class LiveApiTurnsTest {
  private static final int REPEATS = 20;
  private FakeLiveServer server;

  @BeforeAll
  static void makeTheSharedHttpClient() {
    LiveHttp.client(); // lives as long as the JVM: made before LeakCheck's snapshot
  }

  @BeforeEach
  void startServer() {
    server = FakeLiveServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private LiveApiProcessor.Builder live() {
    return LiveApiProcessor.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key-123")
        .connectTimeout(Duration.ofSeconds(2))
        .drainTimeout(Duration.ofSeconds(20))
        .reconnectPolicy(
            RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ofMillis(10)).build());
  }

  /**
   * The answers the consumer keeps: model text between end-of-turn signals, where an {@code
   * interrupted} signal discards what came before it in the same answer.
   */
  private static List<String> answers(List<ProcessorPart> parts) {
    List<String> answers = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (ProcessorPart p : parts) {
      if (p.isSignal(SignalKind.INTERRUPTED)) {
        current.setLength(0);
      } else if (p.isSignal(SignalKind.END_OF_TURN)) {
        answers.add(current.toString());
        current.setLength(0);
      } else if (p.isText() && !p.isOutOfBand() && p.role().equals(ProcessorPart.MODEL)) {
        current.append(p.text().orElseThrow());
      }
    }
    return answers;
  }

  private static boolean isTurn(JsonNode m) {
    return m.path("clientContent").path("turnComplete").asBoolean(false);
  }

  @Test
  void aTurnWhoseAnswerIsCutMidwayIsSentAgainAndAnsweredOnce() {
    for (int i = 0; i < REPEATS; i++) {
      AtomicInteger seen = new AtomicInteger();
      server.onTurn(
          (s, m) -> {
            if (seen.incrementAndGet() == 1) {
              s.sendText("Half an ans");
              s.drop();
            } else {
              s.sendText("A whole answer.");
              s.sendTurnComplete();
            }
          });
      PartQueue in = PartQueue.create();
      List<ProcessorPart> out;
      try (ProcessorRun run = live().build().start(in)) {
        Iterator<ProcessorPart> it = resumable(run, awaitNewSession(), "h-" + i);
        in.putText("Tell me something.");
        in.put(ProcessorPart.endOfTurn());
        in.close();
        out = new ArrayList<>();
        it.forEachRemaining(out::add);
        assertThat(awaitNewSession().resumedHandle()).hasValue("h-" + i);
      }
      assertThat(answers(out)).as("repeat %d", i).containsExactly("A whole answer.");
      assertThat(seen).hasValue(2);
    }
  }

  @Test
  void aTurnWrittenIntoADroppingConnectionIsSentAgainOnTheResumedOne() {
    for (int i = 0; i < REPEATS; i++) {
      AtomicInteger seen = new AtomicInteger();
      server.onTurn(
          (s, m) -> {
            if (seen.incrementAndGet() == 1) {
              s.drop(); // the turn arrived, but the connection is gone before any answer
            } else {
              s.sendText("Answered after resuming.");
              s.sendTurnComplete();
            }
          });
      PartQueue in = PartQueue.create();
      List<ProcessorPart> out;
      try (ProcessorRun run = live().build().start(in)) {
        Iterator<ProcessorPart> it = resumable(run, awaitNewSession(), "h-" + i);
        in.putText("Are you there?");
        in.put(ProcessorPart.endOfTurn());
        in.close();
        out = new ArrayList<>();
        it.forEachRemaining(out::add);
        FakeLiveServer.Session second = awaitNewSession();
        assertThat(second.resumedHandle()).hasValue("h-" + i);
        assertThat(second.received().stream().filter(LiveApiTurnsTest::isTurn)).hasSize(1);
      }
      assertThat(answers(out)).as("repeat %d", i).containsExactly("Answered after resuming.");
    }
  }

  @Test
  void aLongConversationWithDropsAndGoAwaysAnswersEveryTurnExactlyOnce() {
    ChaosPlan plan = ChaosPlan.builder().seed(12).turns(30).faultRate(0.4).build();
    LiveChaos chaos =
        LiveChaos.install(
            server,
            plan,
            EnumSet.of(LiveFault.DROP_BEFORE_ANSWER, LiveFault.DROP_MID_ANSWER, LiveFault.GO_AWAY));
    PartQueue in = PartQueue.create();
    List<ProcessorPart> out = new ArrayList<>();
    try (ProcessorRun run = live().build().start(in)) {
      var it = resumable(run, awaitNewSession(), "chaos-handle-0");
      for (int t = 0; t < plan.turns(); t++) {
        in.putText(plan.prompt(t));
        in.put(ProcessorPart.endOfTurn());
        while (true) { // one turn at a time, like a conversation
          ProcessorPart p = it.next();
          out.add(p);
          if (p.isSignal(SignalKind.END_OF_TURN)) {
            break;
          }
        }
      }
      in.close();
      it.forEachRemaining(out::add);
    }
    List<String> expected = new ArrayList<>();
    for (int t = 0; t < plan.turns(); t++) {
      expected.add(plan.answer(t));
      assertThat(chaos.answersServed(t)).as("answers served for turn %d", t).isEqualTo(1);
    }
    assertThat(answers(out)).containsExactlyElementsOf(expected);
    assertThat(chaos.faultsPlayed()).isNotEmpty();
  }

  @Test
  void aServerThatNeverAnswersFailsTheRunTypedAfterTheDrainTimeout() throws Exception {
    VirtualClock clock = VirtualClock.create();
    server.onTurn((s, m) -> {}); // reads the turn, says nothing, keeps the connection open
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = live().clock(clock).build().start(in)) {
      in.putText("Hello?");
      in.put(ProcessorPart.endOfTurn());
      in.close();
      awaitNewSession().awaitMessage("clientContent");
      clock.awaitSleepers(1); // the stage waits for the answer on the virtual clock
      clock.advance(Duration.ofSeconds(20));
      assertThatThrownBy(run::toList)
          .isInstanceOf(ProcessorException.class)
          .hasCauseInstanceOf(LiveApiUnansweredException.class)
          .hasMessageContaining("1 turn(s) went unanswered within the drain timeout");
    }
  }

  /**
   * Gives the client a resumption handle and waits until it has read it: a dropped connection
   * discards frames the fake had not yet written, so a drop right after it could lose the handle.
   * The input transcription that follows it is the sign (the consumer's answers ignore it).
   */
  private static Iterator<ProcessorPart> resumable(
      ProcessorRun run, FakeLiveServer.Session session, String handle) {
    session.sendResumptionHandle(handle);
    session.sendInputTranscription("handle sent");
    Iterator<ProcessorPart> it = run.iterator();
    assertThat(it.next().text()).hasValue("handle sent");
    return it;
  }

  private FakeLiveServer.Session awaitNewSession() {
    return server.awaitSession();
  }
}
