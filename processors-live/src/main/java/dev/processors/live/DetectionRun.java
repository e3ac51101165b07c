package dev.processors.live;

import dev.processors.core.PartSink;
import dev.processors.core.ProcessorPart;
import dev.processors.core.TaskScope;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The detections of one run of an {@link EventDetector}: the parts waiting for each detector, the
 * detections in flight (tasks of the stage's {@link TaskScope}, bounded), and each detector's
 * state, streak and debouncing. Called by the stage thread ({@link #submit}) and by the detection
 * tasks; one lock guards the state, and {@code out} is the stage's shared sink.
 */
final class DetectionRun {
  /** A part waiting for one detector: {@code seq} orders results, the arrival times events. */
  record Job(int watch, ProcessorPart part, long seq, long arrivedNanos) {}

  private final EventDetector config;
  private final PartSink out;
  private final TaskScope tasks;
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private final Job[] waiting;
  private final ArrayDeque<Integer> order = new ArrayDeque<>();
  private final String[] state;
  private final String[] streakState;
  private final int[] streak;
  private final long[] applied;
  private final Map<String, Long> lastFired = new HashMap<>();
  private int inFlight;
  private boolean dispatching = true;

  DetectionRun(EventDetector config, PartSink out, TaskScope tasks) {
    this.config = config;
    this.out = out;
    this.tasks = tasks;
    int n = config.watches.size();
    this.waiting = new Job[n];
    this.state = new String[n];
    this.streakState = new String[n];
    this.streak = new int[n];
    this.applied = new long[n];
    Arrays.fill(state, EventDetector.INITIAL_STATE);
  }

  void emit(ProcessorPart part) {
    out.emit(part);
  }

  /** Queues {@code job} for its detector, replacing an older part still waiting for it. */
  void submit(Job job) {
    lock.lock();
    try {
      if (waiting[job.watch()] != null) {
        config.superseded.incrementAndGet(); // the detector is behind: only the newest part matters
      } else {
        order.add(job.watch());
      }
      waiting[job.watch()] = job;
      dispatch();
    } finally {
      lock.unlock();
    }
  }

  /** The run is ending: waiting parts are not analysed any more. */
  void stopDispatching() {
    lock.lock();
    try {
      dispatching = false;
      order.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Forks detections for waiting jobs while there is room; holds the lock. */
  private void dispatch() {
    while (dispatching && inFlight < config.maxConcurrent && !order.isEmpty()) {
      int w = order.poll();
      Job job = waiting[w];
      waiting[w] = null;
      tasks.fork("detector " + config.watches.get(w).name(), () -> detect(job));
      inFlight++;
    }
  }

  private void detect(Job job) {
    try {
      EventDetector.Watch watch = config.watches.get(job.watch());
      if (config.clock.nanoTime() - job.arrivedNanos() > config.maxAge.toNanos()) {
        config.stale.incrementAndGet();
        return;
      }
      Optional<Detection> result;
      try {
        result = watch.detector().detect(job.part());
      } catch (InterruptedException e) {
        return; // the run is cancelled or closed
      } catch (Exception e) {
        config.failed.incrementAndGet();
        emit(
            ProcessorPart.debug(
                    "detector '"
                        + watch.name()
                        + "' failed: "
                        + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                .withMetadata(EventDetector.EVENT_DETECTOR, watch.name()));
        return;
      }
      long latency = config.clock.nanoTime() - job.arrivedNanos();
      result.ifPresent(d -> observe(job, d));
      config.latencyTotalNanos.addAndGet(latency);
      config.latencyMaxNanos.accumulateAndGet(latency, Math::max);
      config.detections.incrementAndGet();
    } finally {
      lock.lock();
      try {
        inFlight--;
        dispatch(); // before this task ends, so the stage's join sees the next one
      } finally {
        lock.unlock();
      }
    }
  }

  private void observe(Job job, Detection d) {
    int w = job.watch();
    List<ProcessorPart> fire = new ArrayList<>();
    lock.lock();
    try {
      if (job.seq() < applied[w]) {
        return; // a newer part's result is already in
      }
      applied[w] = job.seq();
      String seen = d.state();
      if (seen.equals(state[w])) {
        streakState[w] = null;
        streak[w] = 0;
        return;
      }
      if (seen.equals(streakState[w])) {
        streak[w]++;
      } else {
        streakState[w] = seen;
        streak[w] = 1;
      }
      if (streak[w] < config.confirmations) {
        return;
      }
      long now = job.arrivedNanos(); // events are timed by when the part arrived
      Long last = lastFired.get(seen);
      Duration interval = config.intervals.getOrDefault(seen, config.defaultInterval);
      if (last != null && now - last < interval.toNanos()) {
        config.debounced.incrementAndGet();
        return;
      }
      String from = state[w];
      state[w] = seen;
      streakState[w] = null;
      streak[w] = 0;
      lastFired.put(seen, now);
      config.detected.incrementAndGet();
      String name = config.watches.get(w).name();
      config.countEvent(name, seen);
      for (EventDetector.Rule r : config.rules) {
        if (r.matches(name, from, seen)) {
          for (ProcessorPart p : r.emit()) {
            fire.add(
                p.withMetadata(EventDetector.EVENT_DETECTOR, name)
                    .withMetadata(EventDetector.EVENT_FROM, from)
                    .withMetadata(EventDetector.EVENT_TO, seen)
                    .withMetadata(EventDetector.EVENT_CONFIDENCE, d.score()));
          }
        }
      }
    } finally {
      lock.unlock();
    }
    for (ProcessorPart p : fire) {
      emit(p);
    }
  }
}
