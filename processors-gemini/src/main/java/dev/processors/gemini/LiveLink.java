package dev.processors.gemini;

import dev.processors.core.Clock;
import dev.processors.core.PartSink;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.core.SignalKind;
import dev.processors.core.Wakeup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection state of one {@link LiveApiProcessor} run, shared by the stage thread (which
 * sends) and the reader task (which emits what the server says and resumes the session).
 *
 * <p><b>Turns.</b> A turn (a client turn, a tool response, the end of an audio stream) is pending
 * from the moment it is written until the server's {@code turnComplete} (or a {@code toolCall}) for
 * it arrives; pending turns are answered in order. Written is not received: a message handed to a
 * connection that is dropping may be lost, so when the session is resumed on a new connection every
 * pending turn is sent again, before any new input, in order. If part of an answer had arrived, an
 * {@code interrupted} signal tells downstream to drop it first (the whole answer comes again). An
 * audio turn cannot be sent again: losing one fails the run with {@link
 * LiveApiUnansweredException}, as does a server that leaves a turn unanswered past the drain
 * timeout.
 *
 * <p><b>Locks.</b> {@code sendLock} orders writes against the switch to a new connection: a turn is
 * made pending and written under it, and the reader holds it while it swaps the connection and
 * sends the pending turns again, so a turn is never written twice to one connection nor skipped.
 * {@code lock} guards the state; {@code sendLock} is always taken first. Waits are on a {@link
 * Condition} or on the clock with a {@link Wakeup}; no thread is interrupted to wake it.
 */
final class LiveLink {
  /** A turn awaiting its answer; {@code json} is null for audio, which cannot be sent again. */
  private record Turn(String json) {}

  private final LiveApiProcessor.Config config;
  private final Clock clock;
  private final PartSink out;
  private final ReentrantLock sendLock = new ReentrantLock();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition sessionChanged = lock.newCondition();
  private final Wakeup news = Wakeup.create();
  private final Deque<Turn> pending = new ArrayDeque<>(); // guarded by lock
  private LiveSession session; // guarded by lock
  private String handle; // guarded by lock
  private boolean modelActive; // guarded by lock
  private boolean audioSinceTurn; // guarded by lock
  private boolean closing; // guarded by lock
  private RuntimeException failure; // guarded by lock
  private final ReentrantLock emitLock = new ReentrantLock();
  private boolean outputSinceInterrupt; // guarded by emitLock
  private String utterance = UUID.randomUUID().toString(); // only the reader uses it

  /**
   * @param out a sink several threads may emit into ({@link PartSink#shared()})
   */
  LiveLink(LiveApiProcessor.Config config, Clock clock, PartSink out) {
    this.config = config;
    this.clock = clock;
    this.out = out;
  }

  /** Opens the first connection. */
  void open() throws InterruptedException {
    LiveSession s = connect(Optional.empty());
    lock.lock();
    try {
      session = s;
      if (closing) {
        s.close();
      }
    } finally {
      lock.unlock();
    }
  }

  private LiveSession connect(Optional<String> resumeHandle) throws InterruptedException {
    return LiveSession.open(
        LiveHttp.client(),
        config.uri(),
        config.apiKey(),
        LiveMessages.setup(config.setup(), resumeHandle),
        config.connectTimeout());
  }

  // ------------------------------------------------------------------ the stage thread

  /**
   * The user started speaking (our VAD said so): the model's last answer may still be playing
   * downstream, where the server's own interruption cannot reach it, so stop it here.
   */
  void localBargeIn() {
    emitLock.lock();
    try {
      if (outputSinceInterrupt) {
        outputSinceInterrupt = false;
        out.emit(ProcessorPart.interrupted());
      }
    } finally {
      emitLock.unlock();
    }
  }

  void audioSent() {
    lock.lock();
    try {
      audioSinceTurn = true;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the audio stream; if audio came after the last answer, an answer to it is awaited. */
  void endAudio() throws InterruptedException {
    lock.lock();
    try {
      if (audioSinceTurn) {
        pending.add(new Turn(null));
      }
    } finally {
      lock.unlock();
    }
    send(LiveMessages.audioStreamEnd());
  }

  /**
   * Sends a message that asks for an answer (a client turn, a tool response) and keeps it pending
   * until answered. If the connection fails meanwhile, the resumed session sends it again.
   */
  void sendTurn(String json) throws InterruptedException {
    sendLock.lock();
    try {
      LiveSession s;
      lock.lock();
      try {
        throwFailure();
        pending.add(new Turn(json));
        s = session;
      } finally {
        lock.unlock();
      }
      try {
        s.send(json, config.connectTimeout());
      } catch (LiveApiConnectionLostException e) {
        // Pending: the reader resumes the session and sends it again.
      }
    } finally {
      sendLock.unlock();
    }
  }

  /** Sends realtime input on the current connection; while it is replaced, waits for the next. */
  void send(String json) throws InterruptedException {
    while (true) {
      LiveSession s;
      sendLock.lock();
      try {
        s = current();
        try {
          s.send(json, config.connectTimeout());
          return;
        } catch (LiveApiConnectionLostException e) {
          // wait below for the reader to resume the session
        }
      } finally {
        sendLock.unlock();
      }
      lock.lock();
      try {
        while (session == s && failure == null && !closing) {
          sessionChanged.await();
        }
        throwFailure();
        if (closing) {
          return;
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Waits until every pending turn is answered and no answer is under way.
   *
   * @throws LiveApiUnansweredException if that takes longer than the drain timeout
   */
  void awaitIdle() throws InterruptedException {
    long deadline = clock.nanoTime() + config.drainTimeout().toNanos();
    while (true) {
      lock.lock();
      try {
        throwFailure();
        if (pending.isEmpty() && !modelActive) {
          return;
        }
      } finally {
        lock.unlock();
      }
      if (!clock.awaitUntil(deadline, news)) {
        lock.lock();
        try {
          throwFailure();
          if (pending.isEmpty() && !modelActive) {
            return;
          }
          throw new LiveApiUnansweredException(
              pending.isEmpty()
                  ? "the model's answer did not finish within the drain timeout ("
                      + config.drainTimeout()
                      + ")"
                  : pending.size()
                      + " turn(s) went unanswered within the drain timeout ("
                      + config.drainTimeout()
                      + ")",
              pending.size());
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Closes the connection; the reader then ends. Idempotent, any thread. */
  void close() {
    LiveSession s;
    lock.lock();
    try {
      closing = true;
      s = session;
      sessionChanged.signalAll();
    } finally {
      lock.unlock();
    }
    news.signal();
    if (s != null) {
      s.close();
    }
  }

  // ------------------------------------------------------------------ the reader task

  /** The reader task: emits what the server says; resumes the session when it must. */
  void read() throws InterruptedException {
    try {
      LiveSession s = current();
      while (true) {
        LiveSession.Event e = s.next(config.connectTimeout());
        if (isClosing()) {
          return;
        }
        switch (e) {
          case LiveSession.Message m -> {
            if (handle(m)) {
              s = reconnect("the server sent goAway", s);
            }
          }
          case LiveSession.Closed c ->
              s = reconnect("the server closed the connection (" + c.code() + ")", s);
          case LiveSession.Failed f -> {
            if (f.error() instanceof LiveApiProtocolException p) {
              throw p;
            }
            s = reconnect("the connection failed: " + f.error().getClass().getSimpleName(), s);
          }
        }
      }
    } catch (RuntimeException e) {
      fail(e);
      throw e;
    }
  }

  private void fail(RuntimeException e) {
    lock.lock();
    try {
      if (failure == null) {
        failure = e;
      }
      sessionChanged.signalAll();
    } finally {
      lock.unlock();
    }
    news.signal();
  }

  /** Emits a message's parts and updates the state; true if the server said goAway. */
  private boolean handle(LiveSession.Message m) {
    LiveMessages.Decoded d = LiveMessages.decode(m.json());
    for (ProcessorPart p : d.parts()) {
      // Model output carries its turn's utterance id, so the audio side can report what was heard.
      boolean model = p.role().equals(ProcessorPart.MODEL) && !p.isOutOfBand();
      emitOutput(model ? p.withMetadata(PlaybackTracker.UTTERANCE_ID, utterance) : p, model);
    }
    if (d.turnComplete() || d.interrupted()) {
      utterance = UUID.randomUUID().toString();
    }
    lock.lock();
    try {
      d.newHandle().ifPresent(h -> handle = h);
      if (d.modelActive()) {
        modelActive = true;
      }
      if (d.turnComplete() || d.interrupted()) {
        modelActive = false;
      }
      if (d.turnComplete() || d.toolCall()) {
        // A tool call answers its turn too: the tool response is the next turn.
        audioSinceTurn = false;
        pending.pollFirst();
      }
      if (d.toolCall()) {
        modelActive = false;
      }
    } finally {
      lock.unlock();
    }
    news.signal();
    return d.goAway();
  }

  /** Emits {@code p}, noting whether model output was emitted since the last interruption. */
  private void emitOutput(ProcessorPart p, boolean model) {
    emitLock.lock();
    try {
      out.emit(p);
      if (p.isSignal(SignalKind.INTERRUPTED)) {
        outputSinceInterrupt = false;
      } else if (model) {
        outputSinceInterrupt = true;
      }
    } finally {
      emitLock.unlock();
    }
  }

  private LiveSession reconnect(String why, LiveSession old) throws InterruptedException {
    String h;
    lock.lock();
    try {
      h = handle;
    } finally {
      lock.unlock();
    }
    if (h == null) {
      throw new LiveApiConnectionLostException(
          "the connection was lost ("
              + why
              + ") and cannot be resumed: the server sent no resumption handle",
          false,
          null);
    }
    RetryPolicy policy = config.reconnectPolicy();
    LiveApiException last = null;
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      try {
        LiveSession fresh = connect(Optional.of(h));
        // Whatever the old connection still delivered comes first, in order.
        for (LiveSession.Event e = old.poll(); e != null; e = old.poll()) {
          if (e instanceof LiveSession.Message m) {
            handle(m);
          }
        }
        old.close();
        switchTo(fresh, why);
        return fresh;
      } catch (LiveApiSetupException e) {
        last = e;
        if (attempt < policy.maxAttempts()) {
          policy.pause(attempt, e);
        }
      }
    }
    throw new LiveApiConnectionLostException(
        "could not resume the session after " + policy.maxAttempts() + " attempts (" + why + ")",
        true,
        last);
  }

  /** Moves to {@code fresh} and sends every pending turn again on it, before any new input. */
  private void switchTo(LiveSession fresh, String why) throws InterruptedException {
    sendLock.lock();
    try {
      List<Turn> again;
      boolean partial;
      lock.lock();
      try {
        if (closing) {
          fresh.close();
          return;
        }
        session = fresh;
        partial = modelActive && !pending.isEmpty();
        modelActive = false;
        again = new ArrayList<>(pending);
        sessionChanged.signalAll();
      } finally {
        lock.unlock();
      }
      if (partial) {
        // The answer under way is lost with the connection; it comes again whole.
        utterance = UUID.randomUUID().toString();
        emitInterruption();
      }
      emitOutput(
          ProcessorPart.debug(
              "live session resumed after: " + why + "; turns sent again: " + again.size()),
          false);
      for (Turn t : again) {
        if (t.json() == null) {
          throw new LiveApiUnansweredException(
              "an audio turn went unanswered when the connection was lost ("
                  + why
                  + "); audio cannot be sent again",
              again.size());
        }
        try {
          fresh.send(t.json(), config.connectTimeout());
        } catch (LiveApiConnectionLostException e) {
          return; // this connection failed too: the next resumption sends them again
        }
      }
    } finally {
      sendLock.unlock();
    }
  }

  private void emitInterruption() {
    emitOutput(ProcessorPart.interrupted(), false);
  }

  // ------------------------------------------------------------------ helpers

  private LiveSession current() {
    lock.lock();
    try {
      return session;
    } finally {
      lock.unlock();
    }
  }

  private boolean isClosing() {
    lock.lock();
    try {
      return closing;
    } finally {
      lock.unlock();
    }
  }

  /** Throws the reader's failure, if any, clearing the interrupt it caused; else returns. */
  void rethrowFailure() {
    RuntimeException f;
    lock.lock();
    try {
      f = failure;
    } finally {
      lock.unlock();
    }
    if (f != null) {
      Thread.interrupted();
      throw f;
    }
  }

  /** Throws the reader's failure, if any; call with {@code lock} held. */
  private void throwFailure() {
    if (failure != null) {
      throw failure;
    }
  }
}
