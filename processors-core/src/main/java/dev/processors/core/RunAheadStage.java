package dev.processors.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of a part processor as a stream stage: inline while its calls return quickly, running
 * ahead once one blocks (see docs/decisions/0003-part-processors-run-ahead.md).
 *
 * <p><b>Inline.</b> The stage's thread reads a part and calls the (fused) processor chain, which
 * emits straight downstream. Per part it pays two plain stores (a progress counter, odd while a
 * call runs) and two plain reads of {@link #state}: no fence, no lock, no clock.
 *
 * <p><b>Hand-over.</b> The {@link RunAheadMonitor} sees the counter stand still on an odd value for
 * a tick. It proposes a take-over ({@code ACTIVE -> TAKEOVER}), then reads the stage thread's
 * state: parked means the thread published everything it wrote before parking (a virtual thread's
 * state is a volatile field, a parked platform thread has passed a fence), so a counter still equal
 * to the stale value proves the thread is inside that same call, and it will read {@code state}
 * again after the call returns, after waking. The monitor then commits ({@code TAKEOVER -> AHEAD})
 * and starts a feeder; a stage thread that finishes first cancels the proposal ({@code TAKEOVER ->
 * ACTIVE}) and goes on inline. One CAS decides, so exactly one thread ever reads the input.
 *
 * <p><b>Ahead.</b> The feeder reads the input and runs each part on its own task thread, whose
 * output it buffers in a slot; the stage thread, once its own call returns, emits the slots in
 * input order, so output order and per-part grouping are those of the inline path. When the feeder
 * finds nothing in flight it hands the input back and the stage returns inline.
 */
final class RunAheadStage {
  static final int IDLE = 0; // not watched: register before the next call
  static final int ACTIVE = 1; // watched by the monitor
  static final int TAKEOVER = 2; // the monitor proposes to run ahead
  static final int AHEAD = 3; // a feeder owns the input; the stage thread drains slots
  static final int DONE = 4;

  private static final VarHandle STATE;
  private static final VarHandle PROGRESS;
  private static final Object END = new Object();
  private static final Object RESUME = new Object();
  private static final ThreadLocal<Boolean> IN_TASK = new ThreadLocal<>();

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(RunAheadStage.class, "state", int.class);
      PROGRESS = l.findVarHandle(RunAheadStage.class, "progress", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final PartProcessor processor;
  private final PartStream in;
  private final PartSink out;
  private final Scope scope;
  private final Thread owner = Thread.currentThread();
  private final OutOfBandTest reserved;
  private final int maxInFlight;
  private final ReentrantLock commitLock = new ReentrantLock();

  private volatile int state;
  private volatile long progress; // written with opaque stores on the fast path

  // Ahead mode (created at each take-over, read by the stage thread after it sees AHEAD).
  private ArrayBlockingQueue<Object> slots;
  private Semaphore permits;
  private AtomicInteger inFlight;
  private Thread feeder;
  private boolean closed; // guarded by commitLock

  // Monitor-private.
  boolean watched;
  private long seen = -1;
  private int quietTicks;

  private RunAheadStage(PartProcessor processor, PartStream in, PartSink out, Scope scope) {
    this.processor = processor;
    this.in = in;
    this.out = out;
    this.scope = scope;
    RunOptions options = scope.options();
    this.reserved = OutOfBandTest.of(options);
    this.maxInFlight = options.maxPartsInFlight();
    // With one part in flight allowed there is nothing to run ahead: never register.
    this.state = maxInFlight > 1 ? IDLE : ACTIVE;
  }

  /** Runs {@code processor} over {@code in}, emitting to {@code out}; the stage's whole life. */
  static void run(PartProcessor processor, PartStream in, PartSink out) {
    Scope scope = Scope.openChild(out);
    RunAheadStage stage = new RunAheadStage(processor, in, out, scope);
    Throwable error = null;
    try {
      stage.loop();
    } catch (Throwable t) {
      error = t;
    }
    stage.close(error != null);
    scope.closeChild();
    ProcessorException failure = scope.failure();
    if (failure != null) {
      throw failure;
    }
    if (error != null) {
      throw Sneaky.<RuntimeException>raise(error);
    }
    if (scope.isCancelled()) {
      throw scope.cancellation();
    }
  }

  /** True on a task thread of a stage that runs ahead (where parallel branches overlap too). */
  static boolean inTask() {
    return IN_TASK.get() != null;
  }

  private void loop() {
    PartSink entry = FusedPartProcessor.entry(processor, out, reserved);
    long p = 0;
    ProcessorPart part = null;
    while (true) {
      if (part == null) {
        if (!in.hasNext()) {
          return;
        }
        part = in.next();
      }
      if (state != ACTIVE) {
        beforeCall();
      }
      PROGRESS.setOpaque(this, ++p);
      entry.emit(part);
      PROGRESS.setOpaque(this, ++p);
      part = null;
      if (state != ACTIVE && afterCall()) {
        Object next = drain();
        if (next == END) {
          return;
        }
        if (next instanceof ProcessorPart handedBack) {
          part = handedBack;
        }
      }
    }
  }

  private void beforeCall() {
    while (true) {
      int st = state;
      if (st == ACTIVE || st == DONE) {
        return;
      }
      if (st == IDLE && STATE.compareAndSet(this, IDLE, ACTIVE)) {
        RunAheadMonitor.watch(this);
        return;
      }
      // Between calls a take-over can only be a stale proposal: cancel it.
      if (st == TAKEOVER && STATE.compareAndSet(this, TAKEOVER, ACTIVE)) {
        return;
      }
    }
  }

  /** After a call: true if the stage now runs ahead and this thread must drain. */
  private boolean afterCall() {
    while (true) {
      int st = state;
      switch (st) {
        case AHEAD:
          return true;
        case TAKEOVER:
          if (STATE.compareAndSet(this, TAKEOVER, ACTIVE)) {
            return false;
          }
          break;
        case IDLE:
          if (STATE.compareAndSet(this, IDLE, ACTIVE)) {
            RunAheadMonitor.watch(this);
            return false;
          }
          break;
        default:
          return false;
      }
    }
  }

  // ------------------------------------------------------------------ monitor side

  void resetInspection() {
    seen = -1;
    quietTicks = 0;
  }

  /** One look by the monitor; false to stop watching this stage. */
  boolean inspect() {
    int st = state;
    if (st == DONE || st == AHEAD || st == IDLE) {
      return false;
    }
    if (st != ACTIVE) {
      return true;
    }
    long p = (long) PROGRESS.getOpaque(this);
    if (p != seen) {
      seen = p;
      quietTicks = 0;
      return true;
    }
    quietTicks++;
    if ((p & 1) != 0) {
      return !tryTakeOver(p);
    }
    return quietTicks < 2 || !trySleep(p);
  }

  /** The stage waits between calls: stop watching it until it starts a call again. */
  private boolean trySleep(long p) {
    if (!STATE.compareAndSet(this, ACTIVE, IDLE)) {
      return false;
    }
    if (isParked(owner) && (long) PROGRESS.getVolatile(this) == p) {
      return true; // it will see IDLE before its next call and register again
    }
    STATE.compareAndSet(this, IDLE, ACTIVE); // if this fails, it registered itself again
    return false;
  }

  private boolean tryTakeOver(long p) {
    if (out instanceof ChannelSink sink && sink.isWaitingForSpace()) {
      return false; // blocked by backpressure, not by the call: running ahead would not help
    }
    if (!STATE.compareAndSet(this, ACTIVE, TAKEOVER)) {
      return false;
    }
    if (isParked(owner) && (long) PROGRESS.getVolatile(this) == p) {
      return commit();
    }
    STATE.compareAndSet(this, TAKEOVER, ACTIVE);
    return false;
  }

  private boolean commit() {
    commitLock.lock();
    try {
      if (closed) {
        return false;
      }
      slots = new ArrayBlockingQueue<>(maxInFlight + 2);
      permits = new Semaphore(maxInFlight - 1); // the call in progress holds the last one
      inFlight = new AtomicInteger(1);
      if (!STATE.compareAndSet(this, TAKEOVER, AHEAD)) {
        return false;
      }
      try {
        scope.start("processors:" + processor.name() + " run-ahead", this::feed);
      } catch (Throwable t) {
        slots.add(RESUME); // could not start a feeder: the stage goes on inline
      }
      return true;
    } finally {
      commitLock.unlock();
    }
  }

  private static boolean isParked(Thread t) {
    return switch (t.getState()) {
      case WAITING, TIMED_WAITING, BLOCKED -> true;
      default -> false;
    };
  }

  // ------------------------------------------------------------------ ahead mode

  private void feed() {
    feeder = Thread.currentThread(); // published to the stage thread by the first slots.add
    boolean handedBack = false;
    try {
      while (in.hasNext()) {
        ProcessorPart part = in.next();
        if (inFlight.get() == 0) {
          slots.add(part); // nothing in flight: the stage thread takes the input back
          handedBack = true;
          return;
        }
        permits.acquire();
        inFlight.incrementAndGet();
        Slot slot = new Slot(scope.options().channelCapacity());
        slot.thread = scope.start("processors:" + processor.name(), () -> runTask(part, slot));
        slots.add(slot);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // cancelled: the stage thread is interrupted too
    } catch (Throwable t) {
      if (!scope.isCancelled() && !(t instanceof DownstreamClosedException)) {
        scope.fail(processor.name(), t);
      }
    } finally {
      if (!handedBack) {
        slots.offer(END);
      }
    }
  }

  private void runTask(ProcessorPart part, Slot slot) {
    IN_TASK.set(Boolean.TRUE);
    try {
      PartSink sink = new ChannelSink(slot.output, scope.outOfBand(), scope.options());
      FusedPartProcessor.entry(processor, sink, reserved).emit(part);
    } catch (DownstreamClosedException e) {
      // the stage stopped draining: end quietly
    } catch (Throwable t) {
      if (!scope.isCancelled()) {
        scope.fail(processor.name(), t);
      }
    } finally {
      slot.output.complete();
    }
  }

  /**
   * Emits the slots in input order. Returns {@link #END} when the input has ended, a part when the
   * feeder handed the input back with the part it had read, or anything else to go on reading.
   */
  private Object drain() {
    permits.release(); // this thread's own call has returned
    inFlight.decrementAndGet();
    while (true) {
      Object item;
      try {
        item = slots.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw scope.isCancelled() ? scope.cancellation() : new CancellationException("interrupted");
      }
      if (item instanceof Slot slot) {
        for (ProcessorPart p = slot.output.take(); p != null; p = slot.output.take()) {
          out.emit(p);
        }
        scope.join(slot.thread);
        inFlight.decrementAndGet();
        permits.release();
        continue;
      }
      if (feeder != null) {
        scope.join(feeder);
        feeder = null;
      }
      if (item != END) {
        state = IDLE; // back inline; register again before the next call
      }
      return item;
    }
  }

  /** The stage is over; after a failure, stops the feeder and tasks. */
  private void close(boolean failed) {
    commitLock.lock();
    try {
      closed = true;
      state = DONE;
    } finally {
      commitLock.unlock();
    }
    if (failed) {
      scope.cancel(); // stops a feeder and tasks still running; closeChild joins them
    }
  }

  /** The buffered output of one part run ahead. */
  private static final class Slot {
    final LockChannel output;
    Thread thread;

    Slot(int capacity) {
      output = new LockChannel(capacity, 1);
    }
  }
}
