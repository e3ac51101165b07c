package dev.processors.gemini;

import dev.processors.core.Clock;
import dev.processors.core.PartSink;
import dev.processors.core.Wakeup;
import java.util.Optional;
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
  private final LiveConfig config;
  private final Clock clock;
  private final LiveOutput output;
  private final ReentrantLock sendLock = new ReentrantLock();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition sessionChanged = lock.newCondition();
  private final Wakeup news = Wakeup.create();
  private final LiveTurns turns = new LiveTurns(); // guarded by lock
  private LiveSession session; // guarded by lock
  private boolean closing; // guarded by lock
  private RuntimeException failure; // guarded by lock

  /**
   * @param out a sink several threads may emit into ({@link PartSink#shared()})
   */
  LiveLink(LiveConfig config, Clock clock, PartSink out) {
    this.config = config;
    this.clock = clock;
    this.output = new LiveOutput(out);
  }

  LiveConfig config() {
    return config;
  }

  LiveOutput output() {
    return output;
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

  /** A new connection, set up (and resuming {@code resumeHandle}'s session if given). */
  LiveSession connect(Optional<String> resumeHandle) throws InterruptedException {
    return LiveSession.open(
        LiveHttp.client(),
        config.uri(),
        config.apiKey(),
        config.setup().message(resumeHandle),
        config.connectTimeout());
  }

  // ------------------------------------------------------------------ the stage thread

  /**
   * The user started speaking (our VAD said so): the model's last answer may still be playing
   * downstream, where the server's own interruption cannot reach it, so stop it here.
   */
  void localBargeIn() {
    output.localBargeIn();
  }

  void audioSent() {
    lock.lock();
    try {
      turns.audioSent();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the audio stream; if audio came after the last answer, an answer to it is awaited. */
  void endAudio() throws InterruptedException {
    lock.lock();
    try {
      turns.audioEnded();
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
        turns.add(json);
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
        if (turns.idle()) {
          return;
        }
      } finally {
        lock.unlock();
      }
      if (!clock.awaitUntil(deadline, news)) {
        lock.lock();
        try {
          throwFailure();
          if (turns.idle()) {
            return;
          }
          throw turns.unanswered(config.drainTimeout());
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

  // ------------------------------------------------------------------ for the reader task

  /** Records the reader's failure and wakes every waiter; the first failure wins. */
  void fail(RuntimeException e) {
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

  /** Updates the turns and the session's state from a decoded server message. */
  void noteServer(LiveMessages.Decoded d) {
    lock.lock();
    try {
      turns.noteServer(d);
    } finally {
      lock.unlock();
    }
    news.signal();
  }

  /** The latest resumption handle the server sent. */
  Optional<String> resumeHandle() {
    lock.lock();
    try {
      return turns.handle();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Holds back every send until {@link #releaseSends()}: the reader swaps connections meanwhile.
   */
  void holdSends() {
    sendLock.lock();
  }

  /** Lets sends go on after {@link #holdSends()}. */
  void releaseSends() {
    sendLock.unlock();
  }

  /**
   * Makes {@code fresh} the connection (call with sends held) and says which turns to send again on
   * it; empty, with {@code fresh} closed, if the link is closing.
   */
  Optional<LiveTurns.Resent> adopt(LiveSession fresh) {
    lock.lock();
    try {
      if (closing) {
        fresh.close();
        return Optional.empty();
      }
      session = fresh;
      sessionChanged.signalAll();
      return Optional.of(turns.resend());
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ helpers

  LiveSession current() {
    lock.lock();
    try {
      return session;
    } finally {
      lock.unlock();
    }
  }

  boolean isClosing() {
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
