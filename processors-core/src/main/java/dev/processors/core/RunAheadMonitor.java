package dev.processors.core;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Watches the part-processor stages that are working and hands a stage's input to a run-ahead
 * feeder once one of its calls has lasted a tick or two and its thread is parked: one daemon
 * platform thread for the whole JVM, asleep while no stage is working.
 *
 * <p>It never blocks and never runs user code. Stages register themselves when they start working
 * after a pause; the monitor forgets a stage once it sees it parked between calls (waiting for
 * input), so idle pipelines cost nothing. See {@link RunAheadStage} for the hand-over protocol.
 */
final class RunAheadMonitor implements Runnable {
  /** How often working stages are looked at: a call that outlasts one to two ticks runs ahead. */
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final RunAheadMonitor INSTANCE = new RunAheadMonitor();

  private final ConcurrentLinkedQueue<RunAheadStage> inbox = new ConcurrentLinkedQueue<>();
  private final ArrayList<RunAheadStage> watched = new ArrayList<>();
  private volatile Thread thread;
  private volatile boolean sleeping;
  private final ReentrantLock startLock = new ReentrantLock();

  private RunAheadMonitor() {}

  /** Starts watching {@code stage}; called by the stage's own thread before a call. */
  static void watch(RunAheadStage stage) {
    INSTANCE.add(stage);
  }

  private void add(RunAheadStage stage) {
    inbox.add(stage);
    Thread t = thread;
    if (t == null) {
      t = startThread();
    }
    if (sleeping) {
      LockSupport.unpark(t);
    }
  }

  private Thread startThread() {
    startLock.lock();
    try {
      Thread t = thread;
      if (t == null) {
        t = Thread.ofPlatform().daemon().name("processors-run-ahead-monitor").unstarted(this);
        t.start();
        thread = t;
      }
      return t;
    } finally {
      startLock.unlock();
    }
  }

  @Override
  public void run() {
    while (true) {
      takeInbox();
      if (watched.isEmpty()) {
        sleeping = true;
        if (inbox.isEmpty()) {
          LockSupport.park(this);
        }
        sleeping = false;
        continue;
      }
      LockSupport.parkNanos(this, TICK_NANOS);
      takeInbox();
      for (int i = 0; i < watched.size(); ) {
        RunAheadStage stage = watched.get(i);
        boolean keep;
        try {
          keep = stage.inspect();
        } catch (Throwable t) {
          keep = false; // never let one stage stop the monitor
        }
        if (keep) {
          i++;
        } else {
          stage.watched = false;
          int last = watched.size() - 1;
          watched.set(i, watched.get(last));
          watched.remove(last);
        }
      }
    }
  }

  private void takeInbox() {
    RunAheadStage stage;
    while ((stage = inbox.poll()) != null) {
      if (!stage.watched) {
        stage.watched = true;
        stage.resetInspection();
        watched.add(stage);
      }
    }
  }
}
