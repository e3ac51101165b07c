package dev.processors.gemini;

import dev.processors.core.RetryPolicy;
import java.util.Optional;

/**
 * The reader task of a {@link LiveApiProcessor} run: emits what the server says through the link's
 * {@link LiveOutput}, and resumes the session on a new connection when the server sends {@code
 * goAway}, closes, or the connection fails, sending every pending turn again there (see {@link
 * LiveLink}). Runs on one task of the run; ends when the link closes or the session cannot go on.
 */
final class LiveReader {
  private final LiveLink link;
  private final LiveConfig config;
  private final LiveOutput output;

  LiveReader(LiveLink link) {
    this.link = link;
    this.config = link.config();
    this.output = link.output();
  }

  /**
   * Reads until the link closes.
   *
   * @throws LiveApiException when the session cannot go on (also recorded on the link)
   */
  void read() throws InterruptedException {
    try {
      LiveSession s = link.current();
      while (true) {
        LiveSession.Event e = s.next(config.connectTimeout());
        if (link.isClosing()) {
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
      link.fail(e);
      throw e;
    }
  }

  /** Emits a message's parts and updates the link's state; true if the server said goAway. */
  private boolean handle(LiveSession.Message m) {
    LiveMessages.Decoded d = LiveMessages.decode(m.json());
    d.parts().forEach(output::server);
    if (d.turnComplete() || d.interrupted()) {
      output.nextUtterance();
    }
    link.noteServer(d);
    return d.goAway();
  }

  private LiveSession reconnect(String why, LiveSession old) throws InterruptedException {
    Optional<String> h = link.resumeHandle();
    if (h.isEmpty()) {
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
        LiveSession fresh = link.connect(h);
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
    link.holdSends();
    try {
      Optional<LiveTurns.Resent> adopted = link.adopt(fresh);
      if (adopted.isEmpty()) {
        return;
      }
      var again = adopted.get().again();
      if (adopted.get().partial()) {
        // The answer under way is lost with the connection; it comes again whole.
        output.nextUtterance();
        output.interrupted();
      }
      output.debug("live session resumed after: " + why + "; turns sent again: " + again.size());
      for (LiveTurns.Turn t : again) {
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
      link.releaseSends();
    }
  }
}
