package dev.processors.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorPart;
import org.junit.jupiter.api.Test;

/** The token figures a {@link RollingPrompt} budgets with: Gemini's published rates. */
class TokenEstimateTest {

  private static long tokens(ProcessorPart part) {
    RollingPrompt prompt = RollingPrompt.builder().build();
    prompt.add(part);
    return prompt.estimatedTokens();
  }

  @Test
  void textCostsAQuarterOfItsCharactersRoundedUpAndAtLeastOne() {
    assertThat(tokens(ProcessorPart.text("a"))).isEqualTo(1);
    assertThat(tokens(ProcessorPart.text("abcd"))).isEqualTo(1);
    assertThat(tokens(ProcessorPart.text("abcde"))).isEqualTo(2);
    assertThat(tokens(ProcessorPart.text("x".repeat(400)))).isEqualTo(100);
    assertThat(tokens(ProcessorPart.json("{\"a\":1}"))).isEqualTo(2); // 7 characters
  }

  @Test
  void aFunctionCallOrResponseCostsItsNameAndJsonTogether() {
    // "get_time" (8) + "{}" (2) = 10 characters: 3 tokens.
    assertThat(tokens(ProcessorPart.functionCall("1", "get_time", "{}"))).isEqualTo(3);
    // "get_time" (8) + {"t":1} (7) = 15 characters: 4 tokens.
    assertThat(tokens(ProcessorPart.functionResponse("1", "get_time", "{\"t\":1}"))).isEqualTo(4);
  }

  @Test
  void anImageCostsAFlatRateAndOtherBinaryContentItsBytes() {
    assertThat(tokens(ProcessorPart.image(new byte[10_000], "image/png"))).isEqualTo(258);
    assertThat(tokens(ProcessorPart.blob(new byte[100], "application/octet-stream"))).isEqualTo(25);
    assertThat(tokens(ProcessorPart.audio(new byte[16_000], 8_000))).isEqualTo(32); // 1 s
  }
}
