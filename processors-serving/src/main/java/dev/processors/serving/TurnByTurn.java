package dev.processors.serving;

import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a turn-based processor (a model that reads its whole input, then answers) into one that
 * serves an endless stream, such as a WebSocket connection: the input is cut at every {@code
 * end_of_turn} signal, the processor runs on that turn (after the earlier turns and answers, when
 * history is kept), and its answer is followed by an {@code end_of_turn} signal.
 *
 * <pre>{@code
 * PipelineServer server = PipelineServer.builder(TurnByTurn.withHistory(model)).build();
 * }</pre>
 *
 * <p><b>Threading.</b> Turns run one after another on the stage's thread; input that arrives while
 * a turn is answered waits for the next turn. Immutable; every run keeps its own history (in
 * memory, for the length of the run). <b>Errors.</b> A failing turn fails the run, as any stage.
 * Input left after the last {@code end_of_turn} is answered as a last turn when the input ends.
 */
public final class TurnByTurn implements Processor {
  private final Processor processor;
  private final boolean history;

  private TurnByTurn(Processor processor, boolean history) {
    this.processor = Objects.requireNonNull(processor, "processor");
    this.history = history;
  }

  /** Each turn answered on its own. */
  public static TurnByTurn of(Processor processor) {
    return new TurnByTurn(processor, false);
  }

  /** Each turn answered after the earlier turns and answers of the same run. */
  public static TurnByTurn withHistory(Processor processor) {
    return new TurnByTurn(processor, true);
  }

  @Override
  public String name() {
    return "turns(" + processor.name() + ")";
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    List<ProcessorPart> conversation = new ArrayList<>();
    List<ProcessorPart> turn = new ArrayList<>();
    for (ProcessorPart part : in) {
      if (part.isSignal(SignalKind.END_OF_TURN)) {
        answer(conversation, turn, out);
        turn.clear();
      } else if (!part.isOutOfBand()) {
        turn.add(part);
      }
    }
    if (!turn.isEmpty()) {
      answer(conversation, turn, out);
    }
  }

  private void answer(List<ProcessorPart> conversation, List<ProcessorPart> turn, PartSink out)
      throws Exception {
    List<ProcessorPart> input = new ArrayList<>(history ? conversation : List.of());
    input.addAll(turn);
    List<ProcessorPart> answer = new ArrayList<>();
    processor.process(
        PartStream.of(input),
        part -> {
          if (!part.isOutOfBand()) {
            answer.add(part);
          }
          out.emit(part);
        });
    if (history) {
      conversation.addAll(turn);
      conversation.addAll(answer);
    }
    out.emit(ProcessorPart.endOfTurn().withRole(ProcessorPart.MODEL));
  }
}
