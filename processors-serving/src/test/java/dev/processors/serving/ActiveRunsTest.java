package dev.processors.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ActiveRunsTest {
  @Test
  void aRunThatArrivesWhileTheServerClosesIsCancelledAtOnce() throws Exception {
    AtomicReference<Thread> stage = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    Processor quiet =
        (in, out) -> {
          stage.set(Thread.currentThread());
          started.countDown();
          never.await();
        };
    ActiveRuns runs = new ActiveRuns();
    runs.closeAll();
    ProcessorRun late = quiet.start(List.of(ProcessorPart.text("x")));
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

    runs.add(late);

    stage.get().join(TimeUnit.SECONDS.toMillis(20));
    assertThat(stage.get().isAlive()).as("the late run's stage thread").isFalse();
    assertThat(late.isDone()).isTrue();
  }
}
