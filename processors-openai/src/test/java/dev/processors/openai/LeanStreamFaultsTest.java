package dev.processors.openai;

import static dev.processors.model.spi.WireReplay.attempts;
import static dev.processors.model.spi.WireReplay.once;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.model.RateLimitException;
import dev.processors.model.ServerErrorException;
import dev.processors.model.TruncatedStreamException;
import dev.processors.model.spi.LeanStreamFaultsSuite;
import dev.processors.model.spi.WireReplay;
import dev.processors.model.spi.WireReplay.Answer;
import dev.processors.model.spi.WireReplay.Outcome;
import dev.processors.openai.OpenAiReplay.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link LeanStreamFaultsSuite} on the lean readers of both OpenAI APIs, compared with the SDK's,
 * and what is particular to Chat Completions' {@code [DONE]} ending.
 */
class LeanStreamFaultsTest extends LeanStreamFaultsSuite<Path> {
  @Override
  protected Stream<Path> leanPaths() {
    return Stream.of(Path.CHAT_LEAN, Path.RESPONSES_LEAN);
  }

  @Override
  protected String completeFixture(Path lean) {
    return switch (lean) {
      case CHAT_LEAN -> "chat-text.sse";
      case RESPONSES_LEAN -> "responses-text.sse";
      default -> throw new IllegalArgumentException(lean + " is not a lean path");
    };
  }

  @Override
  protected int midAnswerEvents(Path lean) {
    return lean == Path.CHAT_LEAN ? 2 : 12;
  }

  @Override
  protected Processor model(Path path, RetryPolicy retries, Answer... answers) {
    return new OpenAiReplay(answers).model(path, retries);
  }

  @Override
  protected Stream<Arguments> inStreamErrors() {
    return Stream.of(
        Arguments.of("chat-error.sse", Path.CHAT_SDK, Path.CHAT_LEAN, ServerErrorException.class),
        Arguments.of(
            "responses-failed.sse",
            Path.RESPONSES_SDK,
            Path.RESPONSES_LEAN,
            ServerErrorException.class),
        Arguments.of(
            "responses-error.sse",
            Path.RESPONSES_SDK,
            Path.RESPONSES_LEAN,
            RateLimitException.class));
  }

  @Test
  void whenRetriesRunOutACutStreamFailsTyped() {
    String cut = withoutLastEvent(complete(Path.CHAT_LEAN));
    OpenAiReplay replay = new OpenAiReplay(Answer.sse(cut), Answer.sse(cut), Answer.sse(cut));
    Outcome out = WireReplay.run(replay.model(Path.CHAT_LEAN, attempts(3)));
    assertThat(out.failure()).isInstanceOf(TruncatedStreamException.class);
    assertThat(replay.calls()).isEqualTo(3);
  }

  @Test
  void nothingAfterTheEndOfStreamEventCounts() {
    String body =
        complete(Path.CHAT_LEAN)
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"late\"}}]}\n\n";
    Outcome out = WireReplay.run(new OpenAiReplay(Answer.sse(body)).model(Path.CHAT_LEAN, once()));
    assertThat(out.failure()).isNull();
    assertThat(ProcessorPart.textOf(out.parts())).doesNotContain("late");
  }
}
