package dev.processors.core;

import java.util.ArrayList;
import java.util.List;

/** Every branch reads the whole input; outputs are merged in arrival order. */
final class Merge implements Processor {
  private final List<Processor> branches;

  Merge(List<Processor> branches) {
    if (branches.isEmpty()) {
      throw new IllegalArgumentException("merge needs at least one processor");
    }
    this.branches = List.copyOf(branches);
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
