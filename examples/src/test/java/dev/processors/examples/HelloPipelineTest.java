package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HelloPipelineTest {

  @Test
  void answersBothQuestionsInOrderWithStatusLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    HelloPipeline.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    int first = out.indexOf("[simulated] You asked: What is a processor?");
    int second = out.indexOf("[simulated] You asked: Why virtual threads?");
    assertThat(first).isNotNegative();
    assertThat(second).isGreaterThan(first);
    assertThat(out).contains("(simulated model is answering: What is a processor?)");
  }
}
