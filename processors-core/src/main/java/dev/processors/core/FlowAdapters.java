package dev.processors.core;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/** Bridges to {@link java.util.concurrent.Flow}: runs as publishers, publishers as input. */
final class FlowAdapters {
  private FlowAdapters() {}

  /** A cold publisher: each subscription starts its own run of {@code processor} over input. */
  static Flow.Publisher<ProcessorPart> publisher(
      Processor processor, Iterable<? extends ProcessorPart> input) {
    Objects.requireNonNull(processor, "processor");
    Objects.requireNonNull(input, "input");
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber");
      new RunSubscription(processor, input, subscriber).start();
    };
  }

  /**
   * One subscription: a virtual thread starts the run, signals onSubscribe, then delivers parts
   * while there is demand, parking otherwise. All signals come from that thread, so they are
   * serial.
   */
  private static final class RunSubscription implements Flow.Subscription {
    private final Processor processor;
    private final Iterable<? extends ProcessorPart> input;
    private final Flow.Subscriber<? super ProcessorPart> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;
    private volatile Throwable badRequest;
    private volatile Thread worker;

    RunSubscription(
        Processor processor,
        Iterable<? extends ProcessorPart> input,
        Flow.Subscriber<? super ProcessorPart> subscriber) {
      this.processor = processor;
      this.input = input;
      this.subscriber = subscriber;
    }

    void start() {
      worker = Thread.ofVirtual().name("processors:publisher").start(this::deliver);
    }

    private void deliver() {
      try {
        subscriber.onSubscribe(this);
      } catch (Throwable t) {
        cancelled = true;
        return;
      }
      try (ProcessorRun run = processor.start(input)) {
        Iterator<ProcessorPart> it = run.iterator();
        while (true) {
          // Look ahead first (without demand) so completion and errors are signalled at once.
          boolean more;
          try {
            more = it.hasNext();
          } catch (CancellationException e) {
            if (cancelled) {
              return;
            }
            throw e;
          }
          if (!more) {
            if (!cancelled) {
              cancelled = true;
              subscriber.onComplete();
            }
            return;
          }
          while (demand.get() == 0 && !cancelled && badRequest == null) {
            LockSupport.park(this);
          }
          if (badRequest != null) {
            cancelled = true;
            subscriber.onError(badRequest);
            return;
          }
          if (cancelled) {
            return;
          }
          ProcessorPart part = it.next();
          demand.decrementAndGet();
          subscriber.onNext(part);
        }
      } catch (Throwable t) {
        if (!cancelled) {
          cancelled = true;
          subscriber.onError(t);
        }
      }
    }

    @Override
    public void request(long n) {
      if (cancelled) {
        return;
      }
      if (n <= 0) {
        badRequest = new IllegalArgumentException("request must be positive (rule 3.9), got " + n);
      } else {
        demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
      }
      LockSupport.unpark(worker);
    }

    @Override
    public void cancel() {
      if (!cancelled) {
        cancelled = true;
        Thread w = worker;
        if (w != null && w != Thread.currentThread()) {
          w.interrupt();
        }
      }
    }
  }

  /** A publisher as run input: a bounded buffer, refilled by requesting half of it at a time. */
  static PartStream stream(Flow.Publisher<? extends ProcessorPart> publisher, int buffer) {
    Objects.requireNonNull(publisher, "publisher");
    Checks.atLeast(buffer, 2, "buffer");
    SubscriberStream stream = new SubscriberStream(buffer);
    publisher.subscribe(stream);
    return stream;
  }

  private static final class SubscriberStream
      implements Flow.Subscriber<ProcessorPart>, ClosableStream {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ProcessorPart> queue = new ArrayDeque<>();
    private final int capacity;
    private final int batch;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Flow.Subscription subscription;
    private boolean complete;
    private Throwable error;
    private int consumedSinceRequest;
    private ProcessorPart next;

    SubscriberStream(int capacity) {
      this.capacity = capacity;
      this.batch = Math.max(1, capacity / 2);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      Objects.requireNonNull(s, "subscription");
      lock.lock();
      try {
        if (subscription != null || closed.get()) {
          s.cancel();
          return;
        }
        subscription = s;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      s.request(capacity);
    }

    @Override
    public void onNext(ProcessorPart part) {
      Objects.requireNonNull(part, "part");
      lock.lock();
      try {
        if (queue.size() >= capacity) {
          error = new IllegalStateException("the publisher sent more parts than requested");
          complete = true;
        } else {
          queue.add(part);
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onError(Throwable t) {
      lock.lock();
      try {
        error = Objects.requireNonNull(t, "error");
        complete = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onComplete() {
      lock.lock();
      try {
        complete = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      Flow.Subscription toRequest = null;
      lock.lock();
      try {
        while (queue.isEmpty() && !complete) {
          try {
            changed.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancellationException("interrupted while waiting for the publisher");
          }
        }
        next = queue.poll();
        if (next == null) {
          if (error != null) {
            throw new ProcessorException("publisher", error);
          }
          return false;
        }
        if (++consumedSinceRequest >= batch) {
          consumedSinceRequest = 0;
          toRequest = subscription;
        }
      } finally {
        lock.unlock();
      }
      if (toRequest != null) {
        toRequest.request(batch);
      }
      return true;
    }

    @Override
    public ProcessorPart next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the stream has ended");
      }
      ProcessorPart p = next;
      next = null;
      return p;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        Flow.Subscription s;
        lock.lock();
        try {
          s = subscription;
        } finally {
          lock.unlock();
        }
        if (s != null) {
          s.cancel();
        }
      }
    }
  }
}
