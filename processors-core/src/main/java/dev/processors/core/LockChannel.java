package dev.processors.core;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded multi-producer channel on a lock: used where several threads write (a {@link
 * PartQueue}, fan-in). Slower than {@link SpscChannel} but simple; the hot path of a pipeline does
 * not use it. Control parts have a lane of their own, bounded too (at least {@value
 * #MIN_PRIORITY_CAPACITY} parts, or the data capacity if larger): a writer blocks when it is full,
 * exactly as on the data lane.
 */
final class LockChannel implements Channel {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Condition priorityNotFull = lock.newCondition();
  private final ArrayDeque<ProcessorPart> data;
  private final ArrayDeque<ProcessorPart> priority = new ArrayDeque<>();
  private final int capacity;
  private final int priorityCapacity;

  static final int MIN_PRIORITY_CAPACITY = 64;
  private int openProducers;
  private boolean consumerGone;
  private boolean endDelivered; // the reader has been given the end (or the failure)
  private Throwable failure;
  private long dropped;
  private volatile int waitingForRoom; // writers in put() waiting for room; changed under the lock

  LockChannel(int capacity, int producers) {
    this.capacity = Checks.positive(capacity, "capacity");
    this.priorityCapacity = Math.max(capacity, MIN_PRIORITY_CAPACITY);
    this.data = new ArrayDeque<>(Math.min(capacity, 1024));
    this.openProducers = producers;
  }

  @Override
  public void put(ProcessorPart part) {
    lock.lock();
    try {
      if (consumerGone) {
        throw new DownstreamClosedException();
      }
      if (openProducers <= 0) {
        throw new IllegalStateException("cannot add a part after the stream was closed");
      }
      if (part.isControl()) {
        while (priority.size() >= priorityCapacity) {
          awaitUninterruptibly(priorityNotFull);
          if (consumerGone) {
            throw new DownstreamClosedException();
          }
        }
        addPriority(part);
        return;
      }
      if (data.size() >= capacity) {
        waitingForRoom++;
        try {
          while (data.size() >= capacity) {
            awaitUninterruptibly(notFull);
            if (consumerGone) {
              throw new DownstreamClosedException();
            }
          }
        } finally {
          waitingForRoom--;
        }
      }
      data.add(part);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** True while a writer waits for room in the data lane (read without the lock). */
  @Override
  public boolean isProducerWaiting() {
    return waitingForRoom > 0;
  }

  /** Adds without blocking; false if full. */
  boolean offer(ProcessorPart part) {
    lock.lock();
    try {
      if (consumerGone) {
        throw new DownstreamClosedException();
      }
      if (openProducers <= 0) {
        throw new IllegalStateException("cannot add a part after the stream was closed");
      }
      if (part.isControl()) {
        if (priority.size() >= priorityCapacity) {
          return false;
        }
        addPriority(part);
        return true;
      }
      if (data.size() >= capacity) {
        return false;
      }
      data.add(part);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void addPriority(ProcessorPart part) {
    if (part.isInterrupt()) {
      dropped += data.size();
      data.clear();
      notFull.signalAll();
    }
    priority.add(part);
    notEmpty.signal();
  }

  @Override
  public void putOutOfBand(ProcessorPart part) {
    lock.lock();
    try {
      while (!consumerGone && priority.size() >= priorityCapacity) {
        awaitUninterruptibly(priorityNotFull);
      }
      if (consumerGone || endDelivered) {
        // the reader left, or already saw the end: the part could never be read
        throw new DownstreamClosedException();
      }
      addPriority(part);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void complete() {
    lock.lock();
    try {
      if (openProducers > 0) {
        openProducers--;
      }
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream with an error: the consumer gets it after the queued parts. */
  void fail(Throwable error) {
    lock.lock();
    try {
      if (failure == null) {
        failure = error;
      }
      openProducers = 0;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean isClosedForProducers() {
    lock.lock();
    try {
      return openProducers <= 0 || consumerGone;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ProcessorPart take() {
    lock.lock();
    try {
      while (true) {
        ProcessorPart p = priority.poll();
        if (p != null) {
          priorityNotFull.signal();
          return p;
        }
        p = data.poll();
        if (p != null) {
          notFull.signal();
          return p;
        }
        if (openProducers <= 0) {
          endDelivered = true;
          if (failure != null) {
            throw new ProcessorException("input", failure);
          }
          return null;
        }
        awaitUninterruptibly(notEmpty);
      }
    } finally {
      lock.unlock();
    }
  }

  // Waits, turning an interrupt into a cancellation; the interrupt flag is kept.
  private static void awaitUninterruptibly(Condition c) {
    try {
      c.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting on a channel");
    }
  }

  @Override
  public void consumerDone() {
    lock.lock();
    try {
      consumerGone = true;
      data.clear();
      priority.clear();
      notFull.signalAll();
      priorityNotFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void wakeConsumer() {
    lock.lock();
    try {
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long droppedByInterrupt() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return data.size() + priority.size();
    } finally {
      lock.unlock();
    }
  }
}
