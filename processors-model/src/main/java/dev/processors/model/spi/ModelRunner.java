package dev.processors.model.spi;

import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorCache;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.core.TaskScope;
import dev.processors.model.ModelException;
import dev.processors.model.ModelParts;
import dev.processors.model.ModelSettings;
import dev.processors.model.OutputSchema;
import dev.processors.model.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The part of a model processor that is the same for every provider: read the conversation, serve
 * it from the cache if asked, stream it with retries (continuing after a failure without
 * duplicating or losing output), and turn interruption into cancellation.
 *
 * <p>Immutable and shared by every run of its model; all per-generation state lives in {@link
 * #process}'s locals.
 */
public final class ModelRunner<R> {
  private final ModelBackend<R> backend;
  private final RetryPolicy retryPolicy;
  private final boolean resume;
  private final ProcessorCache cache;
  private final OutputSchema schema;
  private final ModelLog log;
  private final Duration readTimeout;

  /** A runner of {@code backend} with the retry, resume, cache and schema of {@code settings}. */
  public ModelRunner(ModelBackend<R> backend, ModelSettings settings) {
    this.backend = backend;
    this.retryPolicy = settings.retryPolicy();
    this.resume = settings.resumeAfterFailure();
    this.cache = settings.cache().orElse(null);
    this.schema = settings.responseSchema().orElse(null);
    this.log = new ModelLog(backend.provider(), settings);
    this.readTimeout = settings.readTimeout();
  }

  /** Generates one answer to the whole input. */
  public void process(PartStream in, PartSink out) throws Exception {
    List<ProcessorPart> input = in.toList();
    Conversation conversation = Conversation.of(input, backend.provider());
    R request = backend.prepare(conversation);
    String utteranceId = newUtteranceId();
    List<ProcessorPart> key = null;
    if (cache != null) {
      key = List.of(ProcessorPart.json(backend.describe(request)));
      Optional<List<ProcessorPart>> hit = cache.get(key);
      if (hit.isPresent()) {
        replay(hit.get(), utteranceId, out);
        return;
      }
    }
    List<ProcessorPart> recorded = cache == null ? null : new ArrayList<>();
    PartSink sink =
        recorded == null
            ? out
            : part -> {
              recorded.add(part);
              out.emit(part);
            };
    GenerationOutput output = new GenerationOutput(backend.provider(), sink, utteranceId, schema);
    for (int attempt = 1; ; attempt++) {
      output.beginAttempt();
      log.requestSent(attempt, () -> backend.describe(request));
      try (HttpCallControl call = HttpCallControl.open(log)) {
        try {
          try (TaskScope watch = IdleWatch.start(call, readTimeout)) {
            backend.stream(request, output, call);
          }
          output.complete();
          log.ended(attempt, output::summary);
          break;
        } catch (Throwable t) {
          call.cancel();
          retryOrThrow(stalled(t, call), attempt, output, out, call);
        }
      }
    }
    if (cache != null) {
      cache.put(key, recorded);
    }
  }

  /** {@code t}, or a retryable transport error if it came from the idle watch cutting the call. */
  private Throwable stalled(Throwable t, HttpCallControl call) {
    Optional<Duration> silence = call.stalledAfter();
    if (silence.isEmpty() || Thread.currentThread().isInterrupted()) {
      return t;
    }
    return new TransportException(
        backend.provider(),
        "the stream stayed silent for "
            + silence.get().toMillis()
            + " ms (the read timeout); the call was cut",
        -1,
        null,
        t);
  }

  private void retryOrThrow(
      Throwable t, int attempt, GenerationOutput output, PartSink out, HttpCallControl call)
      throws Exception {
    if (t instanceof Error e && !(t instanceof AssertionError)) {
      throw e;
    }
    if (ModelErrors.isCancellation(t)) {
      throw ModelErrors.cancellation(t);
    }
    ModelException error;
    if (t instanceof ModelException le) {
      error = le;
    } else {
      error = backend.classify(t, call);
      if (error == null) {
        throw t instanceof Exception ex ? ex : new IllegalStateException(t);
      }
    }
    output.attemptFailed(error);
    boolean retry =
        error.retryable()
            && retryPolicy.shouldRetry(error, attempt)
            && (resume || !output.emittedAnything());
    log.failed(attempt, error, retry);
    if (!retry) {
      throw error;
    }
    out.emit(
        ProcessorPart.debug(
                backend.provider()
                    + ": attempt "
                    + attempt
                    + " of "
                    + retryPolicy.maxAttempts()
                    + " failed ("
                    + error.getMessage()
                    + "); retrying")
            .withMetadata(PlaybackTracker.UTTERANCE_ID, output.utteranceId()));
    try {
      retryPolicy.pause(attempt, error);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ModelErrors.cancellation(e);
    }
  }

  private static void replay(List<ProcessorPart> parts, String utteranceId, PartSink out) {
    for (ProcessorPart p : parts) {
      ProcessorPart fresh = p.withMetadata(PlaybackTracker.UTTERANCE_ID, utteranceId);
      if (p.isSignal(dev.processors.core.SignalKind.GENERATION_COMPLETE)) {
        fresh = fresh.withMetadata(ModelParts.CACHED, true);
      }
      out.emit(fresh);
    }
  }

  private static String newUtteranceId() {
    return "utt-" + UUID.randomUUID();
  }
}
