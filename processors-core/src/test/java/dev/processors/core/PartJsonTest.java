package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link PartJson} reads back, and what it refuses: bad input never turns into a part. */
class PartJsonTest {
  private static final String TEXT = "{\"content\":{\"type\":\"text\",\"text\":\"hi\"}";

  private static String withMetadata(String metadata) {
    return TEXT + ",\"metadata\":" + metadata + "}";
  }

  private static String signal(String control) {
    return "{\"content\":{\"type\":\"signal\",\"kind\":\"interrupted\",\"control\":"
        + control
        + "}}";
  }

  @Test
  void aSixteenMegabyteBlobItWroteReadsBackUnchanged() {
    byte[] bytes = new byte[16 * 1024 * 1024];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + (i >>> 11));
    }
    ProcessorPart part = ProcessorPart.blob(bytes, "application/octet-stream");
    String json = PartJson.write(part);
    assertThat(json.length())
        .as("base64 is past Jackson's default string cap")
        .isGreaterThan(20_000_000);
    ProcessorPart back = PartJson.read(json);
    assertThat(back).isEqualTo(part);
  }

  @Test
  void aLargeJsonPartReadsBackUnchanged() {
    String big = "x".repeat(21_000_000);
    ProcessorPart part = ProcessorPart.jsonOf(Map.of("text", big));
    assertThat(PartJson.read(PartJson.write(part))).isEqualTo(part);
  }

  @Test
  void anythingAfterThePartObjectIsRejectedInsteadOfDropped() {
    ProcessorPart part = ProcessorPart.text("first");
    String one = PartJson.write(part);
    assertThat(PartJson.read("  " + one + " \n\t")).isEqualTo(part);
    assertThatThrownBy(() -> PartJson.read(one + PartJson.write(ProcessorPart.text("second"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more after the part object");
    assertThatThrownBy(() -> PartJson.read(one + " x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("part JSON");
    assertThatThrownBy(() -> PartJson.read(one + "]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("part JSON");
  }

  @Test
  void aThirtyDigitMetadataIntegerIsRejectedNamingTheEntry() {
    String thirty = "123456789012345678901234567890";
    assertThatThrownBy(() -> PartJson.read(withMetadata("{\"n\":" + thirty + "}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'metadata.n'")
        .hasMessageContaining("64-bit range");
    assertThatThrownBy(() -> PartJson.read(withMetadata("{\"a\":{\"b\":[1," + thirty + "]}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'metadata.a.b[1]'");
    assertThat(PartJson.read(withMetadata("{\"n\":" + Long.MIN_VALUE + "}")).metadata())
        .containsEntry("n", Long.MIN_VALUE);
  }

  @Test
  void aBigIntegerBeyondSixtyFourBitsIsRejectedAsMetadataToo() {
    assertThatThrownBy(() -> ProcessorPart.text("x").withMetadata("n", BigInteger.TWO.pow(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'n'")
        .hasMessageContaining("64-bit range");
    assertThat(ProcessorPart.text("x").withMetadata("n", BigInteger.TEN).metadata())
        .containsEntry("n", 10L);
  }

  @Test
  void aNullMetadataValueIsRejectedNamingTheEntry() {
    assertThatThrownBy(() -> PartJson.read(withMetadata("{\"k\":null}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'metadata.k' is null");
    assertThatThrownBy(() -> PartJson.read(withMetadata("{\"k\":{\"list\":[\"a\",null]}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'metadata.k.list[1]' is null");
    assertThat(PartJson.read(withMetadata("null")).metadata()).isEmpty();
  }

  @Test
  void aMetadataFractionReadsAsTheNearestDouble() {
    ProcessorPart part =
        PartJson.read(withMetadata("{\"x\":0.123456789012345678901234567890,\"y\":2.5}"));
    assertThat(part.metadata())
        .containsEntry("x", 0.123456789012345678901234567890)
        .containsEntry("y", 2.5);
  }

  @Test
  void controlMustBeAJsonBoolean() {
    assertThat(PartJson.read(signal("true")).isControl()).isTrue();
    assertThat(PartJson.read(signal("false")).isControl()).isFalse();
    for (String bad : List.of("\"yes\"", "\"true\"", "1", "0", "{}")) {
      assertThatThrownBy(() -> PartJson.read(signal(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'content.control' must be true or false");
    }
    assertThatThrownBy(
            () -> PartJson.read("{\"content\":{\"type\":\"signal\",\"kind\":\"interrupted\"}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lacks 'content.control'");
  }

  @Test
  void aNumberBeyondTheRangeOfADoubleIsAnErrorNotInfinity() {
    String[] inputs = {
      "{\"content\":{\"type\":\"json\",\"json\":{\"x\":1e400}}}",
      "{\"content\":{\"type\":\"json\",\"json\":[-1e400]}}",
      "{\"content\":{\"type\":\"function_call\",\"id\":\"1\",\"name\":\"f\","
          + "\"arguments\":{\"x\":1e400}}}",
      "{\"content\":{\"type\":\"function_response\",\"id\":\"1\",\"name\":\"f\","
          + "\"response\":{\"x\":[1e400]}}}",
    };
    String[] fields = {"content.json", "content.json", "content.arguments", "content.response"};
    for (int i = 0; i < inputs.length; i++) {
      String input = inputs[i];
      assertThatThrownBy(() -> PartJson.read(input))
          .as(input)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + fields[i] + "'")
          .hasMessageContaining("out of the range of a double");
    }
    assertThatThrownBy(() -> PartJson.read(withMetadata("{\"big\":1e400}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'metadata.big'")
        .hasMessageContaining("out of the range of a double");
    assertThatThrownBy(() -> ProcessorPart.json("{\"x\":1e400}"))
        .as("a JSON part made in code is held to the same rule")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of the range of a double");
  }

  @Test
  void largeIntegersInsideJsonContentAreKeptExactly() {
    String args = "{\"id\":123456789012345678901234567890}";
    ProcessorPart call = ProcessorPart.functionCall("1", "f", args);
    ProcessorPart back = PartJson.read(PartJson.write(call));
    assertThat(((Content.FunctionCall) back.content()).arguments()).isEqualTo(args);
  }

  @Test
  void unknownFieldsAreRejectedRatherThanDropped() {
    assertThatThrownBy(() -> PartJson.read(TEXT + ",\"metdata\":{\"a\":1}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown field 'metdata'");
    assertThatThrownBy(
            () -> PartJson.read("{\"content\":{\"type\":\"text\",\"text\":\"a\",\"lang\":\"en\"}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown field 'content.lang'");
  }

  @Test
  void everyKindOfBadInputIsAnIllegalArgumentExceptionNamingTheField() {
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry("", "part JSON is empty"),
            Map.entry("   ", "part JSON is empty"),
            Map.entry("{\"content\":", "part JSON is malformed"),
            Map.entry("{\"content\":[]}", "'content' must be an object"),
            Map.entry("{\"content\":{}}", "lacks 'content.type'"),
            Map.entry("{\"content\":{\"type\":3}}", "'content.type' must be a string"),
            Map.entry("{\"content\":{\"type\":\"text\"}}", "lacks 'content.text'"),
            Map.entry("{\"content\":{\"type\":\"text\",\"text\":5}}", "'content.text' must be"),
            Map.entry(TEXT + ",\"role\":7}", "'role' must be a string"),
            Map.entry(TEXT + ",\"substream\":[]}", "'substream' must be a string"),
            Map.entry(TEXT + ",\"metadata\":[1]}", "'metadata' must be an object"),
            Map.entry(
                "{\"content\":{\"type\":\"blob\",\"mimeType\":\"nope\",\"data\":\"AA==\"}}",
                "'content.mimeType'"),
            Map.entry(
                "{\"content\":{\"type\":\"blob\",\"mimeType\":\"a/b\",\"data\":\"%%\"}}",
                "'content.data' is not base64"),
            Map.entry(
                "{\"content\":{\"type\":\"signal\",\"kind\":\"nope\",\"control\":false}}",
                "'content.kind'"),
            Map.entry(
                "{\"content\":{\"type\":\"function_call\",\"id\":\"1\",\"name\":\"f\","
                    + "\"arguments\":[1]}}",
                "'content'"),
            Map.entry(
                "{\"content\":{\"type\":\"function_call\",\"id\":\"1\",\"name\":\"f\"}}",
                "lacks 'content.arguments'"),
            Map.entry("{\"content\":{\"type\":\"video\"}}", "'content.type'"));
    cases.forEach(
        (input, message) ->
            assertThatThrownBy(() -> PartJson.read(input))
                .as(input)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message));
  }

  @Test
  void anUnknownContentFieldIsRejectedForEveryKindOfContent() {
    List<ProcessorPart> parts =
        List.of(
            ProcessorPart.blob(new byte[] {1, 2}, "application/octet-stream"),
            ProcessorPart.functionCall("1", "f", "{\"a\":1}"),
            ProcessorPart.functionResponse("1", "f", "{\"ok\":true}"),
            ProcessorPart.json("[1,2]"),
            ProcessorPart.interrupted());
    for (ProcessorPart part : parts) {
      String json = PartJson.write(part);
      assertThat(PartJson.read(json)).isEqualTo(part);
      String extra = json.replaceFirst("\\{\"content\":\\{", "{\"content\":{\"extra\":1,");
      assertThat(extra).as("the field was added").isNotEqualTo(json);
      assertThatThrownBy(() -> PartJson.read(extra))
          .as(part.content().getClass().getSimpleName())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown field 'content.extra'");
    }
  }

  @Test
  void metadataNestedUpToAThousandLevelsIsReadAndDeeperIsRejected() {
    for (boolean arrays : new boolean[] {true, false}) {
      assertThat(PartJson.fromTree(partWithNestedMetadata(999, arrays)).metadata())
          .as("999 containers around a value: depth 1000")
          .containsKey("deep");
      assertThatThrownBy(() -> PartJson.fromTree(partWithNestedMetadata(1000, arrays)))
          .as(arrays ? "arrays" : "objects")
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nested deeper than 1000 levels");
    }
  }

  private static JsonNode partWithNestedMetadata(int containers, boolean arrays) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonNode value = f.textNode("bottom");
    for (int i = 0; i < containers; i++) {
      value = arrays ? f.arrayNode().add(value) : f.objectNode().set("k", value);
    }
    ObjectNode root = f.objectNode();
    root.putObject("content").put("type", "text").put("text", "t");
    root.putObject("metadata").set("deep", value);
    return root;
  }

  @Test
  void badJsonOfEightyCharactersIsQuotedWholeAndLongerIsCut() {
    String eighty = "{" + "x".repeat(78) + "}";
    assertThat(eighty).hasSize(80);
    assertThatThrownBy(() -> ProcessorPart.json(eighty)).hasMessageEndingWith(eighty);
    String longer = "{" + "x".repeat(79) + "}";
    assertThatThrownBy(() -> ProcessorPart.json(longer))
        .hasMessageEndingWith(longer.substring(0, 77) + "...");
  }

  @Test
  void metadataListsAndSixtyFourBitIntegersAreKept() {
    ProcessorPart part =
        ProcessorPart.text("t")
            .withMetadata("tags", List.of("a", List.of(1L, 2L)))
            .withMetadata("max", BigInteger.valueOf(Long.MAX_VALUE))
            .withMetadata("min", BigInteger.valueOf(Long.MIN_VALUE));
    assertThat(part.metadata().get("tags")).isEqualTo(List.of("a", List.of(1L, 2L)));
    assertThat(part.metadata()).containsEntry("max", Long.MAX_VALUE);
    assertThat(part.metadata()).containsEntry("min", Long.MIN_VALUE);
    assertThat(PartJson.read(PartJson.write(part))).isEqualTo(part);
  }
}
