package dev.processors.serving;

import dev.processors.core.ProcessorRun;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runs a server has in progress, so closing the server cancels them all. Thread-safe; once
 * closed, a run added is closed at once.
 */
final class ActiveRuns {
  private final Set<ProcessorRun> runs = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition emptied = lock.newCondition();
  private volatile boolean closed;

  /** Tracks {@code run}; closes it at once if the server is closing. */
  void add(ProcessorRun run) {
    runs.add(run);
    if (closed) {
      run.close();
    }
  }

  /** Stops tracking {@code run}: its client has been told how it ended. */
  void remove(ProcessorRun run) {
    runs.remove(run);
    lock.lock();
    try {
      emptied.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no run is tracked, for at most {@code timeout}. */
  void awaitEmpty(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (!runs.isEmpty() && nanos > 0) {
        nanos = emptied.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  int size() {
    return runs.size();
  }

  /** Cancels every run and refuses new ones. */
  void closeAll() {
    closed = true;
    for (ProcessorRun run : runs) {
      run.close();
    }
  }
}
