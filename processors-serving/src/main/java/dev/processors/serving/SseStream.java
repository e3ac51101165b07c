package dev.processors.serving;

import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.sse.SseSink;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SSE response: writes events from the request's thread and, while nothing was written for a
 * heartbeat interval, a comment line from a virtual thread of its own, so a client that went away
 * is noticed even while the run is silent. When a write fails, {@code onClientGone} runs once (it
 * cancels the run). Thread-safe: writes are serialised by a lock.
 */
final class SseStream implements AutoCloseable {
  private final SseSink sink;
  private final long heartbeatNanos;
  private final Runnable onClientGone;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread heartbeat;
  private long lastWrite = System.nanoTime();
  private boolean closed;
  private boolean gone;

  SseStream(SseSink sink, Duration heartbeat, Runnable onClientGone) {
    this.sink = sink;
    this.heartbeatNanos = heartbeat.toNanos();
    this.onClientGone = onClientGone;
    this.heartbeat = Thread.ofVirtual().name("processors:sse-heartbeat").start(this::beat);
  }

  /** Writes one event; false if the client is gone (the run has been cancelled). */
  boolean emit(String name, String data) {
    return write(SseEvent.builder().name(name).data(data).build());
  }

  /** True once a write failed. */
  boolean clientGone() {
    lock.lock();
    try {
      return gone;
    } finally {
      lock.unlock();
    }
  }

  private boolean write(SseEvent event) {
    boolean failed = false;
    lock.lock();
    try {
      if (gone || closed) {
        return !gone;
      }
      try {
        sink.emit(event);
        lastWrite = System.nanoTime();
      } catch (RuntimeException e) {
        gone = true;
        failed = true;
      }
    } finally {
      lock.unlock();
    }
    if (failed) {
      onClientGone.run();
      return false;
    }
    return true;
  }

  private void beat() {
    lock.lock();
    try {
      while (!closed && !gone) {
        long idle = System.nanoTime() - lastWrite;
        if (idle < heartbeatNanos) {
          changed.awaitNanos(heartbeatNanos - idle);
          continue;
        }
        lock.unlock();
        try {
          // A comment with empty data: EventSource ignores it (no data, nothing dispatched).
          write(SseEvent.builder().comment("keep-alive").data("").build());
        } finally {
          lock.lock();
        }
      }
    } catch (InterruptedException e) {
      // closing
    } finally {
      lock.unlock();
    }
  }

  /** Stops the heartbeat and ends the response. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    heartbeat.interrupt();
    try {
      heartbeat.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      sink.close();
    } catch (RuntimeException e) {
      // the client is gone; nothing left to end
    }
  }
}
