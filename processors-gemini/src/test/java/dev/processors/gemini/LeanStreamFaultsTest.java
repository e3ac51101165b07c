package dev.processors.gemini;

import dev.processors.core.Processor;
import dev.processors.core.RetryPolicy;
import dev.processors.gemini.GeminiReplay.Path;
import dev.processors.model.ServerErrorException;
import dev.processors.model.spi.LeanStreamFaultsSuite;
import dev.processors.model.spi.WireReplay.Answer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** {@link LeanStreamFaultsSuite} on Gemini's lean reader, compared with the GenAI SDK's. */
class LeanStreamFaultsTest extends LeanStreamFaultsSuite<Path> {
  @Override
  protected Stream<Path> leanPaths() {
    return Stream.of(Path.GEMINI_LEAN);
  }

  @Override
  protected String completeFixture(Path lean) {
    return "gemini-text.sse";
  }

  @Override
  protected int midAnswerEvents(Path lean) {
    return 2;
  }

  @Override
  protected Processor model(Path path, RetryPolicy retries, Answer... answers) {
    return new GeminiReplay(answers).model(path, retries);
  }

  @Override
  protected Stream<Arguments> inStreamErrors() {
    return Stream.of(
        Arguments.of(
            "gemini-error.sse", Path.GEMINI_SDK, Path.GEMINI_LEAN, ServerErrorException.class));
  }
}
