package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.live.EventDetector;
import dev.processors.model.AuthenticationException;
import dev.processors.testkit.FakeTurn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CommentatorTest {
  private static final ProcessorPart TICK =
      ProcessorPart.jsonOf(Map.of("symbol", "ACME", "seq", 7, "price", 102.0, "change_pct", 2.0));
  private static final ProcessorPart EVENT =
      ProcessorPart.text("big move")
          .withSubstream(LiveCommentator.EVENT)
          .withMetadata(EventDetector.EVENT_TO, "on");

  @Test
  void passesTheStreamThroughAndCommentsAfterTheEvent() {
    try (ExampleModel models = ExampleModel.simulated()) {
      Commentator commentator =
          new Commentator(
              models.model(ExampleModel.Settings.instruction("")),
              move -> models.simulate(Commentator.simulatedComment(move, Duration.ZERO)));
      List<ProcessorPart> out = commentator.apply(List.of(TICK, EVENT, TICK));

      assertThat(out.subList(0, 3)).containsExactly(TICK, EVENT, TICK);
      List<ProcessorPart> comment = out.subList(3, out.size());
      assertThat(comment).allMatch(p -> p.substream().equals(Commentator.COMMENT));
      assertThat(comment).allMatch(p -> p.metadataLong("event_seq").orElseThrow() == 7L);
      assertThat(comment.stream().flatMap(p -> p.text().stream()).collect(Collectors.joining()))
          .isEqualTo(
              "[simulated] ACME rockets 2.0% to 102.00 in seconds, and the buyers are not done yet!");
      assertThat(comment.getLast().isSignal(SignalKind.GENERATION_COMPLETE)).isTrue();
      assertThat(models.fakeServer().orElseThrow().lastRequest().orElseThrow().body())
          .contains("ACME up 2.00% in 5 ticks (100.00 -> 102.00)");
    }
  }

  @Test
  void aRefusedKeyFailsTheRunWithAnExplanation() {
    try (ExampleModel models = ExampleModel.simulated()) {
      Commentator commentator =
          new Commentator(
              models.model(ExampleModel.Settings.instruction("")),
              move -> models.simulate(FakeTurn.httpError(401, "Incorrect API key provided")));
      Throwable failure = catchThrowable(() -> commentator.apply(List.of(TICK, EVENT)));
      assertThat(Stream.iterate(failure, Objects::nonNull, Throwable::getCause))
          .anyMatch(AuthenticationException.class::isInstance);
      assertThat(Failures.explain(failure, Failures.Service.OPENAI).getMessage())
          .startsWith("OpenAI: the API key was refused (HTTP 401)");
    }
  }
}
