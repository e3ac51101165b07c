package dev.processors.benchmarks.core;

import dev.processors.core.PartProcessor;
import dev.processors.core.ProcessorPart;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The per-stage work every fused-chain contender runs: four distinct functions (so call sites see
 * several receiver classes, as in a real pipeline), cycled to make chains of any length.
 */
final class Stages {
  private Stages() {}

  static final UnaryOperator<ProcessorPart> F0 = p -> p;
  static final UnaryOperator<ProcessorPart> F1 = p -> p.isText() ? p : p;
  static final UnaryOperator<ProcessorPart> F2 = p -> p.isOutOfBand() ? p : p;
  static final UnaryOperator<ProcessorPart> F3 = p -> p.isControl() ? p : p;

  static List<UnaryOperator<ProcessorPart>> functions(int n) {
    List<UnaryOperator<ProcessorPart>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fs.add(
          switch (i % 4) {
            case 0 -> F0;
            case 1 -> F1;
            case 2 -> F2;
            default -> F3;
          });
    }
    return fs;
  }

  static PartProcessor partProcessor(UnaryOperator<ProcessorPart> f) {
    if (f == F0) {
      return (p, out) -> out.emit(F0.apply(p));
    } else if (f == F1) {
      return (p, out) -> out.emit(F1.apply(p));
    } else if (f == F2) {
      return (p, out) -> out.emit(F2.apply(p));
    }
    return (p, out) -> out.emit(F3.apply(p));
  }

  static List<ProcessorPart> parts(int n) {
    List<ProcessorPart> parts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      parts.add(ProcessorPart.text("part " + i));
    }
    return parts;
  }
}
