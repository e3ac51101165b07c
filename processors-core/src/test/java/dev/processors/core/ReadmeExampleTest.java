package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The root README's example, as written there, so the docs cannot drift from the code. */
class ReadmeExampleTest {

  @Test
  void theReadmeExampleRunsAsDescribed() {
    List<ProcessorPart> printed = new ArrayList<>();
    // --- from README.md ---
    PartProcessor clean = Processors.mapText(String::strip);
    PartProcessor shout = Processors.mapText(String::toUpperCase);
    Processor model =
        (in, out) -> { // any stream stage: a model, a tool, ...
          for (ProcessorPart question : in) {
            out.emit(ProcessorPart.status("thinking about " + question.text().orElse("")));
            out.emitText("You said: " + question.text().orElse(""));
          }
        };
    Processor pipeline = clean.andThen(shout).andThen(model); // clean+shout are fused: one thread
    try (ProcessorRun run = pipeline.start(List.of(ProcessorPart.text("  hello ")))) {
      for (ProcessorPart part : run) { // streams as parts arrive
        printed.add(part); // (README: System.out.println)
      }
    }
    // --- end ---
    assertThat(printed)
        .containsExactlyInAnyOrder(
            ProcessorPart.status("thinking about HELLO"), ProcessorPart.text("You said: HELLO"));
  }
}
