package dev.processors.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A processor that answers as a recorded one did: run n replays recorded call n. Each output is
 * anchored to what the original had seen when it emitted it (the call's start, its k-th input, or
 * the end of its input) and is emitted at the same delay after that anchor arrives in the replay,
 * so the answers follow the new pipeline's timing when it changes and keep the recorded timing when
 * it does not.
 */
final class RecordedAnswers implements Processor {
  /** Anchor meaning "the end of the input". */
  private static final int END = Integer.MAX_VALUE;

  private record Step(int anchor, long delay, ProcessorPart part) {}

  private record Script(List<Step> outputs, int endAnchor, long endDelay, Optional<String> error) {}

  private final String point;
  private final Clock clock;
  private final List<Script> calls;
  private final AtomicInteger runs = new AtomicInteger();

  RecordedAnswers(Recording recording, String point, Clock clock) {
    this.point = point;
    this.clock = clock;
    this.calls = scripts(recording, point);
    if (calls.isEmpty()) {
      throw new ReplayException(
          "the recording holds no calls at point '"
              + point
              + "' to answer with; its points are "
              + recording.points());
    }
  }

  private static List<Script> scripts(Recording recording, String point) {
    int n = recording.calls(point);
    List<List<RecordingEntry>> byCall = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byCall.add(new ArrayList<>());
    }
    for (RecordingEntry e : recording.entries(point)) {
      byCall.get(e.call()).add(e);
    }
    List<Script> scripts = new ArrayList<>();
    for (List<RecordingEntry> entries : byCall) {
      scripts.add(script(entries));
    }
    return scripts;
  }

  private static Script script(List<RecordingEntry> entries) {
    List<Step> outputs = new ArrayList<>();
    int anchor = 0;
    long anchorNanos = entries.isEmpty() ? 0 : entries.get(0).nanos();
    int endAnchor = END;
    long endDelay = 0;
    Optional<String> error = Optional.empty();
    for (RecordingEntry e : entries) {
      switch (e) {
        case RecordingEntry.Started s -> {
          anchor = 0;
          anchorNanos = s.nanos();
        }
        case RecordingEntry.Input in -> {
          anchor = Math.toIntExact(in.seq() + 1);
          anchorNanos = in.nanos();
        }
        case RecordingEntry.InputEnded ie -> {
          anchor = END;
          anchorNanos = ie.nanos();
        }
        case RecordingEntry.Output out ->
            outputs.add(new Step(anchor, Math.max(0, out.nanos() - anchorNanos), out.part()));
        case RecordingEntry.Passed p ->
            outputs.add(new Step(anchor, Math.max(0, p.nanos() - anchorNanos), p.part()));
        case RecordingEntry.OutputEnded oe -> {
          endAnchor = anchor;
          endDelay = Math.max(0, oe.nanos() - anchorNanos);
          error = oe.error();
        }
      }
    }
    // A call the recording stopped before it ended (no OutputEnded) ends with its input.
    return new Script(List.copyOf(outputs), endAnchor, endDelay, error);
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    int call = runs.getAndIncrement();
    if (call >= calls.size()) {
      throw new ReplayException(
          "'"
              + point
              + "' was run "
              + (call + 1)
              + " times in the replay but the recording holds "
              + calls.size()
              + " calls: the pipeline now calls it more often");
    }
    Script script = calls.get(call);
    Arrivals arrivals = new Arrivals(clock.nanoTime());
    try (TaskScope scope = TaskScope.open()) {
      scope.fork(
          name() + " input",
          () -> {
            for (ProcessorPart ignored : in) {
              arrivals.arrived(clock.nanoTime());
            }
            arrivals.ended(clock.nanoTime());
          });
      for (Step step : script.outputs()) {
        clock.sleepUntil(arrivals.await(step.anchor()) + step.delay());
        out.emit(step.part());
      }
      clock.sleepUntil(arrivals.await(script.endAnchor()) + script.endDelay());
      Optional<String> error = script.error();
      if (error.isPresent() && !error.get().equals("cancelled")) {
        throw new ReplayException(
            "'" + point + "' call " + call + " failed in the recording: " + error.get());
      }
    }
  }

  @Override
  public String name() {
    return "recorded " + point;
  }

  /** When the replay's inputs arrived; the emitting thread waits here for an anchor. */
  private final class Arrivals {
    private final ReentrantLock lock = new ReentrantLock();
    private final Wakeup news = Wakeup.create();
    private final long start;
    private final List<Long> times = new ArrayList<>();
    private long endedAt = -1;

    Arrivals(long start) {
      this.start = start;
    }

    void arrived(long now) {
      lock.lock();
      try {
        times.add(now);
      } finally {
        lock.unlock();
      }
      news.signal();
    }

    void ended(long now) {
      lock.lock();
      try {
        endedAt = now;
      } finally {
        lock.unlock();
      }
      news.signal();
    }

    /** The arrival time of {@code anchor} (0: the start); the end of input if it never comes. */
    long await(int anchor) throws InterruptedException {
      if (anchor == 0) {
        return start;
      }
      while (true) {
        lock.lock();
        try {
          if (anchor != END && anchor <= times.size()) {
            return times.get(anchor - 1);
          }
          if (endedAt >= 0) {
            return endedAt;
          }
        } finally {
          lock.unlock();
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("replay cancelled");
        }
        clock.awaitUntil(Long.MAX_VALUE, news);
      }
    }
  }
}
