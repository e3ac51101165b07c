package dev.processors.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A processor that answers as a recorded one did: run n replays recorded call n. Each output is
 * anchored to what the original had seen last when it emitted it (the call's start, the end of its
 * input, or its latest input, counted by kind: the k-th end-of-speech signal, the k-th data part)
 * and is emitted at the same delay after that anchor arrives in the replay. So answers follow the
 * new pipeline's timing when it changes (an answer that followed the user's second end of speech
 * still does, even if the new gate sends more audio before it) and keep the recorded timing when it
 * does not.
 */
final class RecordedAnswers implements Processor {
  /** What an output waits for: the n-th input of a kind (n from 1), the start, or the end. */
  private record Anchor(String kind, int n) {
    static final Anchor START = new Anchor("start", 0);
    static final Anchor END = new Anchor("end", 0);
  }

  private record Step(Anchor anchor, long delay, ProcessorPart part) {}

  private record Script(
      List<Step> outputs, Anchor endAnchor, long endDelay, Optional<String> error) {}

  private final String point;
  private final String name;
  private final Clock clock;
  private final List<Script> calls;
  private final AtomicInteger runs = new AtomicInteger();

  RecordedAnswers(Recording recording, String point, Clock clock) {
    this.point = point;
    this.clock = clock;
    this.calls = scripts(recording, point);
    this.name =
        recording.entries(point).stream()
            .filter(e -> e instanceof RecordingEntry.Started)
            .map(e -> ((RecordingEntry.Started) e).processor())
            .findFirst()
            .orElse("recorded " + point);
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

  /** The kind an input counts as, for anchoring: its signal kind, or data. */
  static String kindOf(ProcessorPart part) {
    return part.content() instanceof Content.Signal sig ? sig.kind().wireName() : "data";
  }

  private static Script script(List<RecordingEntry> entries) {
    List<Step> outputs = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    Anchor anchor = Anchor.START;
    long anchorNanos = entries.isEmpty() ? 0 : entries.get(0).nanos();
    Anchor endAnchor = Anchor.END;
    long endDelay = 0;
    Optional<String> error = Optional.empty();
    for (RecordingEntry e : entries) {
      switch (e) {
        case RecordingEntry.Started s -> {
          anchor = Anchor.START;
          anchorNanos = s.nanos();
        }
        case RecordingEntry.Input in -> {
          String kind = kindOf(in.part());
          anchor = new Anchor(kind, seen.merge(kind, 1, Integer::sum));
          anchorNanos = in.nanos();
        }
        case RecordingEntry.InputEnded ie -> {
          anchor = Anchor.END;
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
          name + " input",
          () -> {
            for (ProcessorPart part : in) {
              arrivals.arrived(kindOf(part), clock.nanoTime());
            }
            arrivals.ended(clock.nanoTime());
          });
      for (Step step : script.outputs()) {
        clock.sleepUntil(arrivals.await(step.anchor()) + step.delay());
        out.emit(step.part());
      }
      clock.sleepUntil(arrivals.await(script.endAnchor()) + script.endDelay());
      Optional<String> error = script.error();
      if (error.isPresent()
          && !error.get().equals("cancelled")
          && !error.get().equals("downstream closed")) {
        throw new ReplayException(
            "'" + point + "' call " + call + " failed in the recording: " + error.get());
      }
    }
  }

  /** The recorded processor's name, so the replay's stage names match the recording's. */
  @Override
  public String name() {
    return name;
  }

  /** When the replay's inputs arrived, by kind; the emitting thread waits here for an anchor. */
  private final class Arrivals {
    private final ReentrantLock lock = new ReentrantLock();
    private final Wakeup news = Wakeup.create();
    private final long start;
    private final Map<String, List<Long>> times = new HashMap<>();
    private long endedAt = -1;

    Arrivals(long start) {
      this.start = start;
    }

    void arrived(String kind, long now) {
      lock.lock();
      try {
        times.computeIfAbsent(kind, k -> new ArrayList<>()).add(now);
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

    /** The arrival time of {@code anchor}; the end of input if it never comes. */
    long await(Anchor anchor) throws InterruptedException {
      if (anchor.equals(Anchor.START)) {
        return start;
      }
      while (true) {
        lock.lock();
        try {
          List<Long> kind = times.getOrDefault(anchor.kind(), List.of());
          if (!anchor.equals(Anchor.END) && anchor.n() <= kind.size()) {
            return kind.get(anchor.n() - 1);
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
