package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.testkit.LeakCheck;
import dev.processors.testkit.RecordingThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tool calls are tasks of the run: its threads, its cancellation, its failures (issue 11 §2). */
@ExtendWith(LeakCheck.class)
class FunctionCallingTasksTest {

  /** Calls every tool in {@code calls} in round one, then answers "done". */
  private static Processor callingModel(ProcessorPart... calls) {
    return (in, out) -> {
      List<ProcessorPart> prompt = in.toList();
      if (prompt.get(prompt.size() - 1).content() instanceof Content.FunctionResponse) {
        out.emit(ProcessorPart.text("done").withRole(ProcessorPart.MODEL));
      } else {
        for (ProcessorPart call : calls) {
          out.emit(call);
        }
      }
    };
  }

  private static final class ToolBroke extends Error {
    ToolBroke() {
      super("the tool broke");
    }
  }

  @Test
  void everyThreadOfARunWithToolsComesFromTheRunsThreadFactoryAndNoneOutlivesIt() {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    List<Boolean> toolThreadsFromFactory = new CopyOnWriteArrayList<>();
    Tools tools =
        Tools.builder()
            .add(
                "ping",
                "ping",
                "{\"type\":\"object\"}",
                args -> {
                  toolThreadsFromFactory.add(threads.made(Thread.currentThread()));
                  return Map.of("pong", true);
                })
            .build();
    List<Boolean> modelStageThreadsFromFactory = new CopyOnWriteArrayList<>();
    Processor passOn =
        (in, out) -> {
          for (ProcessorPart p : in) {
            modelStageThreadsFromFactory.add(threads.made(Thread.currentThread()));
            out.emit(p);
          }
        };
    // The model is a pipeline: it runs nested in the caller's run, with the caller's options.
    Processor model =
        callingModel(
                ProcessorPart.functionCall("a", "ping", "{}"),
                ProcessorPart.functionCall("b", "ping", "{}"))
            .andThen(passOn);
    Processor agent = FunctionCalling.builder(model, tools).build();
    List<ProcessorPart> out;
    try (ProcessorRun run = agent.start(List.of(ProcessorPart.text("go")), threads.options())) {
      out = run.toList();
    }
    assertThat(out).last().satisfies(p -> assertThat(p.text()).contains("done"));
    assertThat(toolThreadsFromFactory).containsExactly(true, true);
    assertThat(modelStageThreadsFromFactory).hasSize(3).containsOnly(true);
    assertThat(threads.names()) // one task per call: the tool runs on the task's own thread
        .noneMatch(n -> n.equals("processors:tool ping"))
        .anyMatch(n -> n.startsWith("processors:tool ping (call a)"))
        .anyMatch(n -> n.startsWith("processors:tool ping (call b)"));
    assertThat(threads.alive()).isEmpty();
  }

  @Test
  void closingTheRunInterruptsARunningToolAndWaitsForIt() throws Exception {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Tools tools =
        Tools.builder()
            .add(
                "slow",
                "slow",
                "{\"type\":\"object\"}",
                args -> {
                  started.countDown();
                  try {
                    new CountDownLatch(1).await();
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                  }
                  return "never";
                })
            .build();
    Processor agent =
        FunctionCalling.builder(callingModel(ProcessorPart.functionCall("s", "slow", "{}")), tools)
            .abandonToolsAfter(Duration.ofSeconds(30)) // ample: this tool honours the interrupt
            .build();
    try (ProcessorRun run = agent.start(List.of(ProcessorPart.text("go")), threads.options())) {
      run.iterator().next(); // the call
      started.await();
    }
    assertThat(interrupted).isTrue();
    assertThat(threads.alive()).isEmpty();
  }

  @Test
  void aToolThatIgnoresInterruptsDoesNotHoldUpCloseAndItsResultIsDropped() throws Exception {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    Tools tools =
        Tools.builder()
            .add(
                "stubborn",
                "ignores interrupts",
                "{\"type\":\"object\"}",
                args -> {
                  started.countDown();
                  while (true) {
                    try {
                      release.await();
                      break;
                    } catch (InterruptedException ignored) {
                      // a badly behaved tool: it goes on waiting
                    }
                  }
                  returned.countDown();
                  return "late result";
                })
            .build();
    Processor agent =
        FunctionCalling.builder(
                callingModel(ProcessorPart.functionCall("s", "stubborn", "{}")), tools)
            .abandonToolsAfter(Duration.ZERO)
            .build();
    List<ProcessorPart> seen = new ArrayList<>();
    try (ProcessorRun run = agent.start(List.of(ProcessorPart.text("go")), threads.options())) {
      Iterator<ProcessorPart> it = run.iterator();
      seen.add(it.next()); // the call
      started.await();
    } // returns although the tool is still running
    Thread tool =
        threads.threads().stream()
            .filter(t -> t.getName().startsWith("processors:tool stubborn (call s)"))
            .findFirst()
            .orElseThrow();
    assertThat(tool.isAlive()).isTrue();
    assertThat(threads.alive()).containsExactly(tool); // every thread of the run itself ended
    release.countDown();
    returned.await();
    tool.join();
    assertThat(seen).noneMatch(p -> p.content() instanceof Content.FunctionResponse);
    assertThat(threads.alive()).isEmpty();
  }

  @Test
  void aToolThatThrowsAnErrorFailsTheRunWithThatErrorAsTheCause() {
    Tools tools =
        Tools.builder()
            .add(
                "broken",
                "throws an Error",
                "{\"type\":\"object\"}",
                args -> {
                  throw new ToolBroke();
                })
            .build();
    Processor agent =
        FunctionCalling.builder(
                callingModel(ProcessorPart.functionCall("x", "broken", "{}")), tools)
            .build();
    assertThatThrownBy(() -> agent.apply("go"))
        .isInstanceOf(ProcessorException.class)
        .hasRootCauseInstanceOf(ToolBroke.class)
        .hasStackTraceContaining("tool broken");
  }

  /** A service whose annotated method throws an Error (reflection must not hide it). */
  public static final class Faulty {
    @ToolMethod("Fails with an Error")
    public String explode(@ToolParam("why") String why) {
      throw new ToolBroke();
    }
  }

  @Test
  void anErrorFromAnAnnotatedToolMethodAlsoFailsTheRun() {
    Tools tools = Tools.builder().addAll(new Faulty()).build();
    Processor agent =
        FunctionCalling.builder(
                callingModel(ProcessorPart.functionCall("x", "explode", Map.of("why", "test"))),
                tools)
            .build();
    assertThatThrownBy(() -> agent.apply("go")).hasRootCauseInstanceOf(ToolBroke.class);
  }
}
