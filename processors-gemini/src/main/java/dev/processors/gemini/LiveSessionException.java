package dev.processors.gemini;

import dev.processors.model.LiveException;

/**
 * A Gemini Live API session failed and could not be continued: the setup was refused or timed out,
 * or the connection was lost and could not be resumed (no resumption handle, or every attempt to
 * reconnect failed). The message says which; it never contains the API key.
 */
public final class LiveSessionException extends LiveException {
  LiveSessionException(String message, boolean retryable, Throwable cause) {
    super("gemini-live", message, -1, retryable, null, cause);
  }
}
