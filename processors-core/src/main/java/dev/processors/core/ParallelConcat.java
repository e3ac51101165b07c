package dev.processors.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every branch reads the whole input; outputs are concatenated in branch order. The first branch
 * streams through a bounded channel; later branches buffer up to {@code maxBuffered} parts until
 * their turn, and fail with a clear error beyond that rather than deadlock the broadcast.
 */
final class ParallelConcat implements Processor {
  private final List<Processor> branches;
  private final int maxBuffered;

  private ParallelConcat(List<Processor> branches, int maxBuffered) {
    this.branches = branches;
    this.maxBuffered = maxBuffered;
  }

  static Processor of(List<Processor> branches, int maxBuffered) {
    Checks.positive(maxBuffered, "maxBufferedParts");
    return branches.isEmpty()
        ? EmptyProcessor.of("parallelConcat()")
        : new ParallelConcat(List.copyOf(branches), maxBuffered);
  }

  @Override
  public void process(PartStream in, PartSink out) {
    Scope scope = Scope.openChild(out);
    RuntimeException caught = null;
    int n = branches.size();
    List<SpscChannel> inputs = new ArrayList<>();
    List<LockChannel> outputs = new ArrayList<>();
    AtomicInteger turn = new AtomicInteger();
    try {
      for (int i = 0; i < n; i++) {
        Processor branch = branches.get(i);
        SpscChannel input = new SpscChannel(scope, scope.options().channelCapacity());
        LockChannel output =
            new LockChannel(i == 0 ? scope.options().channelCapacity() : maxBuffered, 1);
        inputs.add(input);
        outputs.add(output);
        ChannelStream branchIn = new ChannelStream(input);
        int index = i;
        PartSink sink =
            part -> {
              if (scope.options().isOutOfBand(part)) {
                scope.outOfBand().emit(part);
              } else if (index == 0 || turn.get() >= index) {
                output.put(part);
              } else if (!output.offer(part)) {
                throw new IllegalStateException(
                    "parallelConcat branch #"
                        + index
                        + " ('"
                        + branch.name()
                        + "') buffered more than "
                        + maxBuffered
                        + " parts while earlier branches were running; raise maxBufferedParts");
              }
            };
        Branches.start(
            scope,
            branch.name(),
            () -> {
              try {
                branch.process(branchIn, sink);
              } finally {
                branchIn.close();
                output.complete();
              }
            });
      }
      Branches.start(scope, "parallelConcat input", () -> Branches.broadcast(in, inputs));
      for (int i = 0; i < n; i++) {
        turn.set(i);
        LockChannel output = outputs.get(i);
        for (ProcessorPart p = output.take(); p != null; p = output.take()) {
          out.emit(p);
        }
      }
    } catch (RuntimeException e) {
      caught = e;
      if (!scope.isCancelled() && !(e instanceof DownstreamClosedException)) {
        scope.fail(name(), e);
      }
      scope.cancel();
    } finally {
      for (LockChannel o : outputs) {
        o.consumerDone();
      }
    }
    Branches.finish(scope, caught);
  }

  @Override
  public String name() {
    return "parallelConcat" + Branches.names(branches);
  }
}
