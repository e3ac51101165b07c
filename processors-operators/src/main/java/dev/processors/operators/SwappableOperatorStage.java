package dev.processors.operators;

import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.ScanStage;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/** {@link OperatorStage} over a core {@link ScanStage}. */
final class SwappableOperatorStage implements OperatorStage {
  private final ScanStage scan;
  private final AtomicReference<Operator> current = new AtomicReference<>();
  private final ReentrantLock swapping = new ReentrantLock(); // keeps current and scan in step

  SwappableOperatorStage(ScanStage scan) {
    this.scan = scan;
  }

  @Override
  public void install(Operator operator) {
    Objects.requireNonNull(operator, "operator");
    swapping.lock();
    try {
      current.set(operator);
      scan.install(operator.scan());
    } finally {
      swapping.unlock();
    }
  }

  @Override
  public void remove() {
    swapping.lock();
    try {
      current.set(null);
      scan.remove();
    } finally {
      swapping.unlock();
    }
  }

  @Override
  public Optional<Operator> current() {
    return Optional.ofNullable(current.get());
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    scan.process(in, out);
  }

  @Override
  public String name() {
    return scan.name();
  }
}
