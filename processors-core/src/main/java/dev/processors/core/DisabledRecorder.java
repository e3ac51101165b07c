package dev.processors.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** {@link Recorder#off()}: hands back what it is given, so a pipeline pays nothing for it. */
final class DisabledRecorder implements Recorder {
  static final DisabledRecorder INSTANCE = new DisabledRecorder();

  private DisabledRecorder() {}

  @Override
  public Processor record(String point, Processor processor) {
    Named.requireName(point);
    return Objects.requireNonNull(processor, "processor");
  }

  @Override
  public PartProcessor point(String point) {
    Named.requireName(point);
    return Processors.passThrough();
  }

  @Override
  public StageDecorator stages(Predicate<String> stageNames) {
    Objects.requireNonNull(stageNames, "stageNames");
    return StageDecorator.none();
  }

  @Override
  public boolean isOn() {
    return false;
  }

  @Override
  public long entries() {
    return 0;
  }

  @Override
  public Optional<String> stopReason() {
    return Optional.empty();
  }

  @Override
  public Recording recording() {
    return Recording.of(List.of());
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "Recorder.off()";
  }
}
