package dev.processors.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Every branch reads the whole input; outputs are merged in arrival order. A branch that ends with
 * a cancellation of its own just ends (it stops reading; the others go on).
 */
final class Merge implements Processor {
  private final List<Processor> branches;

  private Merge(List<Processor> branches) {
    this.branches = branches;
  }

  static Processor of(List<Processor> branches) {
    return branches.isEmpty() ? EmptyProcessor.of("merge()") : new Merge(List.copyOf(branches));
  }

  @Override
  public void process(PartStream in, PartSink out) {
    Scope scope = Scope.openChild(out);
    RuntimeException caught = null;
    PartSink merged = new LockedSink(out);
    List<SpscChannel> inputs = new ArrayList<>();
    try {
      for (Processor branch : branches) {
        SpscChannel channel = new SpscChannel(scope, scope.options().channelCapacity());
        inputs.add(channel);
        ChannelStream branchIn = new ChannelStream(channel);
        Branches.start(
            scope,
            branch.name(),
            () -> {
              try {
                branch.process(branchIn, merged);
              } catch (CancellationException e) {
                if (scope.isCancelled()) {
                  throw e;
                }
                // This member gave up on its own: it ends, the merge goes on without it.
              } finally {
                branchIn.close();
              }
            });
      }
      Branches.broadcast(in, inputs);
    } catch (RuntimeException e) {
      caught = e;
      if (!scope.isCancelled() && !(e instanceof DownstreamClosedException)) {
        scope.fail(name(), e);
      }
      scope.cancel();
    }
    Branches.finish(scope, caught);
  }

  @Override
  public String name() {
    return "merge" + Branches.names(branches);
  }
}
