package dev.processors.core;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;

/**
 * Ordered run-ahead: each input part is processed on its own virtual thread, at most {@code
 * maxInFlight} at once, and the outputs are emitted in input order. The oldest part's output
 * streams as it is produced; younger parts buffer theirs until their turn.
 */
final class ConcurrentStage implements Processor {
  private final PartProcessor processor;
  private final int maxInFlight;

  ConcurrentStage(PartProcessor processor, int maxInFlight) {
    this.processor = processor;
    this.maxInFlight = Checks.positive(maxInFlight, "maxInFlight");
  }

  private static final class Slot {
    final LockChannel output;
    Thread thread;

    Slot(int capacity) {
      output = new LockChannel(capacity, 1);
    }
  }

  private static final Slot END = new Slot(1);

  @Override
  public void process(PartStream in, PartSink out) {
    Scope scope = Scope.openChild(out);
    RuntimeException caught = null;
    // maxInFlight slots may be queued; the one being drained is already out of the queue, and it
    // counts too, so the queue holds maxInFlight - 1 and the feeder waits on it.
    ArrayBlockingQueue<Slot> slots = new ArrayBlockingQueue<>(maxInFlight + 1);
    Semaphore permits = new Semaphore(maxInFlight);
    int capacity = scope.options().channelCapacity();
    String name = processor.name();
    try {
      Branches.start(
          scope,
          name + " feeder",
          () -> {
            try {
              while (in.hasNext()) {
                ProcessorPart part = in.next();
                permits.acquire();
                Slot slot = new Slot(capacity);
                ChannelSink sink = new ChannelSink(slot.output, scope.outOfBand(), scope.options());
                PartSink entry =
                    FusedPartProcessor.entry(processor, sink, OutOfBandTest.of(scope.options()));
                slot.thread =
                    Branches.start(
                        scope,
                        name,
                        () -> {
                          try {
                            entry.emit(part);
                          } finally {
                            slot.output.complete();
                          }
                        });
                slots.put(slot);
              }
            } finally {
              ClosableStream.closeIfClosable(in);
              slots.put(END);
            }
          });
      while (true) {
        Slot slot = slots.take();
        if (slot == END) {
          break;
        }
        for (ProcessorPart p = slot.output.take(); p != null; p = slot.output.take()) {
          out.emit(p);
        }
        scope.join(slot.thread);
        permits.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      scope.cancel();
    } catch (RuntimeException e) {
      caught = e;
      if (!scope.isCancelled() && !(e instanceof CancellationException)) {
        scope.fail(name, e);
      }
      scope.cancel();
    } finally {
      for (Slot s : slots) {
        s.output.consumerDone();
      }
    }
    Branches.finish(scope, caught);
  }

  @Override
  public String name() {
    return processor.name() + " x" + maxInFlight;
  }
}
