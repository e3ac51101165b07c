package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The console's schedule at exact tick boundaries, its gap count, and how closing ends it. */
class LiveConsoleLifecycleTest {
  private static final long MS = 1_000_000;
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics = RealTimeMetrics.create(clock);
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);

  private String nextLine() throws InterruptedException {
    String line = lines.poll(10, TimeUnit.SECONDS);
    assertThat(line).as("a line within 10 s of real time").isNotNull();
    return line;
  }

  @Test
  void timeJumpingExactlyToATickPrintsOneLineAndWaitsForTheNextTick() throws Exception {
    try (LiveConsole console = LiveConsole.start(metrics, lines::add, Duration.ofMillis(500))) {
      clock.awaitSleepers(1);

      clock.advance(Duration.ofMillis(1000)); // the tick at 500 ms is late, the one at 1 s is now
      assertThat(nextLine()).startsWith("[    1s]");
      clock.awaitSleepers(1);

      assertThat(lines).as("the tick due at 1 s is the one just printed").isEmpty();
      assertThat(clock.nextDeadline().orElseThrow()).isEqualTo(1500 * MS);
    }
  }

  @Test
  void theLineCountsTheGapsOfPipelines() throws Exception {
    StageMetrics agent = metrics.stage("agent");
    metrics.instrument(agent.name(), (in, out) -> {}); // marks it as a pipeline
    agent.recordUnderrun(40 * MS);
    agent.recordUnderrun(60 * MS);
    try (LiveConsole console = LiveConsole.start(metrics, line -> {})) {
      assertThat(console.line()).endsWith("gaps 2");
    }
  }

  @Test
  void closeReturnsOnlyAfterTheLineBeingPrintedIsDone() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean printed = new AtomicBoolean();
    LiveConsole console =
        LiveConsole.start(
            metrics,
            line -> {
              entered.countDown();
              boolean interrupted = false;
              while (release.getCount() > 0) { // a terminal write that ignores interrupts
                try {
                  release.await();
                } catch (InterruptedException e) {
                  interrupted = true;
                }
              }
              printed.set(true);
              if (interrupted) {
                Thread.currentThread().interrupt();
              }
            });
    clock.awaitSleepers(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    Thread closer = Thread.ofPlatform().daemon().start(console::close);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (closer.getState() != Thread.State.WAITING
        && closer.getState() != Thread.State.TERMINATED
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(closer.getState())
        .as("close waits for the printing thread")
        .isNotEqualTo(Thread.State.TERMINATED);
    assertThat(printed).isFalse();

    release.countDown();
    closer.join(Duration.ofSeconds(10));
    assertThat(closer.isAlive()).isFalse();
    assertThat(printed).isTrue();
    assertThat(console.isAlive()).isFalse();
  }

  @Test
  void closeLeavesTheCallersInterruptStatusAsItFoundIt() throws Exception {
    LiveConsole calm = LiveConsole.start(metrics, lines::add);
    clock.awaitSleepers(1);
    calm.close();
    assertThat(Thread.interrupted()).as("a caller that was not interrupted is not").isFalse();

    LiveConsole other = LiveConsole.start(metrics, lines::add);
    Thread.currentThread().interrupt();
    other.close();
    assertThat(Thread.interrupted()).as("a caller that was interrupted still is").isTrue();
    assertThat(other.isAlive()).isFalse();
  }
}
