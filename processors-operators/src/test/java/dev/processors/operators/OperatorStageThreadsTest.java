package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Swapping operators from any thread, and the order of schema problems. */
@Timeout(30) // a swap lock never released must fail the test, not hang the build
class OperatorStageThreadsTest {
  private final Operator average =
      OperatorCompiler.builder().build().compile(Specs.AVERAGE_BUILTIN);

  private static void onAnotherThread(Runnable r) throws InterruptedException {
    Thread t = Thread.ofVirtual().start(r);
    t.join(Duration.ofSeconds(20));
    assertThat(t.isAlive()).isFalse();
  }

  @Test
  void operatorsCanBeInstalledAndRemovedFromAnyThread() throws Exception {
    OperatorStage stage = OperatorStage.create();
    onAnotherThread(() -> stage.install(average));
    assertThat(stage.current()).containsSame(average);
    stage.remove();
    assertThat(stage.current()).isEmpty();
    onAnotherThread(stage::remove);
    stage.install(average);
    assertThat(stage.current()).containsSame(average);
  }

  @Test
  void schemaProblemsAreListedInAStableSortedOrder() {
    Throwable t =
        catchThrowable(
            () ->
                OperatorCompiler.builder()
                    .build()
                    .parse("{\"kind\":\"map\",\"zeta\":1,\"alpha\":2,\"description\":3}"));
    assertThat(t).isInstanceOf(InvalidSpecException.class);
    assertThat(((InvalidSpecException) t).problems()).hasSizeGreaterThan(2).isSorted();
  }
}
