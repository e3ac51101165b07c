package dev.processors.core;

import java.util.List;

/**
 * Python's {@code //} for part processors: each part goes to every branch that matches it, and the
 * branches' outputs for that part are emitted in branch order. A part no branch matches passes
 * through once.
 */
final class ParallelPartProcessor implements PartProcessor {
  private final PartProcessor[] branches;

  ParallelPartProcessor(List<PartProcessor> branches) {
    if (branches.isEmpty()) {
      throw new IllegalArgumentException("parallel needs at least one processor");
    }
    this.branches = branches.toArray(PartProcessor[]::new);
  }

  @Override
  public void process(ProcessorPart part, PartSink out) throws Exception {
    boolean matched = false;
    for (PartProcessor branch : branches) {
      if (branch.matches(part)) {
        matched = true;
        branch.process(part, out);
      }
    }
    if (!matched) {
      out.emit(part);
    }
  }

  @Override
  public String name() {
    StringBuilder sb = new StringBuilder("parallel(");
    for (int i = 0; i < branches.length; i++) {
      sb.append(i == 0 ? "" : " // ").append(branches[i].name());
    }
    return sb.append(')').toString();
  }
}
