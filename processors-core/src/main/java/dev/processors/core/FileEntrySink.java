package dev.processors.core;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands events to a writer thread through a bounded queue: the recording threads pay for a clock
 * read and a queue hand-off, the writer serialises. When the queue is full, recording threads wait
 * for room (memory stays bounded).
 */
final class FileEntrySink implements EntrySink {
  private static final Event CLOSE = new Event(0, "", 0, Kind.START, null, null);

  private record Event(
      long nanos, String point, int call, Kind kind, ProcessorPart part, String text) {}

  private final Path file;
  private final RecordingWriter writer;
  private final ArrayBlockingQueue<Event> queue;
  private final Thread thread;
  private final AtomicLong entries = new AtomicLong();
  private final Positions positions = new Positions();
  private volatile boolean closed;
  private volatile RuntimeException failure;
  private volatile Optional<String> stopReason = Optional.empty();

  FileEntrySink(Path file, RecordingWriter writer, int capacity) {
    this.file = file;
    this.writer = writer;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread =
        Thread.ofPlatform()
            .daemon()
            .name("processors-recorder " + file.getFileName())
            .start(this::drain);
  }

  @Override
  public void add(long nanos, String point, int call, Kind kind, ProcessorPart part, String text) {
    if (closed || failure != null) {
      return;
    }
    entries.incrementAndGet();
    Event event = new Event(nanos, point, call, kind, part, text);
    if (!queue.offer(event)) {
      try {
        queue.put(event);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the run is being cancelled: the entry is lost
      }
    }
  }

  private void drain() {
    List<Event> batch = new ArrayList<>(256);
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch, 255);
        for (Event e : batch) {
          if (e == CLOSE) {
            writer.close();
            stopReason = writer.stopReason();
            return;
          }
          writer.write(
              EntrySink.entry(positions, e.nanos, e.point, e.call, e.kind, e.part, e.text));
        }
        batch.clear();
        if (queue.isEmpty()) {
          writer.flush(); // a crash loses little
        }
        stopReason = writer.stopReason();
      }
    } catch (InterruptedException e) {
      writer.abandon();
    } catch (RuntimeException e) {
      failure = e;
      stopReason = Optional.of("writing failed: " + e.getMessage());
      writer.abandon();
      queue.clear(); // no one waits for room any more
    }
  }

  @Override
  public long entries() {
    return entries.get();
  }

  @Override
  public Optional<String> stopReason() {
    return stopReason;
  }

  @Override
  public Recording recording() {
    return closed && !thread.isAlive() && failure == null
        ? Recording.read(file)
        : Recording.readTruncated(file);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      boolean interrupted = false;
      while (thread.isAlive() && failure == null) {
        try {
          if (queue.offer(CLOSE, 10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException f = failure;
    if (f != null) {
      throw f instanceof UncheckedIOException u
          ? u
          : new IllegalStateException("recording to " + file + " failed: " + f.getMessage(), f);
    }
  }
}
