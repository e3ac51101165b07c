package dev.processors.examples;

import dev.processors.gemini.LiveApiConnectionLostException;
import dev.processors.gemini.LiveApiException;
import dev.processors.gemini.LiveApiProtocolException;
import dev.processors.gemini.LiveApiSetupException;
import dev.processors.gemini.LiveApiUnansweredException;
import dev.processors.model.AuthenticationException;
import dev.processors.model.BadRequestException;
import dev.processors.model.ModelException;
import dev.processors.model.RateLimitException;
import dev.processors.model.TransportException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

/**
 * Turns an example's failure into one line for the console: which service failed, what went wrong
 * and which environment variable to check for that service. Messages name variables, never their
 * values. Stateless and thread-safe.
 */
final class Failures {
  private Failures() {}

  /** Who an example was talking to when it failed, and what a user sets to reach it. */
  enum Service {
    GEMINI("Gemini", "GEMINI_API_KEY", "GEMINI_MODEL", "the network"),
    GEMINI_LIVE("Gemini's Live API", "GEMINI_API_KEY", "GEMINI_LIVE_MODEL", "the network"),
    OPENAI("OpenAI", "OPENAI_API_KEY", "OPENAI_MODEL", "the network or OPENAI_BASE_URL"),
    SIMULATED(
        "the offline simulated model",
        "nothing (no key is used offline)",
        "nothing",
        "that nothing blocks 127.0.0.1");

    final String label;
    final String keyVariable;
    final String modelVariable;
    final String reach;

    Service(String label, String keyVariable, String modelVariable, String reach) {
      this.label = label;
      this.keyVariable = keyVariable;
      this.modelVariable = modelVariable;
      this.reach = reach;
    }
  }

  /**
   * One line for {@code failure} while talking to {@code service}: what to check first, then the
   * cause's own message. Never contains a line break.
   */
  static IllegalStateException explain(Throwable failure, Service service) {
    String line = service.label + ": " + hint(failure, service);
    return new IllegalStateException(oneLine(line), failure);
  }

  private static String hint(Throwable failure, Service service) {
    Optional<ModelException> model = cause(failure, ModelException.class);
    if (model.isPresent()) {
      ModelException e = model.get();
      String status = e.statusCode().isPresent() ? " (HTTP " + e.statusCode().getAsInt() + ")" : "";
      return switch (e) {
            case AuthenticationException a ->
                "the API key was refused" + status + "; check " + service.keyVariable;
            case TransportException t ->
                "the service cannot be reached (" + rootMessage(t) + "); check " + service.reach;
            case RateLimitException r -> "rate limit or quota reached" + status + "; try later";
            case BadRequestException b ->
                "the request was rejected"
                    + status
                    + "; is the model name right? (check "
                    + service.modelVariable
                    + ")";
            default -> "the model call failed" + status;
          }
          + ": "
          + e.getMessage();
    }
    Optional<LiveApiException> live = cause(failure, LiveApiException.class);
    if (live.isPresent()) {
      LiveApiException e = live.get();
      String what =
          switch (e) {
            case LiveApiSetupException s ->
                unreachable(s)
                    ? "the service cannot be reached ("
                        + rootMessage(s)
                        + "); check "
                        + service.reach
                    : "the session could not be set up; check "
                        + service.keyVariable
                        + " and "
                        + service.modelVariable;
            case LiveApiConnectionLostException c ->
                "the connection was lost (" + rootMessage(c) + "); check " + service.reach;
            case LiveApiProtocolException p -> "the service sent a message we cannot read";
            case LiveApiUnansweredException u ->
                u.unansweredTurns()
                    + " turn(s) went unanswered; check "
                    + service.reach
                    + " and "
                    + service.modelVariable;
          };
      return what + ": " + e.getMessage();
    }
    if (unreachable(failure)) {
      return "the service cannot be reached (" + rootMessage(failure) + "); check " + service.reach;
    }
    Optional<IllegalStateException> setup = cause(failure, IllegalStateException.class);
    if (setup.isPresent() && setup.get().getMessage() != null) {
      return setup.get().getMessage();
    }
    return failure.getMessage() == null ? rootMessage(failure) : failure.getMessage();
  }

  /** True when the cause chain holds a network failure (refused, unresolved, timed out). */
  private static boolean unreachable(Throwable failure) {
    return cause(failure, java.net.ConnectException.class).isPresent()
        || cause(failure, java.net.UnknownHostException.class).isPresent()
        || cause(failure, UnresolvedAddressException.class).isPresent()
        || cause(failure, HttpTimeoutException.class).isPresent()
        || cause(failure, java.net.SocketTimeoutException.class).isPresent()
        || (cause(failure, IOException.class).isPresent()
            && failure instanceof LiveApiSetupException s
            && s.retryable());
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String name = root.getClass().getSimpleName();
    return root.getMessage() == null ? name : name + ": " + root.getMessage();
  }

  static <T extends Throwable> Optional<T> cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return Optional.of(type.cast(c));
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return Optional.empty();
  }
}
