package dev.processors.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fails a processor that does not finish in time: a watchdog thread sleeps on the clock until the
 * deadline, then interrupts the processor, whose run then fails with {@link
 * ProcessorTimeoutException}.
 */
final class Timeout {
  private Timeout() {}

  static Processor of(Processor processor, Duration limit, Clock clock) {
    requirePositive(limit);
    return new Processor() {
      @Override
      public void process(PartStream in, PartSink out) throws Exception {
        within(processor.name(), limit, clock, out, () -> processor.process(in, out));
      }

      @Override
      public String name() {
        return processor.name();
      }
    };
  }

  static PartProcessor of(PartProcessor processor, Duration limit, Clock clock) {
    requirePositive(limit);
    return new PartProcessor() {
      @Override
      public void process(ProcessorPart part, PartSink out) throws Exception {
        within(processor.name(), limit, clock, out, () -> processor.process(part, out));
      }

      @Override
      public boolean matches(ProcessorPart part) {
        return processor.matches(part);
      }

      @Override
      public String name() {
        return processor.name();
      }
    };
  }

  private static void requirePositive(Duration limit) {
    Checks.positive(limit, "timeout");
  }

  private static void within(
      String name, Duration limit, Clock clock, PartSink out, Branches.ThrowingRunnable body)
      throws Exception {
    Thread me = Thread.currentThread();
    AtomicBoolean settled = new AtomicBoolean();
    AtomicBoolean timedOut = new AtomicBoolean();
    long deadline = clock.nanoTime() + limit.toNanos();
    Scope scope = Scope.openChild(out);
    Thread watchdog =
        scope.start(
            "processors:timeout " + name,
            () -> {
              try {
                clock.sleepUntil(deadline);
                if (settled.compareAndSet(false, true)) {
                  timedOut.set(true);
                  me.interrupt();
                }
              } catch (InterruptedException e) {
                // the processor finished first
              }
            });
    try {
      body.run();
    } catch (Exception e) {
      if (timedOut.get()) {
        throw new ProcessorTimeoutException(name, limit);
      }
      throw e;
    } finally {
      if (settled.compareAndSet(false, true)) {
        watchdog.interrupt();
      }
      scope.join(watchdog);
      scope.closeChild();
      if (timedOut.get()) {
        Thread.interrupted(); // the interrupt was ours, not the run's
      }
    }
    if (timedOut.get()) {
      throw new ProcessorTimeoutException(name, limit);
    }
  }
}
