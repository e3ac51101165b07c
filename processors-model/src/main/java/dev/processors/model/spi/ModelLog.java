package dev.processors.model.spi;

import dev.processors.model.ModelException;
import dev.processors.model.ModelSettings;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What a model logs, on the {@code System.Logger} named {@value #NAME}: one {@code DEBUG} line per
 * request sent, stream end and stream failure, one {@code INFO} line per retry; and with {@link
 * ModelSettings#logRequestsAndResponses()} the whole request, the HTTP request line and headers and
 * the response at {@code INFO}. Everything logged passes through a {@link Redaction} first.
 * Immutable and thread-safe.
 */
final class ModelLog {
  static final String NAME = "dev.processors.model";
  private static final System.Logger LOG = System.getLogger(NAME);

  private final String provider;
  private final String model;
  private final boolean traffic;
  private final Redaction redaction;

  ModelLog(String provider, ModelSettings settings) {
    this.provider = provider;
    this.model = settings.model();
    this.traffic = settings.logRequestsAndResponses();
    this.redaction = new Redaction(settings.apiKey().orElse(null));
  }

  /** Whether requests and responses are logged whole. */
  boolean traffic() {
    return traffic;
  }

  void requestSent(int attempt, Supplier<String> requestJson) {
    if (traffic) {
      log(Level.INFO, "request (attempt " + attempt + "): " + requestJson.get());
    } else {
      log(Level.DEBUG, "request sent (attempt " + attempt + ")");
    }
  }

  /** The HTTP request line and headers, credential headers masked. */
  void http(String method, String url, Iterable<String> headerNames, UnaryOperator<String> value) {
    if (!traffic) {
      return;
    }
    StringBuilder b = new StringBuilder("http ").append(method).append(' ').append(url);
    for (String name : headerNames) {
      b.append("\n  ")
          .append(name)
          .append(": ")
          .append(Redaction.secretHeader(name) ? Redaction.MASK : value.apply(name));
    }
    log(Level.INFO, b.toString());
  }

  void ended(int attempts, Supplier<String> responseSummary) {
    if (traffic) {
      log(Level.INFO, "response (" + attempts + " attempt(s)): " + responseSummary.get());
    } else {
      log(Level.DEBUG, "stream ended after " + attempts + " attempt(s)");
    }
  }

  /**
   * An attempt failed; a cut stream shows as a {@code TruncatedStreamException} or transport error.
   */
  void failed(int attempt, ModelException error, boolean retrying) {
    String what =
        "attempt "
            + attempt
            + " failed: "
            + error.getClass().getSimpleName()
            + " ("
            + error.getMessage()
            + ")";
    log(retrying ? Level.INFO : Level.DEBUG, retrying ? what + "; retrying" : what + "; giving up");
  }

  private void log(Level level, String message) {
    if (LOG.isLoggable(level)) {
      LOG.log(level, redaction.apply(provider + " " + model + ": " + message));
    }
  }
}
