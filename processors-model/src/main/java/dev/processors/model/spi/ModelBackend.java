package dev.processors.model.spi;

import dev.processors.model.ModelException;

/**
 * What a provider adapter supplies to {@link ModelRunner}: building its SDK request from a
 * conversation, streaming one attempt of it, and naming its errors.
 *
 * @param <R> the prepared request (immutable; reused by every attempt)
 */
public interface ModelBackend<R> {

  /** The provider name used in errors: {@code gemini} or {@code openai}. */
  String provider();

  /**
   * Builds the request.
   *
   * @throws ModelException (typically {@link BadRequestException}) for input the provider cannot
   *     take
   */
  R prepare(Conversation conversation);

  /** The exact request as JSON text: the cache key. */
  String describe(R request);

  /**
   * Streams one attempt into {@code out}, on the calling thread, returning when the stream ended
   * normally. Must give up at once when the thread is interrupted, and must cancel its HTTP call
   * through {@code call} before closing the stream on any early exit.
   */
  void stream(R request, GenerationOutput out, HttpCallControl call) throws Exception;

  /**
   * The typed error for a failure of {@link #stream}, or null if it is none of the SDK's (a bug,
   * which then propagates as it is).
   */
  ModelException classify(Throwable error, HttpCallControl call);
}
