package dev.processors.benchmarks.live;

import dev.processors.core.PartQueue;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.Processors;
import dev.processors.live.LiveModelProcessor;
import dev.processors.live.TriggerMode;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap used by N idle live sessions in one JVM (default 10,000): each session is a run of {@code
 * passThrough -> LiveModelProcessor -> passThrough} fed by its own {@link PartQueue}, all of them
 * started and waiting for input. Not a JMH benchmark: it measures memory, once.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.processors.benchmarks.live.IdleSessionsFootprint [sessions]}
 */
public final class IdleSessionsFootprint {
  private IdleSessionsFootprint() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Processor model =
        (in, out) -> {
          in.toList();
          out.emitText("ok");
        };
    Processor session =
        Processors.passThrough()
            .andThen(LiveModelProcessor.builder(model).trigger(TriggerMode.END_OF_TURN).build())
            .andThen(Processors.passThrough());
    long before = usedHeapAfterGc();
    List<PartQueue> inputs = new ArrayList<>(sessions);
    List<ProcessorRun> runs = new ArrayList<>(sessions);
    long start = System.nanoTime();
    for (int i = 0; i < sessions; i++) {
      PartQueue q = PartQueue.create(16);
      inputs.add(q);
      runs.add(session.start(q));
    }
    Thread.sleep(2_000); // let every stage reach its idle wait
    long after = usedHeapAfterGc();
    long startMillis = (System.nanoTime() - start) / 1_000_000;
    // Prove they are alive: one turn on the last session.
    PartQueue last = inputs.get(sessions - 1);
    last.putText("hello");
    last.put(ProcessorPart.endOfTurn());
    String answer = runs.get(sessions - 1).iterator().next().text().orElse("?");
    System.out.printf(
        "%d idle sessions: heap %.1f MB (%.1f KB per session), %d live threads in the JVM"
            + " (platform), started in %d ms, last session answered '%s'%n",
        sessions,
        (after - before) / 1e6,
        (after - before) / 1e3 / sessions,
        ManagementFactory.getThreadMXBean().getThreadCount(),
        startMillis,
        answer);
    long closeStart = System.nanoTime();
    for (int i = 0; i < sessions; i++) {
      inputs.get(i).close();
      runs.get(i).close();
    }
    System.out.printf("closed all in %d ms%n", (System.nanoTime() - closeStart) / 1_000_000);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
