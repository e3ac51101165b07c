package dev.processors.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chain of stages. Adjacent part processors are fused into one stage (which runs ahead once its
 * calls block); every other stage runs on its own virtual thread of the current scope, connected by
 * {@link SpscChannel}s. The last stage runs on the calling thread, so a chain of n stages starts n
 * - 1 threads.
 */
final class Pipeline implements Processor {
  private final List<Processor> stages;

  private Pipeline(List<Processor> stages) {
    this.stages = stages;
  }

  static Processor of(List<? extends Processor> processors) {
    List<Processor> flat = new ArrayList<>();
    for (Processor p : processors) {
      Objects.requireNonNull(p, "processor");
      List<Processor> pieces = p instanceof Pipeline pl ? pl.stages : List.of(p);
      for (Processor piece : pieces) {
        int last = flat.size() - 1;
        if (piece instanceof PartProcessor next
            && last >= 0
            && flat.get(last) instanceof PartProcessor prev) {
          flat.set(last, FusedPartProcessor.of(List.of(prev, next)));
        } else {
          flat.add(piece);
        }
      }
    }
    if (flat.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one processor");
    }
    return flat.size() == 1 ? flat.get(0) : new Pipeline(List.copyOf(flat));
  }

  List<Processor> stages() {
    return stages;
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    int n = stages.size();
    Scope scope = Scope.openChild(out);
    int capacity = scope.options().channelCapacity();
    PartSink outOfBand = scope.outOfBand();
    List<ChannelStream> streams = new ArrayList<>(n - 1);
    Throwable lastError = null;
    try {
      PartStream upstream = in;
      for (int i = 0; i < n - 1; i++) {
        SpscChannel channel = new SpscChannel(scope, capacity);
        ChannelSink sink = new ChannelSink(channel, outOfBand, scope.options());
        Processor stage = scope.options().decorate(stages.get(i));
        PartStream stageIn = upstream;
        String name = stages.get(i).name();
        scope.start("processors:" + name, () -> runStage(scope, name, stage, stageIn, sink));
        ChannelStream stream = new ChannelStream(channel);
        streams.add(stream);
        upstream = stream;
      }
      Processor last = stages.get(n - 1);
      try {
        scope.options().decorate(last).process(upstream, out);
      } catch (Throwable t) {
        lastError = t;
        if (!scope.isCancelled() && !(t instanceof DownstreamClosedException)) {
          scope.fail(last.name(), t);
        }
        scope.cancel();
      }
    } finally {
      for (ChannelStream s : streams) {
        s.close();
      }
      scope.closeChild();
    }
    ProcessorException failure = scope.failure();
    if (failure != null) {
      throw failure;
    }
    if (lastError instanceof DownstreamClosedException e) {
      throw e;
    }
    if (scope.isCancelled()) {
      throw scope.cancellation();
    }
  }

  static void runStage(Scope scope, String name, Processor stage, PartStream in, ChannelSink out) {
    try {
      stage.process(in, out);
      out.complete();
    } catch (DownstreamClosedException e) {
      // The next stage stopped reading: this stage ends quietly.
    } catch (Throwable t) {
      if (!scope.isCancelled()) {
        scope.fail(name, t);
      }
    } finally {
      ClosableStream.closeIfClosable(in);
    }
  }

  @Override
  public String name() {
    StringBuilder sb = new StringBuilder();
    for (Processor p : stages) {
      if (!sb.isEmpty()) {
        sb.append(" -> ");
      }
      sb.append(p.name());
    }
    return sb.toString();
  }
}
