package dev.processors.core;

import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Moves a replay's virtual clock only when the run has settled: every thread the run made waits
 * without a timeout (a thread in a timed wait will wake by itself), every thread the clock released
 * (time moved, or a {@link Wakeup} was signalled) has returned from its wait, and neither the
 * recorded progress nor the clock's sleepers changed across several looks. The clock's own count
 * matters: a thread woken through a condition can still show as waiting, for a moment, while it
 * queues for the clock's lock.
 *
 * <p>It also holds the turnstile ({@link #pass}) through which recorded emits go one at a time.
 */
final class ReplayDriver {
  /** Consecutive quiet looks, with the same progress and sleepers, that count as settled. */
  private static final int QUIET_LOOKS = 3;

  private static final String CARRIER_CLASS = "jdk.internal.misc.CarrierThread";
  private static final ThreadGroup ROOT_GROUP = rootGroup();

  private final VirtualClock clock;
  private Thread[] platformThreads = new Thread[64];
  private final AtomicLong progress;
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final Map<Thread, Long> created = new ConcurrentHashMap<>();
  private final AtomicLong creations = new AtomicLong();
  private final ReentrantLock turnstileLock = new ReentrantLock();
  private final TreeSet<Waiter> waiting = new TreeSet<>();
  private volatile boolean open;

  /** A thread waiting at the turnstile; ranked by thread name, then by creation. */
  private record Waiter(String name, long seq, Thread thread, AtomicBoolean granted)
      implements Comparable<Waiter> {
    @Override
    public int compareTo(Waiter o) {
      int byName = name.compareTo(o.name);
      return byName != 0 ? byName : Long.compare(seq, o.seq);
    }
  }

  ReplayDriver(VirtualClock clock, AtomicLong progress) {
    this.clock = clock;
    this.progress = progress;
  }

  private static ThreadGroup rootGroup() {
    ThreadGroup g = Thread.currentThread().getThreadGroup();
    while (g.getParent() != null) {
      g = g.getParent();
    }
    return g;
  }

  /** {@code base}, with every thread it makes watched. */
  ThreadFactory track(ThreadFactory base) {
    return r -> {
      Thread t = base.newThread(r);
      if (t != null) {
        created.put(t, creations.getAndIncrement());
        threads.add(t);
      }
      return t;
    };
  }

  /**
   * The turnstile a run thread passes before each recorded emit: it waits until every other thread
   * of the run waits and the driver lets it through, one emit at a time, in the order of the
   * waiting threads' names. So what a stage emits lands while every other stage is idle: a control
   * signal never finds data queued by chance of scheduling (it would overtake it), and emits that
   * happen at the same instant land in the same order in every replay.
   */
  void pass() {
    Thread me = Thread.currentThread();
    if (open || !threads.contains(me)) {
      return;
    }
    Waiter w =
        new Waiter(me.getName(), created.getOrDefault(me, Long.MAX_VALUE), me, new AtomicBoolean());
    turnstileLock.lock();
    try {
      waiting.add(w);
    } finally {
      turnstileLock.unlock();
    }
    while (!w.granted().get() && !open) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        turnstileLock.lock();
        try {
          waiting.remove(w);
        } finally {
          turnstileLock.unlock();
        }
        me.interrupt(); // cancelled: the emit that follows fails as it should
        return;
      }
    }
  }

  /** Lets the first waiting thread through; false if none waits. */
  boolean grantNext() {
    Waiter w;
    turnstileLock.lock();
    try {
      w = waiting.pollFirst();
    } finally {
      turnstileLock.unlock();
    }
    if (w == null) {
      return false;
    }
    progress.incrementAndGet();
    w.granted().set(true);
    LockSupport.unpark(w.thread());
    return true;
  }

  /** Lets every thread through from now on (the replay is over: the run is being closed). */
  void open() {
    open = true;
    turnstileLock.lock();
    try {
      for (Waiter w : waiting) {
        w.granted().set(true);
        LockSupport.unpark(w.thread());
      }
      waiting.clear();
    } finally {
      turnstileLock.unlock();
    }
  }

  /** Counts something that moved (an input fed, an output taken). */
  void moved() {
    progress.incrementAndGet();
  }

  /**
   * Blocks until the run has settled.
   *
   * @throws ReplayException if it does not within {@code timeout} of real time
   */
  void awaitSettled(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int quiet = 0;
    long lastProgress = -1;
    int lastSleepers = -1;
    long lastDeadline = -1;
    for (int look = 0; ; look++) {
      long p = progress.get();
      int sleepers = clock.sleepers();
      long next = clock.nextDeadline().orElse(-1);
      if (clock.unresumed() == 0 && allWaiting() && progress.get() == p && carriersIdle()) {
        boolean same = p == lastProgress && sleepers == lastSleepers && next == lastDeadline;
        quiet = same ? quiet + 1 : 1;
        if (quiet >= QUIET_LOOKS) {
          return;
        }
      } else {
        quiet = 0;
      }
      lastProgress = p;
      lastSleepers = sleepers;
      lastDeadline = next;
      pause(look);
      if ((look & 63) == 63 && System.nanoTime() > deadline) {
        throw new ReplayException(
            String.format(
                Locale.ROOT,
                "the pipeline did not settle within %d s of real time at %.3f s of the replay: a"
                    + " thread keeps running (it busy-waits, or waits for something outside the"
                    + " replay with a timeout); threads: %s; %s",
                timeout.toSeconds(),
                clock.nanoTime() / 1e9,
                describeThreads(),
                describeOthers()));
      }
    }
  }

  /**
   * True when no carrier thread of the virtual-thread scheduler is running: a virtual thread that
   * has just parked shows as waiting while its carrier still finishes the park, and may find a
   * wake-up it was given meanwhile and run on; its carrier shows as running until then.
   */
  private boolean carriersIdle() {
    Thread[] all = platformThreads;
    int n;
    while ((n = ROOT_GROUP.enumerate(all, true)) == all.length) {
      all = new Thread[all.length * 2];
    }
    platformThreads = all;
    for (int i = 0; i < n; i++) {
      Thread t = all[i];
      if (t.getClass().getName().equals(CARRIER_CLASS) && t.getState() == Thread.State.RUNNABLE) {
        return false;
      }
    }
    return true;
  }

  private boolean allWaiting() {
    for (Iterator<Thread> it = threads.iterator(); it.hasNext(); ) {
      Thread t = it.next();
      Thread.State state = t.getState();
      if (state == Thread.State.TERMINATED) {
        it.remove();
      } else if (state != Thread.State.WAITING) {
        return false;
      }
    }
    return true;
  }

  private static void pause(int look) {
    if (look < 16) {
      Thread.onSpinWait();
    } else if (look < 64) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(look < 256 ? 20_000 : 200_000);
    }
  }

  /** The clock's released waiters and the busy carriers, for the settle timeout's message. */
  private String describeOthers() {
    StringJoiner busy = new StringJoiner(", ");
    Thread[] all = new Thread[256];
    int n = ROOT_GROUP.enumerate(all, true);
    for (int i = 0; i < n; i++) {
      Thread t = all[i];
      if (t.getClass().getName().equals(CARRIER_CLASS) && t.getState() == Thread.State.RUNNABLE) {
        StackTraceElement[] stack = t.getStackTrace();
        busy.add(t.getName() + (stack.length > 0 ? " at " + stack[0] : ""));
      }
    }
    return "clock waiters released and not yet back: "
        + clock.unresumed()
        + "; busy carriers: "
        + (busy.length() == 0 ? "none" : busy.toString());
  }

  /** Where a thread waits: its innermost frame outside the JDK. */
  private static String waitingIn(Thread t) {
    for (StackTraceElement frame : t.getStackTrace()) {
      String c = frame.getClassName();
      if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
        return " in "
            + frame.getClassName().substring(c.lastIndexOf('.') + 1)
            + "."
            + frame.getMethodName();
      }
    }
    return "";
  }

  /** The run's live threads, their states and where they wait, for error messages. */
  String describeThreads() {
    StringJoiner j = new StringJoiner(", ");
    for (Thread t : threads) {
      if (t.isAlive()) {
        j.add(t.getName() + " " + t.getState() + waitingIn(t));
      }
    }
    return j.length() == 0 ? "none" : j.toString();
  }
}
