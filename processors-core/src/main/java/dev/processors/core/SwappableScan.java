package dev.processors.core;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/** The {@link ScanStage}: one volatile read per value tells a run which operator to use. */
final class SwappableScan implements ScanStage {
  /** An installed operator; a new instance per install, so a reinstall of the same one counts. */
  private record Installed(Scan<Object> operator, long generation) {}

  private final String name;
  private final Duration limit;
  private final long limitNanos;
  private final Clock clock;
  private final AtomicReference<Installed> installed = new AtomicReference<>();
  private final ReentrantLock installing = new ReentrantLock(); // generations in install order
  private long generations;

  SwappableScan(ScanStage.Builder b) {
    this.name = b.name;
    this.limit = b.perValueLimit;
    this.limitNanos = b.perValueLimit == null ? Long.MAX_VALUE : b.perValueLimit.toNanos();
    this.clock = b.clock;
    if (b.operator != null) {
      install(b.operator);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void install(Scan<?> operator) {
    java.util.Objects.requireNonNull(operator, "operator");
    installing.lock();
    try {
      installed.set(new Installed((Scan<Object>) operator, ++generations));
    } finally {
      installing.unlock();
    }
  }

  @Override
  public void remove() {
    installing.lock();
    try {
      installed.set(null);
    } finally {
      installing.unlock();
    }
  }

  @Override
  public Optional<Scan<?>> current() {
    Installed now = installed.get();
    return now == null ? Optional.empty() : Optional.of(now.operator());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void process(PartStream in, PartSink out) {
    Installed using = installed.get();
    Object state = using == null ? null : using.operator().initial();
    for (ProcessorPart part : in) {
      Installed now = installed.get();
      if (now != using) {
        using = now;
        state = now == null ? null : now.operator().initial();
        out.emit(swapped(now));
      }
      if (using == null || !using.operator().matches(part)) {
        out.emit(part);
        continue;
      }
      state = step(using.operator(), state, part, out);
    }
  }

  /** Handles one value; returns the state after it (unchanged when the value failed). */
  private Object step(Scan<Object> op, Object state, ProcessorPart part, PartSink out) {
    long start = clock.nanoTime();
    Object next;
    Optional<ProcessorPart> summary;
    try {
      next = op.update(state, part);
      summary = op.summary(next, part);
      if (next == null || summary == null) {
        throw new IllegalStateException(
            (next == null ? "update" : "summary") + " returned null (use Optional.empty())");
      }
    } catch (CancellationException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("cancelled");
    } catch (Exception e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("cancelled");
      }
      out.emit(error(op, ProcessorException.describe(e)));
      return state;
    }
    long took = clock.nanoTime() - start;
    if (took > limitNanos) {
      out.emit(
          error(op, "took " + Duration.ofNanos(took) + ", over the per-value limit of " + limit));
      return state;
    }
    summary.ifPresent(out::emit);
    return next;
  }

  private ProcessorPart swapped(Installed now) {
    if (now == null) {
      return ProcessorPart.status("scan '" + name + "': operator removed; values pass through");
    }
    return ProcessorPart.status(
            "scan '" + name + "': operator '" + now.operator().name() + "' installed")
        .withMetadata(OPERATOR, now.operator().name())
        .withMetadata(GENERATION, now.generation());
  }

  private ProcessorPart error(Scan<Object> op, String message) {
    return ProcessorPart.status(
            "error in '" + name + "' (operator '" + op.name() + "'): " + message)
        .withMetadata(ProcessorPart.ERROR, true)
        .withMetadata(ProcessorPart.STAGE, name)
        .withMetadata(OPERATOR, op.name());
  }
}
