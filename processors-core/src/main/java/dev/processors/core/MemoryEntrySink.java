package dev.processors.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/** Keeps entries in memory; counts every event in a progress counter a replay watches. */
final class MemoryEntrySink implements EntrySink {
  private final ReentrantLock lock = new ReentrantLock();
  private final List<RecordingEntry> entries = new ArrayList<>();
  private final Positions positions = new Positions();
  private final Instant startedAt;
  private final Map<String, String> labels;
  private final AtomicLong progress;
  private boolean closed;

  MemoryEntrySink(Instant startedAt, Map<String, String> labels, AtomicLong progress) {
    this.startedAt = startedAt;
    this.labels = Map.copyOf(labels);
    this.progress = progress;
  }

  @Override
  public void add(long nanos, String point, int call, Kind kind, ProcessorPart part, String text) {
    lock.lock();
    try {
      if (!closed) {
        entries.add(EntrySink.entry(positions, nanos, point, call, kind, part, text));
      }
    } finally {
      lock.unlock();
    }
    progress.incrementAndGet();
  }

  @Override
  public long entries() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<String> stopReason() {
    return Optional.empty();
  }

  @Override
  public Recording recording() {
    lock.lock();
    try {
      return new RecordedSession(
          Recording.FORMAT_VERSION, startedAt, labels, entries, Optional.empty());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }
}
