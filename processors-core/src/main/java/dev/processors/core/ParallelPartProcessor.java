package dev.processors.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Python's {@code //} for part processors: each part goes to every branch that matches it, and the
 * branches' outputs for that part are emitted in branch order. On a stage's own thread the branches
 * run one after another (cheap branches stay cheap); on a task thread of a stage that runs ahead
 * (its calls block) they run at the same time, the later branches' output buffered until its turn.
 */
final class ParallelPartProcessor implements PartProcessor {
  private final PartProcessor[] branches;
  private final PartProcessor.PassThrough passThrough;

  ParallelPartProcessor(List<PartProcessor> branches, PartProcessor.PassThrough passThrough) {
    if (branches.isEmpty()) {
      throw new IllegalArgumentException("parallel needs at least one processor");
    }
    for (PartProcessor b : branches) {
      Objects.requireNonNull(b, "parallel branch");
    }
    this.branches = branches.toArray(PartProcessor[]::new);
    this.passThrough = passThrough;
  }

  @Override
  public boolean matches(ProcessorPart part) {
    // A part no branch takes is dropped (it enters and yields nothing) unless it passes through.
    return passThrough == PartProcessor.PassThrough.NEVER || anyMatches(part);
  }

  private boolean anyMatches(ProcessorPart part) {
    for (PartProcessor branch : branches) {
      if (branch.matches(part)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void process(ProcessorPart part, PartSink out) throws Exception {
    List<PartProcessor> matching = new ArrayList<>(branches.length);
    for (PartProcessor branch : branches) {
      if (branch.matches(part)) {
        matching.add(branch);
      }
    }
    CountingSink counted = new CountingSink(out);
    if (matching.size() > 1 && RunAheadStage.inTask()) {
      runTogether(part, matching, counted);
    } else {
      for (PartProcessor branch : matching) {
        branch.process(part, counted);
      }
    }
    if (passThrough == PartProcessor.PassThrough.ALWAYS
        || (passThrough == PartProcessor.PassThrough.FALLBACK && counted.data == 0)) {
      out.emit(part);
    }
  }

  /** The first branch emits directly; the others buffer until the ones before them are done. */
  private static void runTogether(ProcessorPart part, List<PartProcessor> matching, PartSink out) {
    int n = matching.size();
    List<List<ProcessorPart>> buffers = new ArrayList<>(n);
    List<Fork<Void>> forks = new ArrayList<>(n);
    try (TaskScope scope = TaskScope.open()) {
      for (int i = 1; i < n; i++) {
        List<ProcessorPart> buffer = new ArrayList<>();
        buffers.add(buffer);
        PartProcessor branch = matching.get(i);
        forks.add(scope.fork(branch.name(), () -> branch.process(part, buffer::add)));
      }
      try {
        matching.get(0).process(part, out);
      } catch (Exception e) {
        throw Sneaky.<RuntimeException>raise(e);
      }
      for (int i = 0; i < n - 1; i++) {
        forks.get(i).join();
        buffers.get(i).forEach(out::emit);
      }
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

  /** Counts the data parts (not out-of-band ones) that went out for one input part. */
  private static final class CountingSink implements PartSink {
    private final PartSink out;
    private final OutOfBandTest reserved = OutOfBandTest.current();
    long data;

    CountingSink(PartSink out) {
      this.out = out;
    }

    @Override
    public void emit(ProcessorPart p) {
      if (!reserved.test(p)) {
        data++;
      }
      out.emit(p);
    }
  }
}
