package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The names a processor goes by in errors, thread names and metrics when nobody named it. */
class ProcessorNamesTest {

  static final class Upper implements PartProcessor {
    @Override
    public void process(ProcessorPart part, PartSink out) {
      out.emitText(part.text().orElseThrow().toUpperCase());
    }
  }

  @Test
  void aNamedClassGoesByItsSimpleName() {
    assertThat(new Upper().name()).isEqualTo("Upper");
  }

  @Test
  void aLambdaGoesByTheClassItWasWrittenIn() {
    Processor lambda = (in, out) -> {};
    assertThat(lambda.name()).isEqualTo("lambda in ProcessorNamesTest");
  }

  @Test
  void anAnonymousClassGoesByItsBinaryNameWithoutThePackage() {
    Processor anonymous =
        new Processor() {
          @Override
          public void process(PartStream in, PartSink out) {}
        };
    assertThat(anonymous.name()).isEqualTo("ProcessorNamesTest$1");
  }

  @Test
  void restrictingANamedPartProcessorKeepsItsName() {
    PartProcessor upper = new Upper().named("shout").matching(p -> true);
    assertThat(upper.name()).isEqualTo("shout");
  }

  @Test
  void aFailureWithoutACauseSaysTheErrorIsUnknownAndOneWithACauseNamesIt() {
    assertThat(new ProcessorException("model", (Throwable) null))
        .hasMessage("stage 'model' failed: unknown error");
    assertThat(new ProcessorException("model", new IOException("reset")))
        .hasMessage("stage 'model' failed: IOException: reset");
    assertThat(new ProcessorException("model", new IOException()))
        .hasMessage("stage 'model' failed: IOException");
  }
}
