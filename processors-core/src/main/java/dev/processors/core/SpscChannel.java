package dev.processors.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

// Field groups are split over a class hierarchy so that the JVM cannot interleave the producer's
// and the consumer's hot fields on one cache line (see docs/channel-design.md).
abstract class SpscPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class SpscProducerFields extends SpscPad0 {
  long pTail; // next index to write (producer-local)
  long pPublished; // last value stored to tail
  long pHeadCache; // last head the producer read
  volatile long tail; // published: every slot below it is readable
}

abstract class SpscPad1 extends SpscProducerFields {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class SpscConsumerFields extends SpscPad1 {
  long cHead; // next index to read (consumer-local)
  long cTailCache;
  long cReleased; // last value stored to head
  volatile long head; // every slot below it is free for the producer
}

abstract class SpscPad2 extends SpscConsumerFields {
  long p20, p21, p22, p23, p24, p25, p26, p27;
}

/**
 * The stage-to-stage hand-off: a bounded single-producer single-consumer ring with batched
 * publication, after the design measured in the hop study.
 *
 * <ul>
 *   <li>The producer publishes {@code tail} every {@code capacity / 2} parts, when it would block,
 *       when it completes, and at once whenever the consumer is parked, so a lone part is never
 *       held back.
 *   <li>Before parking, the consumer also looks at the slot after the last published one: a part
 *       written but not yet published is taken directly.
 *   <li>Each side wakes the other only when the other is parked (Dekker-style flag, cleared by CAS
 *       so there is at most one unpark per park).
 *   <li>The producer writes a slot without a fence, so a consumer about to park cannot be sure a
 *       put in progress has seen its waiter flag. It can when the producer thread is parked (a
 *       parked thread has published everything it wrote) or has not started: then it parks for
 *       good, after one more look. A running producer usually parks within microseconds of its put
 *       (it goes back to its own input), so the consumer first waits up to {@value #SETTLE_NANOS}
 *       ns for that. Only while the producer keeps running does it park for a linger (50 us,
 *       growing to 1 ms) and look again, so a racing put is never held back longer. A channel
 *       written by several threads in turn (through {@link PartSink#shared()}) fences every put
 *       instead.
 *   <li>Waiting adapts to the arrival rate: a consumer on a platform thread whose recent waits were
 *       short spins for at most twice its average wait (capped at {@value #MAX_SPIN_NANOS} ns)
 *       before parking, because waking a parked thread costs more than that; a consumer whose parts
 *       come far apart (model deltas, live audio) parks at once and costs nothing while it waits.
 *       Virtual threads never spin (they would hold a carrier their producer may need).
 *   <li>A priority lane (lock-protected, bounded) carries control and out-of-band parts; the
 *       consumer checks a volatile counter before each take.
 * </ul>
 */
final class SpscChannel extends SpscPad2 implements Channel {
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(ProcessorPart[].class);
  private static final VarHandle CONSUMER_WAITER;
  private static final VarHandle PRODUCER_WAITER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      CONSUMER_WAITER = l.findVarHandle(SpscChannel.class, "consumerWaiter", Thread.class);
      PRODUCER = l.findVarHandle(SpscChannel.class, "producer", Thread.class);
      PRODUCER_WAITER = l.findVarHandle(SpscChannel.class, "producerWaiter", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** How long a consumer parks while its producer runs, before it looks for unpublished parts. */
  static final long LINGER_NANOS = 50_000;

  /** The longest linger, reached by quadrupling while the producer keeps running. */
  static final long MAX_LINGER_NANOS = 1_000_000;

  /** How long a consumer waits for a running producer to park before it lingers. */
  static final long SETTLE_NANOS = 20_000;

  /** The longest a platform-thread consumer spins before parking. */
  static final long MAX_SPIN_NANOS = 30_000;

  private static final VarHandle PRODUCER;

  private static final int PRIORITY_CAPACITY = 1024;

  private final ProcessorPart[] ring;
  private final int mask;
  private final int capacity;
  private final int publishBatch;
  private final int releaseBatch;
  private final Scope scope;

  private volatile Thread consumerWaiter;
  private volatile Thread producerWaiter;
  private volatile Thread producer; // the thread that writes, once it has written
  private volatile boolean sharedProducers; // written by several threads in turn: fence every put
  private long averageWaitNanos = Long.MAX_VALUE; // consumer-local: recent waits for a part
  private volatile boolean done;
  private volatile boolean consumerGone;

  private final ReentrantLock priorityLock = new ReentrantLock();
  private final Condition priorityNotFull = priorityLock.newCondition();
  private final ArrayDeque<Priority> priority = new ArrayDeque<>();
  private volatile int priorityCount;
  private boolean endDelivered; // guarded by priorityLock: the reader has been given the end
  private long dropped;

  private record Priority(ProcessorPart part, long dropBefore) {}

  SpscChannel(Scope scope, int capacity) {
    if (capacity < 2 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("channel capacity must be a power of two >= 2");
    }
    this.scope = scope;
    this.capacity = capacity;
    this.ring = new ProcessorPart[capacity];
    this.mask = capacity - 1;
    this.publishBatch = Math.max(1, capacity / 2);
    this.releaseBatch = Math.max(1, capacity / 4);
  }

  // ---------------------------------------------------------------- producer

  @Override
  public void put(ProcessorPart part) {
    Thread me = Thread.currentThread();
    if (me != producer) {
      bindProducer(me);
    }
    if (part.isControl()) {
      putPriority(part, true);
      return;
    }
    if (consumerGone) {
      // The reader left: fail now rather than when the ring fills up (up to `capacity` parts of
      // wasted work later). One volatile read, written once.
      throw new DownstreamClosedException();
    }
    long t = pTail;
    if (t - pHeadCache >= capacity) {
      awaitSpace(t);
    }
    SLOTS.setRelease(ring, (int) t & mask, part);
    pTail = ++t;
    if (sharedProducers) {
      VarHandle.fullFence(); // the consumer cannot judge from one producer's state
    }
    if (t - pPublished >= publishBatch || consumerWaiter != null) {
      publish();
    }
  }

  // The first put of a thread: a volatile store before its first slot write, so a consumer that
  // still sees no producer knows no put has started (see slowTake).
  private void bindProducer(Thread me) {
    Thread previous = (Thread) PRODUCER.getAndSet(this, me);
    if (previous != null) {
      sharedProducers = true;
      VarHandle.fullFence();
    }
  }

  private void publish() {
    long t = pTail;
    pPublished = t;
    tail = t; // volatile store, then volatile load: the Dekker pair with the consumer's park
    Thread w = consumerWaiter;
    if (w != null && CONSUMER_WAITER.compareAndSet(this, w, null)) {
      LockSupport.unpark(w);
    }
  }

  private void awaitSpace(long t) {
    publish();
    Thread me = Thread.currentThread();
    while (true) {
      long h = head;
      pHeadCache = h;
      if (t - h < capacity) {
        return;
      }
      if (consumerGone) {
        throw new DownstreamClosedException();
      }
      producerWaiter = me;
      if (t - head < capacity || consumerGone) {
        producerWaiter = null;
        continue;
      }
      if (scope.isCancelled()) {
        producerWaiter = null;
        throw scope.cancellation();
      }
      LockSupport.park(this);
      producerWaiter = null;
      if (Thread.interrupted()) {
        throw interrupted();
      }
    }
  }

  @Override
  public void putOutOfBand(ProcessorPart part) {
    putPriority(part, false);
  }

  private void putPriority(ProcessorPart part, boolean fromProducer) {
    if (scope.isCancelled()) {
      throw scope.cancellation();
    }
    long dropBefore = -1;
    if (fromProducer) {
      publish();
      if (part.isInterrupt()) {
        dropBefore = pTail;
      }
    } else if (part.isInterrupt()) {
      dropBefore = tail;
    }
    priorityLock.lock();
    try {
      while (priority.size() >= PRIORITY_CAPACITY) {
        if (consumerGone) {
          break;
        }
        try {
          priorityNotFull.await();
        } catch (InterruptedException e) {
          throw interrupted();
        }
      }
      if (consumerGone || endDelivered) {
        // The reader left (or already saw the end, so the part could never be read): end the
        // emitting stage, even one that emits only out-of-band parts and so would never block on
        // the data lane and notice.
        throw new DownstreamClosedException();
      }
      priority.add(new Priority(part, dropBefore));
      priorityCount = priority.size();
    } finally {
      priorityLock.unlock();
    }
    Thread w = consumerWaiter;
    if (w != null && CONSUMER_WAITER.compareAndSet(this, w, null)) {
      LockSupport.unpark(w);
    }
  }

  @Override
  public void complete() {
    publish();
    done = true;
    Thread w = consumerWaiter;
    if (w != null && CONSUMER_WAITER.compareAndSet(this, w, null)) {
      LockSupport.unpark(w);
    }
  }

  /**
   * Publishes what the calling thread wrote, when it is this channel's only producer: a producer
   * that fails calls this before its failure is recorded, so every part it emitted counts as
   * emitted before the failure. Does nothing for another thread or shared producers (their tasks
   * may still be writing).
   */
  void publishIfSoleProducer() {
    if (producer == Thread.currentThread() && !sharedProducers) {
      publish();
    }
  }

  /** How many data parts have been published so far (any thread). */
  long publishedCount() {
    return tail;
  }

  /** How many data parts the consumer has taken or dropped so far (consumer thread only). */
  long consumedCount() {
    return cHead;
  }

  /**
   * Takes the next part without waiting, if it is an out-of-band part or a data part published at a
   * position below {@code limit}; else returns null (consumer thread only). Used to hand over what
   * was emitted before a failure.
   */
  ProcessorPart pollBefore(long limit) {
    if (priorityCount != 0) {
      ProcessorPart p = pollPriority();
      if (p != null) {
        return p;
      }
    }
    long h = cHead;
    long t = Math.min(tail, limit);
    return h < t ? takeAt(h) : null;
  }

  // ---------------------------------------------------------------- consumer

  @Override
  public ProcessorPart take() {
    if (priorityCount != 0) {
      ProcessorPart p = pollPriority();
      if (p != null) {
        return p;
      }
    }
    long h = cHead;
    if (h < cTailCache) {
      return takeAt(h);
    }
    long t = tail;
    cTailCache = t;
    if (h < t) {
      return takeAt(h);
    }
    return slowTake();
  }

  private ProcessorPart takeAt(long h) {
    int i = (int) h & mask;
    ProcessorPart p = ring[i];
    ring[i] = null;
    cHead = ++h;
    if (h - cReleased >= releaseBatch) {
      releaseHead();
    }
    return p;
  }

  private void releaseHead() {
    long h = cHead;
    cReleased = h;
    head = h;
    Thread w = producerWaiter;
    if (w != null && PRODUCER_WAITER.compareAndSet(this, w, null)) {
      LockSupport.unpark(w);
    }
  }

  /**
   * Gives the reader the end unless an out-of-band part slipped in first: decided under the
   * priority lock, so a later {@link #putOutOfBand} is refused instead of lost.
   */
  private boolean deliverEnd() {
    priorityLock.lock();
    try {
      if (!priority.isEmpty()) {
        return false;
      }
      endDelivered = true;
      return true;
    } finally {
      priorityLock.unlock();
    }
  }

  private ProcessorPart slowTake() {
    if (cHead != cReleased) {
      releaseHead();
    }
    Thread me = Thread.currentThread();
    long started = System.nanoTime();
    long spinUntil = started + spinBudget(me);
    boolean spinning = spinUntil != started;
    long linger = LINGER_NANOS;
    int spins = 0;
    while (true) {
      if (priorityCount != 0) {
        ProcessorPart p = pollPriority();
        if (p != null) {
          return waited(started, p);
        }
      }
      long h = cHead;
      long t = tail;
      cTailCache = t;
      if (h < t) {
        return waited(started, takeAt(h));
      }
      if (SLOTS.getAcquire(ring, (int) h & mask) != null) {
        return waited(started, takeAt(h)); // written but not yet published
      }
      if (done) {
        t = tail;
        cTailCache = t;
        if (h < t) {
          return takeAt(h);
        }
        if (priorityCount != 0 || !deliverEnd()) {
          continue;
        }
        return null;
      }
      if (spinning) {
        Thread.onSpinWait();
        if ((++spins & 15) != 0 || System.nanoTime() < spinUntil) {
          continue;
        }
        spinning = false;
      }
      consumerWaiter = me;
      if (priorityCount != 0
          || tail > h
          || done
          || SLOTS.getAcquire(ring, (int) h & mask) != null) {
        consumerWaiter = null;
        continue;
      }
      if (scope.isCancelled()) {
        consumerWaiter = null;
        throw scope.cancellation();
      }
      if (producerCannotRaceUs() || producerSettles(h)) {
        // Look once more: a put the producer finished before it parked is visible now.
        if (priorityCount != 0
            || tail > h
            || done
            || SLOTS.getAcquire(ring, (int) h & mask) != null) {
          consumerWaiter = null;
          continue;
        }
        LockSupport.park(this);
      } else {
        // The producer keeps running: a put may be half done. Look again shortly, then less often.
        LockSupport.parkNanos(this, linger);
        linger = Math.min(linger * 4, MAX_LINGER_NANOS);
      }
      consumerWaiter = null;
      if (Thread.interrupted()) {
        throw interrupted();
      }
    }
  }

  /**
   * True when no put can be half done behind our back, so parking without a deadline is safe: no
   * thread has put yet (its first put is preceded by a volatile store we would have seen), every
   * put is fenced, or the producer is parked or gone (it published everything before it parked).
   */
  private boolean producerCannotRaceUs() {
    Thread p = producer;
    if (p == null || sharedProducers) {
      return true;
    }
    return switch (p.getState()) {
      case WAITING, TIMED_WAITING, BLOCKED, TERMINATED -> true;
      default -> false;
    };
  }

  /**
   * Waits a few microseconds for a running producer to park (it usually does right after its emit,
   * going back to its own input) or for a part to show up; true if either happened, and then the
   * caller looks once more and parks for good. Virtual threads yield (the producer may need this
   * carrier).
   */
  private boolean producerSettles(long h) {
    long deadline = System.nanoTime() + SETTLE_NANOS;
    boolean virtual = Thread.currentThread().isVirtual();
    do {
      if (virtual) {
        Thread.yield();
      } else {
        for (int i = 0; i < 32; i++) {
          Thread.onSpinWait();
        }
      }
      if (priorityCount != 0
          || tail > h
          || done
          || SLOTS.getAcquire(ring, (int) h & mask) != null
          || producerCannotRaceUs()) {
        return true;
      }
    } while (System.nanoTime() < deadline);
    return false;
  }

  /** How long to spin before parking: see the class comment. */
  private long spinBudget(Thread me) {
    long average = averageWaitNanos;
    if (me.isVirtual() || average > MAX_SPIN_NANOS) {
      return 0;
    }
    return Math.min(2 * average, MAX_SPIN_NANOS);
  }

  private ProcessorPart waited(long started, ProcessorPart p) {
    long waited = System.nanoTime() - started;
    long average = averageWaitNanos;
    averageWaitNanos = average == Long.MAX_VALUE ? waited : average + (waited - average) / 8;
    return p;
  }

  private ProcessorPart pollPriority() {
    Priority entry;
    priorityLock.lock();
    try {
      entry = priority.poll();
      priorityCount = priority.size();
      priorityNotFull.signal();
    } finally {
      priorityLock.unlock();
    }
    if (entry == null) {
      return null;
    }
    if (entry.dropBefore > cHead) {
      long h = cHead;
      for (; h < entry.dropBefore; h++) {
        ring[(int) h & mask] = null;
      }
      dropped += h - cHead;
      cHead = h;
      if (cTailCache < h) {
        cTailCache = h;
      }
      releaseHead();
    }
    return entry.part;
  }

  @Override
  public void consumerDone() {
    consumerGone = true;
    Thread w = producerWaiter;
    if (w != null && PRODUCER_WAITER.compareAndSet(this, w, null)) {
      LockSupport.unpark(w);
    }
    priorityLock.lock();
    try {
      priority.clear();
      priorityCount = 0;
      priorityNotFull.signalAll();
    } finally {
      priorityLock.unlock();
    }
  }

  @Override
  public void wakeConsumer() {
    Thread w = consumerWaiter;
    if (w != null && CONSUMER_WAITER.compareAndSet(this, w, null)) {
      LockSupport.unpark(w);
    }
  }

  @Override
  public boolean isProducerWaiting() {
    return producerWaiter != null;
  }

  @Override
  public long droppedByInterrupt() {
    return dropped;
  }

  private CancellationException interrupted() {
    Thread.currentThread().interrupt();
    return scope.isCancelled()
        ? scope.cancellation()
        : new CancellationException("interrupted while waiting on a channel");
  }
}
