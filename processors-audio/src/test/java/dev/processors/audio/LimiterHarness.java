package dev.processors.audio;

import static org.assertj.core.api.Assertions.fail;

import dev.processors.core.PartQueue;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs an {@link AudioRateLimiter} directly (outside a pipeline, so nothing downstream reorders or
 * drops its output) on a virtual clock, recording the virtual time of every part it emits. The
 * limiter's release task emits synchronously, so a recorded time is the release time.
 */
final class LimiterHarness implements AutoCloseable {
  /** A part and the virtual time it was emitted at. */
  record Released(long at, ProcessorPart part) {
    long atMillis() {
      return TimeUnit.NANOSECONDS.toMillis(at);
    }
  }

  final VirtualClock clock;
  private final PartQueue input;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition grew = lock.newCondition();
  private final List<Released> released = new ArrayList<>();
  private final Thread runner;
  private volatile Throwable failure;

  LimiterHarness(AudioRateLimiter limiter, VirtualClock clock) {
    this(limiter, clock, PartQueue.create(1024), part -> {});
  }

  /**
   * A harness whose limiter emits into {@code downstream} first (it may block or throw, as a next
   * stage or a device would); a part is recorded only once {@code downstream} has taken it.
   */
  static LimiterHarness emittingTo(
      AudioRateLimiter limiter, VirtualClock clock, PartSink downstream) {
    return new LimiterHarness(limiter, clock, PartQueue.create(1024), downstream);
  }

  private LimiterHarness(
      AudioRateLimiter limiter, VirtualClock clock, PartQueue queue, PartSink downstream) {
    this(limiter, clock, (Iterable<ProcessorPart>) queue, queue, downstream);
  }

  private final AtomicInteger pulled = new AtomicInteger();
  private volatile boolean readerWaiting;

  /** Counts the parts the limiter has taken and notes when it waits for the next one. */
  private Iterable<ProcessorPart> counting(Iterable<ProcessorPart> source) {
    return () -> {
      Iterator<ProcessorPart> it = source.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          readerWaiting = true;
          try {
            return it.hasNext();
          } finally {
            readerWaiting = false;
          }
        }

        @Override
        public ProcessorPart next() {
          ProcessorPart p = it.next();
          pulled.incrementAndGet();
          return p;
        }
      };
    };
  }

  /**
   * Waits until the limiter has accepted {@code count} parts into its buffer and is waiting for
   * more input (it asks for the next part only after accepting the previous one).
   */
  void awaitAccepted(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pulled.get() < count || !readerWaiting) {
      if (System.nanoTime() > deadline) {
        fail("the limiter accepted " + pulled.get() + " parts, expected " + count);
      }
      LockSupport.parkNanos(20_000);
    }
  }

  /** A harness reading {@code source} instead of a queue. */
  static LimiterHarness reading(
      AudioRateLimiter limiter, VirtualClock clock, Iterable<ProcessorPart> source) {
    return new LimiterHarness(limiter, clock, source, null, part -> {});
  }

  private LimiterHarness(
      AudioRateLimiter limiter,
      VirtualClock clock,
      Iterable<ProcessorPart> source,
      PartQueue queue,
      PartSink downstream) {
    this.clock = clock;
    this.input = queue;
    this.runner =
        Thread.ofPlatform()
            .name("limiter-under-test")
            .start(
                () -> {
                  try {
                    limiter.process(
                        PartStream.of(counting(source)),
                        part -> {
                          downstream.emit(part);
                          record(part);
                        });
                  } catch (Throwable t) {
                    failure = t;
                  }
                });
  }

  private void record(ProcessorPart part) {
    lock.lock();
    try {
      released.add(new Released(clock.nanoTime(), part));
      grew.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void put(ProcessorPart part) {
    input.put(part);
  }

  /** Waits until exactly {@code count} parts wait in the input queue and stay there a moment. */
  void awaitQueued(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (input.size() != count) {
      if (System.nanoTime() > deadline) {
        fail("the input queue holds " + input.size() + " parts, expected " + count);
      }
      Thread.sleep(1);
    }
    Thread.sleep(20);
    if (input.size() != count) {
      fail("the input queue kept draining: " + input.size() + " parts, expected " + count);
    }
  }

  void endInput() {
    input.close();
  }

  /** Waits until at least {@code count} parts were emitted; returns all emitted so far. */
  List<Released> awaitOutput(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    lock.lock();
    try {
      while (released.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          fail("expected " + count + " parts, got " + released.size() + ": " + released);
        }
        grew.awaitNanos(left);
      }
      return new ArrayList<>(released);
    } finally {
      lock.unlock();
    }
  }

  /** Everything emitted so far. */
  List<Released> output() {
    lock.lock();
    try {
      return new ArrayList<>(released);
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the release task to sleep until a future time, moves the clock there. */
  long step() {
    long next = nextRelease();
    clock.advanceTo(next);
    return next;
  }

  /** Waits for the release task to sleep until a future time and returns that time. */
  long nextRelease() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int spins = 0;
    while (true) {
      OptionalLong next = clock.nextDeadline();
      if (next.isPresent() && next.getAsLong() > clock.nanoTime()) {
        return next.getAsLong();
      }
      if (failure != null) {
        fail("the limiter failed", failure);
      }
      if (System.nanoTime() > deadline) {
        fail("the limiter never went to sleep; output so far: " + output());
      }
      if (++spins < 100) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(20_000);
      }
    }
  }

  /** Waits for the limiter to return; rethrows what it threw. */
  void awaitEnd() throws Throwable {
    runner.join(TimeUnit.SECONDS.toMillis(10));
    if (runner.isAlive()) {
      fail("the limiter did not end; output so far: " + output());
    }
    if (failure != null) {
      throw failure;
    }
  }

  boolean isRunning() {
    return runner.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (input != null) {
      input.close();
    }
    runner.interrupt();
    runner.join(TimeUnit.SECONDS.toMillis(10));
  }
}
