package dev.processors.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One replay: feeds the recorded input, drives the clock, collects the output. */
final class ReplayRun implements Replay {
  private final Recording recording;
  private final VirtualClock clock;
  private final String input;
  private final Duration timeLimit;
  private final Duration settleTimeout;
  private final ReplayDriver driver;
  private final ActiveRecorder recorder;
  private final ThreadFactory threads;
  private final long origin;
  private final AtomicBoolean used = new AtomicBoolean();

  ReplayRun(Replay.Builder b) {
    this.recording = b.recording;
    this.clock = b.clock;
    this.input = b.input;
    this.timeLimit = b.timeLimit;
    this.settleTimeout = b.settleTimeout;
    AtomicLong progress = new AtomicLong();
    this.driver = new ReplayDriver(clock, progress);
    Map<String, String> labels = new LinkedHashMap<>(recording.labels());
    labels.put(Replay.REPLAYED_LABEL, "true");
    labels.putIfAbsent(Replay.RECORDED_AT_LABEL, recording.startedAt().toString());
    this.recorder = ActiveRecorder.inMemory(clock, labels, progress, driver::pass);
    this.origin = clock.nanoTime();
    this.threads = driver.track(Thread.ofVirtual().factory());
  }

  @Override
  public Recording recording() {
    return recording;
  }

  @Override
  public VirtualClock clock() {
    return clock;
  }

  @Override
  public Recorder recorder() {
    return recorder;
  }

  @Override
  public ThreadFactory threadFactory() {
    return threads;
  }

  @Override
  public Processor answers(String point) {
    return new RecordedAnswers(recording, Named.requireName(point), clock);
  }

  @Override
  public Result run(Processor pipeline, RunOptions given) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(given, "options");
    if (Thread.currentThread().isVirtual()) {
      // The driver waits for the scheduler's carriers to be idle: it must not hold one itself.
      return onPlatformThread(() -> drive(pipeline, given));
    }
    return drive(pipeline, given);
  }

  private static Result onPlatformThread(java.util.function.Supplier<Result> body) {
    Result[] result = new Result[1];
    RuntimeException[] failure = new RuntimeException[1];
    Thread driver =
        Thread.ofPlatform()
            .name("processors:replay driver")
            .start(
                () -> {
                  try {
                    result[0] = body.get();
                  } catch (RuntimeException e) {
                    failure[0] = e;
                  }
                });
    try {
      driver.join();
    } catch (InterruptedException e) {
      driver.interrupt();
      join(driver);
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted while replaying");
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return result[0];
  }

  private Result drive(Processor pipeline, RunOptions given) {
    RunOptions options =
        given
            .withThreadFactory(driver.track(given.threadFactory()))
            .withStageDecorator(recorder.stages().andThen(given.stageDecorator()));
    if (!used.compareAndSet(false, true)) {
      throw new IllegalStateException("a replay runs once: build another for another run");
    }
    TimedInput source = recordedInput();
    boolean passThrough =
        recording.entries(input).stream().anyMatch(e -> e instanceof RecordingEntry.Passed);
    Processor root =
        passThrough ? recorder.point(input).andThen(pipeline) : recorder.record(input, pipeline);
    List<ProcessorPart> output = Collections.synchronizedList(new ArrayList<>());
    RuntimeException[] failure = new RuntimeException[1];
    long limit = origin + recording.lastNanos() + timeLimit.toNanos();
    boolean timedOut = false;
    Thread consumer = null;
    try (ProcessorRun run = root.start(source, options)) {
      consumer =
          threads.newThread(
              () -> {
                try {
                  for (ProcessorPart part : run) {
                    output.add(part);
                    driver.moved();
                  }
                } catch (RuntimeException e) {
                  failure[0] = e;
                }
              });
      consumer.setName("processors:replay output");
      consumer.start();
      try {
        timedOut = driveClock(consumer, limit);
      } finally {
        driver.open(); // nothing waits at the turnstile while the run closes
      }
    } finally {
      join(consumer);
      recorder.close();
    }
    return new Result(
        recording,
        recorder.recording(),
        output,
        clock.nanoTime() - origin,
        timedOut ? Optional.empty() : Optional.ofNullable(failure[0]),
        timedOut);
  }

  /**
   * Drives the clock until the run has ended (false) or the next deadline lies past {@code limit}
   * (true): settle, let one waiting emit through, or move time to the next deadline.
   */
  private boolean driveClock(Thread consumer, long limit) {
    while (true) {
      driver.awaitSettled(settleTimeout);
      if (driver.grantNext()) {
        continue; // one recorded emit at a time, every other thread idle
      }
      if (!consumer.isAlive()) {
        return false;
      }
      OptionalLong next = clock.nextDeadline();
      if (next.isEmpty()) {
        throw new ReplayException(
            String.format(
                Locale.ROOT,
                "the replay stalled at %.3f s: every thread of the run waits and none waits for"
                    + " time (a stage waits for something outside the replay: a network reply, a"
                    + " thread not made by the replay's thread factory); threads: %s",
                (clock.nanoTime() - origin) / 1e9,
                driver.describeThreads()));
      }
      if (next.getAsLong() > limit) {
        return true;
      }
      clock.advanceTo(next.getAsLong());
    }
  }

  private TimedInput recordedInput() {
    List<TimedInput.Timed> parts = new ArrayList<>();
    long end = -1;
    for (RecordingEntry e : recording.entries(input)) {
      if (e.call() != 0) {
        continue;
      }
      switch (e) {
        case RecordingEntry.Input in -> parts.add(new TimedInput.Timed(in.nanos(), in.part()));
        case RecordingEntry.Passed p -> parts.add(new TimedInput.Timed(p.nanos(), p.part()));
        case RecordingEntry.InputEnded ie -> end = ie.nanos();
        default -> {}
      }
    }
    if (recording.entries(input).isEmpty()) {
      throw new ReplayException(
          "the recording has no input at point '"
              + input
              + "' to replay; its points are "
              + recording.points());
    }
    if (end < 0) {
      end = recording.lastNanos(); // the original run's input never ended: end with the recording
    }
    return new TimedInput(parts, end, clock, origin, driver);
  }

  private static void join(Thread t) {
    if (t == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
