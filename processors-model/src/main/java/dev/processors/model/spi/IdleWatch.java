package dev.processors.model.spi;

import dev.processors.core.Clock;
import dev.processors.core.TaskScope;
import java.time.Duration;

/**
 * Cuts a call whose stream stays silent for longer than the model's read timeout, counted from the
 * start of the HTTP call and from each event read since. One task of the generation's run per
 * attempt, asleep until the silence would be too long; it wakes about once per {@code readTimeout},
 * not once per event, and the reads themselves wait without a timer (the HTTP client has no socket
 * read timeout, see {@link OkHttpCalls#client}).
 */
final class IdleWatch {
  private IdleWatch() {}

  /**
   * Starts watching {@code call}; closing the returned scope stops the watch and waits for it.
   *
   * @throws java.util.concurrent.CancellationException if the calling thread's run is cancelled
   */
  static TaskScope start(HttpCallControl call, Duration readTimeout) {
    TaskScope scope = TaskScope.open();
    try {
      scope.fork("model-idle-watch", () -> watch(call, readTimeout));
      return scope;
    } catch (RuntimeException e) {
      scope.close();
      throw e;
    }
  }

  private static void watch(HttpCallControl call, Duration readTimeout) {
    long limit = readTimeout.toNanos();
    Clock clock = Clock.system();
    try {
      while (true) {
        if (!call.attached()) {
          // the SDK is still preparing the request: silence counts from the start of the call
          clock.sleepUntil(clock.nanoTime() + limit);
          continue;
        }
        long deadline = call.lastReceived() + limit;
        if (clock.nanoTime() - deadline >= 0) {
          call.stall(readTimeout);
          return;
        }
        clock.sleepUntil(deadline);
      }
    } catch (InterruptedException attemptEnded) {
      // the attempt ended (or the run was cancelled): nothing to watch any more
    }
  }
}
