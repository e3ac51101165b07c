package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code bin/run operators ...} offline: the loop shows, the spec prints, one summary per tick. */
class OperatorsExampleTest {

  @BeforeEach
  void offlineOnly() {
    assumeTrue(
        System.getenv("OPENAI_API_KEY") == null && System.getenv("GEMINI_API_KEY") == null,
        "with a key the example asks a real model");
  }

  private static List<String> run(String request) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      OperatorsExample.main(new String[] {request});
    } finally {
      System.setOut(out);
    }
    return buffer.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void theAverageRequestShowsTheRejectedAttemptTheSpecAndARunningAverage() throws Exception {
    List<String> lines = run("accumulate the average price for XYZ");
    String all = String.join("\n", lines);
    assertThat(all)
        .contains("attempt 1: rejected")
        .contains("fed back: the spec does not compile")
        .contains("found no matching overload for '_/_' applied to '(double, int)'")
        .contains("attempt 2: accepted")
        .contains("\"summary\" : \"acc.sum / double(acc.count)\"");
    List<String> summaries = lines.stream().filter(l -> l.contains("-> average_price:")).toList();
    assertThat(summaries).hasSize(25);
    assertThat(summaries.get(0)).startsWith("XYZ #0 ").contains("\"count\":1");
    assertThat(summaries.get(24)).startsWith("XYZ #24").contains("\"count\":25");
  }

  @Test
  void aThresholdRequestBecomesAFilter() throws Exception {
    List<String> lines = run("only prices above 100.5 for XYZ");
    assertThat(String.join("\n", lines))
        .contains("property 'parameters' is not defined in the schema")
        .contains("\"expression\" : \"value.price > params.threshold\"");
    assertThat(lines.stream().filter(l -> l.startsWith("XYZ kept:")))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).containsPattern("\"price\":(10[1-9]|100\\.[5-9])"));
  }
}
