package dev.processors.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnByTurnTest {
  private static final Processor ECHO =
      ((Processor) (in, out) -> out.emitText("echo: " + ProcessorPart.textOf(in.toList())))
          .named("echo");

  @Test
  void itsNameSaysWhichProcessorAnswersTheTurns() {
    assertThat(TurnByTurn.of(ECHO).name()).isEqualTo("turns(echo)");
    assertThat(TurnByTurn.withHistory(ECHO).name()).isEqualTo("turns(echo)");
  }

  @Test
  void inputLeftAfterTheLastEndOfTurnIsAnsweredWhenTheInputEnds() {
    List<ProcessorPart> out =
        TurnByTurn.of(ECHO)
            .apply(
                List.of(
                    ProcessorPart.text("a"), ProcessorPart.endOfTurn(), ProcessorPart.text("b")));

    assertThat(describe(out)).containsExactly("echo: a", "end_of_turn", "echo: b", "end_of_turn");
  }

  @Test
  void aTurnEndedByTheClientIsAnsweredOnce() {
    List<ProcessorPart> out =
        TurnByTurn.of(ECHO).apply(List.of(ProcessorPart.text("a"), ProcessorPart.endOfTurn()));

    assertThat(describe(out)).containsExactly("echo: a", "end_of_turn");
  }

  private static List<String> describe(List<ProcessorPart> parts) {
    return parts.stream()
        .map(p -> p.isSignal(SignalKind.END_OF_TURN) ? "end_of_turn" : p.text().orElse("?"))
        .toList();
  }
}
