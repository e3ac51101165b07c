package dev.processors.serving;

import dev.processors.core.ProcessorRun;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs a server has in progress, so closing the server cancels them all. Thread-safe; once
 * closed, a run added is closed at once.
 */
final class ActiveRuns {
  private final Set<ProcessorRun> runs = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Tracks {@code run}; closes it at once if the server is closing. */
  void add(ProcessorRun run) {
    runs.add(run);
    if (closed) {
      run.close();
    }
  }

  void remove(ProcessorRun run) {
    runs.remove(run);
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
