package dev.processors.gemini;

import dev.processors.core.RetryPolicy;
import java.net.URI;
import java.time.Duration;

/**
 * The settings of a {@link LiveApiProcessor}: where to connect, with which key, what each
 * connection's setup asks for, and the session's timeouts. Immutable; {@link #toString()} never
 * shows the key.
 */
record LiveConfig(
    String apiKey,
    String baseUrl,
    String apiVersion,
    LiveSetup setup,
    Duration connectTimeout,
    Duration drainTimeout,
    RetryPolicy reconnectPolicy) {
  /** The model name. */
  String model() {
    return setup.model();
  }

  /** The BidiGenerateContent WebSocket endpoint. */
  URI uri() {
    String base = baseUrl.replaceFirst("^http", "ws");
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(
        base
            + "/ws/google.ai.generativelanguage."
            + apiVersion
            + ".GenerativeService.BidiGenerateContent");
  }

  @Override
  public String toString() {
    return "LiveApiProcessor.Config[model="
        + model()
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + "]";
  }
}
