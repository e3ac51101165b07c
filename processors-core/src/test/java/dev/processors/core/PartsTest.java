package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ReadOnlyBufferException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartsTest {

  @Test
  void blobBytesAreCopiedInAndOut() {
    byte[] pcm = {1, 2, 3, 4};
    ProcessorPart part = ProcessorPart.audio(pcm, 24000);
    pcm[0] = 99;
    Content.Blob blob = (Content.Blob) part.content();
    assertThat(blob.bytes()).containsExactly(1, 2, 3, 4);
    blob.bytes()[1] = 42;
    assertThat(blob.bytes()).containsExactly(1, 2, 3, 4);
    assertThatThrownBy(() -> blob.buffer().put((byte) 7))
        .isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void anImagePartRefusesContentThatIsNotAnImage() {
    assertThat(ProcessorPart.image(new byte[1], "IMAGE/JPEG").mimeType()).isEqualTo("IMAGE/JPEG");
    assertThatThrownBy(() -> ProcessorPart.image(new byte[1], "audio/wav"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image/*")
        .hasMessageContaining("'audio/wav'")
        .hasMessageContaining("blob()");
    assertThat(ProcessorPart.blob(new byte[1], "audio/wav").mimeType()).isEqualTo("audio/wav");
  }

  @Test
  void everyPartHasAMimeType() {
    assertThat(ProcessorPart.text("hi").mimeType()).isEqualTo("text/plain");
    assertThat(ProcessorPart.audio(new byte[2], 16000).mimeType())
        .isEqualTo("audio/pcm;rate=16000");
    assertThat(ProcessorPart.image(new byte[1], "image/png").mimeType()).isEqualTo("image/png");
    assertThat(ProcessorPart.json("{\"a\":1}").mimeType()).isEqualTo("application/json");
    assertThat(ProcessorPart.endOfTurn().mimeType())
        .isEqualTo("application/x-signal;kind=end_of_turn");
    assertThat(ProcessorPart.functionCall("1", "f", "{}").mimeType())
        .isEqualTo(MimeTypes.FUNCTION_CALL);
    assertThat(MimeTypes.sampleRate("audio/pcm;rate=24000")).hasValue(24000);
    assertThat(MimeTypes.matches("audio/pcm;rate=8000", "audio/*")).isTrue();
    assertThat(MimeTypes.matches("text/plain", "audio/*")).isFalse();
  }

  @Test
  void withMethodsReturnCopiesAndLeaveTheOriginalAlone() {
    ProcessorPart original = ProcessorPart.text("hi");
    ProcessorPart changed =
        original.withRole("model").withSubstream("notes").withMetadata("turn", 3);
    assertThat(original.role()).isEqualTo("user");
    assertThat(original.substream()).isEmpty();
    assertThat(original.metadata()).isEmpty();
    assertThat(changed.role()).isEqualTo("model");
    assertThat(changed.substream()).isEqualTo("notes");
    assertThat(changed.metadata()).containsEntry("turn", 3L);
    assertThatThrownBy(() -> changed.metadata().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void reservedSubstreamsAreOutOfBandAndControlSignalsAreMarked() {
    assertThat(ProcessorPart.status("working").isOutOfBand()).isTrue();
    assertThat(ProcessorPart.debug("x").isOutOfBand()).isTrue();
    assertThat(ProcessorPart.text("x").withSubstream("ui").isOutOfBand()).isTrue();
    assertThat(ProcessorPart.text("x").isOutOfBand()).isFalse();
    assertThat(ProcessorPart.interrupted().isControl()).isTrue();
    assertThat(ProcessorPart.signal(SignalKind.START_OF_SPEECH).isControl()).isTrue();
    assertThat(ProcessorPart.endOfTurn().isControl()).isFalse();
    assertThat(ProcessorPart.signal(SignalKind.END_OF_TURN, true).isControl()).isTrue();
  }

  @Test
  void badInputGetsErrorsThatNameIt() {
    assertThatThrownBy(() -> ProcessorPart.json("{not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("json part is not valid JSON");
    assertThatThrownBy(() -> ProcessorPart.functionCall("1", "f", "[1,2]"))
        .hasMessageContaining("function call 'f' arguments must be a JSON object");
    assertThatThrownBy(() -> ProcessorPart.functionCall("1", " ", "{}"))
        .hasMessageContaining("name is blank");
    assertThatThrownBy(() -> ProcessorPart.blob(new byte[1], "png"))
        .hasMessageContaining("not a MIME type");
    assertThatThrownBy(() -> ProcessorPart.audio(new byte[2], 0))
        .hasMessageContaining("sample rate must be positive");
    assertThatThrownBy(() -> ProcessorPart.text("x").withMetadata("k", new Object()))
        .hasMessageContaining("metadata value for 'k' has type java.lang.Object");
    assertThatThrownBy(() -> ProcessorPart.text("x").withMetadata("k", Double.NaN))
        .hasMessageContaining("not finite");
    assertThatThrownBy(() -> ProcessorPart.text(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void everyKindOfPartRoundTripsThroughJsonUnchanged() {
    List<ProcessorPart> parts =
        List.of(
            ProcessorPart.text("héllo \"world\"\n").withRole("model").withMetadata("n", 1),
            ProcessorPart.audio(new byte[] {0, 1, -1, 127, -128}, 24000),
            ProcessorPart.image(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png"),
            ProcessorPart.functionCall("call-1", "get_weather", Map.of("city", "Paris", "days", 3)),
            ProcessorPart.functionResponse("call-1", "get_weather", Map.of("temp", 21.5)),
            ProcessorPart.json("{\"a\":[1,2,{\"b\":null}],\"c\":true}"),
            ProcessorPart.endOfTurn(),
            ProcessorPart.interrupted(),
            ProcessorPart.signal(SignalKind.GENERATION_COMPLETE, true),
            ProcessorPart.status("thinking")
                .withMetadata(
                    Map.of(
                        "list", List.of(1, "two", 3.5, false),
                        "map", Map.of("x", List.of()),
                        "big", Long.MAX_VALUE)));
    for (ProcessorPart part : parts) {
      String json = PartJson.write(part);
      ProcessorPart back = PartJson.read(json);
      assertThat(back).as(json).isEqualTo(part);
      assertThat(back.hashCode()).isEqualTo(part.hashCode());
      assertThat(PartJson.write(back)).isEqualTo(json);
      assertThat(back.isControl()).isEqualTo(part.isControl());
      assertThat(back.isOutOfBand()).isEqualTo(part.isOutOfBand());
    }
  }

  @Test
  void malformedPartJsonSaysWhatIsWrong() {
    assertThatThrownBy(() -> PartJson.read("[]")).hasMessageContaining("must be an object");
    assertThatThrownBy(() -> PartJson.read("{}")).hasMessageContaining("lacks 'content'");
    assertThatThrownBy(() -> PartJson.read("{\"content\":{\"type\":\"video\"}}"))
        .hasMessageContaining("unknown part content type 'video'");
    assertThatThrownBy(
            () ->
                PartJson.read(
                    "{\"content\":{\"type\":\"blob\",\"mimeType\":\"a/b\",\"data\":\"%%%\"}}"))
        .hasMessageContaining("not base64");
    assertThatThrownBy(() -> PartJson.read("{\"content\":"))
        .hasMessageContaining("part JSON is malformed");
  }

  @Test
  void toStringIsShortAndShowsNoBytes() {
    assertThat(ProcessorPart.audio(new byte[48000], 24000).toString())
        .isEqualTo("ProcessorPart[Blob[audio/pcm;rate=24000, 48000 bytes]]");
    assertThat(ProcessorPart.text("x".repeat(500)).toString()).hasSizeLessThan(120);
  }

  @Test
  void textOfConcatenatesMainStreamText() {
    List<ProcessorPart> parts =
        List.of(
            ProcessorPart.text("a"),
            ProcessorPart.status("ignored"),
            ProcessorPart.endOfTurn(),
            ProcessorPart.text("b"));
    assertThat(ProcessorPart.textOf(parts)).isEqualTo("ab");
  }

  @Test
  void partsAreEqualIgnoringCaptureTimeAndTheCaseOfRoleAndSubstreamButNothingElse() {
    ProcessorPart part = ProcessorPart.text("hi").withMetadata("turn", 3L);
    ProcessorPart captured = part.withMetadata(ProcessorPart.CAPTURE_TIME, "2026-01-01T00:00:00Z");
    assertThat(captured).isEqualTo(part).hasSameHashCodeAs(part);
    assertThat(part).isEqualTo(captured);
    assertThat(captured.withMetadata(ProcessorPart.CAPTURE_TIME, "2026-01-01T00:00:09Z"))
        .isEqualTo(captured);
    assertThat(captured.withMetadata("turn", 4L)).isNotEqualTo(part).isNotEqualTo(captured);
    assertThat(part.withMetadata("turn", 4L)).isNotEqualTo(captured);
    assertThat(part.withRole("MODEL")).isEqualTo(part.withRole("model"));
    assertThat(part.withRole("model")).isNotEqualTo(part.withRole("user"));
    assertThat(part.withSubstream("Notes")).isEqualTo(part.withSubstream("notes"));
    assertThat(part.withSubstream("notes")).isNotEqualTo(part.withSubstream("other"));
  }

  @Test
  void blobsTellTheirSizeAndWriteTheirBytes() {
    Content.Blob blob =
        (Content.Blob) ProcessorPart.blob(new byte[] {7, 8, 9}, "image/png").content();
    assertThat(blob.size()).isEqualTo(3);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    blob.writeTo(out);
    assertThat(out.toByteArray()).containsExactly(7, 8, 9);
  }

  @Test
  void structuredContentParsesToJsonTreesAndFunctionResponsesSayWhetherTheyFailed() {
    Content.FunctionCall call =
        (Content.FunctionCall)
            ProcessorPart.functionCall("c1", "lookup", "{\"q\":\"x\"}").content();
    assertThat(call.argumentsNode().get("q").asText()).isEqualTo("x");
    Content.FunctionResponse ok =
        (Content.FunctionResponse)
            ProcessorPart.functionResponse("c1", "lookup", "{\"result\":42}").content();
    assertThat(ok.responseNode().get("result").asInt()).isEqualTo(42);
    assertThat(ok.isError()).isFalse();
    assertThat(ok.mimeType()).isEqualTo(MimeTypes.FUNCTION_RESPONSE);
    Content.FunctionResponse failed =
        (Content.FunctionResponse)
            ProcessorPart.functionResponse("c1", "lookup", "{\"error\":\"no such key\"}").content();
    assertThat(failed.isError()).isTrue();
    Content.FunctionResponse notAnObject =
        (Content.FunctionResponse)
            ProcessorPart.functionResponse("c1", "lookup", "[\"error\"]").content();
    assertThat(notAnObject.isError()).as("only an object with an error field").isFalse();
    Content.Json json = (Content.Json) ProcessorPart.json("{\"a\":[1,2]}").content();
    assertThat(json.node().get("a").size()).isEqualTo(2);
  }
}
