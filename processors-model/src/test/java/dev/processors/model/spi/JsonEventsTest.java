package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.processors.model.MalformedStreamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a provider's event reader walks one event with {@link JsonEvents}. */
class JsonEventsTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every top-level field of {@code json} read with {@code read}, in order. */
  private static Map<String, Object> fields(String json, Reader read) throws IOException {
    byte[] b = utf8(json);
    Map<String, Object> out = new LinkedHashMap<>();
    try (JsonParser p = JsonEvents.open("acme", b, 0, b.length)) {
      for (String name = JsonEvents.nextField(p); name != null; name = JsonEvents.nextField(p)) {
        out.put(name, read.value(p));
      }
    }
    return out;
  }

  interface Reader {
    Object value(JsonParser p) throws IOException;
  }

  @Test
  void stringsNumbersAndBooleansReadAsWrittenNullAndContainersAsNull() throws IOException {
    Map<String, Object> f =
        fields(
            "{\"s\":\"hi\",\"n\":42,\"d\":1.5,\"t\":true,\"z\":null,\"o\":{\"a\":\"x\"},"
                + "\"l\":[1,{\"b\":2}],\"after\":\"still read\"}",
            JsonEvents::string);
    assertThat(f.keySet()).containsExactly("s", "n", "d", "t", "z", "o", "l", "after");
    assertThat(f.get("s")).isEqualTo("hi");
    assertThat(f.get("n")).isEqualTo("42");
    assertThat(f.get("d")).isEqualTo("1.5");
    assertThat(f.get("t")).isEqualTo("true");
    assertThat(f.get("z")).isNull();
    assertThat(f.get("o")).isNull();
    assertThat(f.get("l")).isNull();
    assertThat(f.get("after")).isEqualTo("still read");
  }

  @Test
  void countsAreIntegersOnlyAndOtherValuesAreSkipped() throws IOException {
    Map<String, Object> f =
        fields(
            "{\"in\":12,\"big\":9000000000,\"zero\":0,\"text\":\"3\",\"obj\":{\"x\":1},"
                + "\"out\":7}",
            JsonEvents::count);
    assertThat(f.get("in")).isEqualTo(12L);
    assertThat(f.get("big")).isEqualTo(9_000_000_000L);
    assertThat(f.get("zero")).isEqualTo(0L);
    assertThat(f.get("text")).isNull();
    assertThat(f.get("obj")).isNull();
    assertThat(f.get("out")).isEqualTo(7L);
  }

  @Test
  void onlyJsonTrueIsTrue() throws IOException {
    Map<String, Object> f =
        fields(
            "{\"a\":true,\"b\":false,\"c\":\"true\",\"d\":1,\"e\":{\"x\":true},\"f\":true}",
            JsonEvents::bool);
    assertThat(f)
        .containsEntry("a", true)
        .containsEntry("b", false)
        .containsEntry("c", false)
        .containsEntry("d", false)
        .containsEntry("e", false)
        .containsEntry("f", true);
  }

  @Test
  void enterObjectGoesIntoObjectsAndSkipsAnythingElse() throws IOException {
    byte[] b = utf8("{\"choices\":[{\"x\":1}],\"delta\":{\"content\":\"Hi\"},\"n\":3}");
    List<String> seen = new ArrayList<>();
    try (JsonParser p = JsonEvents.open("acme", b, 0, b.length)) {
      for (String name = JsonEvents.nextField(p); name != null; name = JsonEvents.nextField(p)) {
        if (JsonEvents.enterObject(p)) {
          for (String inner = JsonEvents.nextField(p);
              inner != null;
              inner = JsonEvents.nextField(p)) {
            seen.add(name + "." + inner + "=" + JsonEvents.string(p));
          }
        } else {
          seen.add(name + " skipped");
        }
      }
    }
    assertThat(seen).containsExactly("choices skipped", "delta.content=Hi", "n skipped");
  }

  @Test
  void anEventInsideALargerBufferIsReadFromItsOffset() throws IOException {
    byte[] b = utf8("data: {\"k\":\"v\"}\n\n");
    Map<String, Object> out = new LinkedHashMap<>();
    try (JsonParser p = JsonEvents.open("acme", b, 6, 9)) {
      String name = JsonEvents.nextField(p);
      out.put(name, JsonEvents.string(p));
      assertThat(JsonEvents.nextField(p)).isNull();
    }
    assertThat(out).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void anEventThatIsNotAnObjectIsAMalformedStreamNamingIt() {
    byte[] b = utf8("[1,2,3]");
    assertThatThrownBy(() -> JsonEvents.open("acme", b, 0, b.length))
        .isInstanceOf(MalformedStreamException.class)
        .hasMessageContaining("an event is not a JSON object: [1,2,3]")
        .satisfies(e -> assertThat(((MalformedStreamException) e).provider()).isEqualTo("acme"))
        .satisfies(e -> assertThat(((MalformedStreamException) e).retryable()).isFalse());
  }

  @Test
  void invalidJsonIsAMalformedStreamWithJacksonsReasonAndTheEventStart() throws IOException {
    byte[] b = utf8("{\"a\": tru}");
    JsonProcessingException jackson = null;
    try (JsonParser p = JsonEvents.open("acme", b, 0, b.length)) {
      while (p.nextToken() != null) {
        // read to the error
      }
    } catch (JsonProcessingException e) {
      jackson = e;
    }
    assertThat(jackson).isNotNull();
    MalformedStreamException e = JsonEvents.malformed("acme", jackson, b, 0, b.length);
    assertThat(e.getMessage())
        .contains(
            "an event is not valid JSON (" + jackson.getOriginalMessage() + "): {\"a\": tru}");
    assertThat(e.getCause()).isSameAs(jackson);
    assertThat(e.provider()).isEqualTo("acme");
    assertThat(e.retryable()).isFalse();
    assertThat(e.statusCode()).isEmpty();
  }

  @Test
  void aMalformedStreamSaysWhatTheReaderFound() {
    MalformedStreamException e = JsonEvents.malformed("acme", "a delta without a choice");
    assertThat(e.getMessage()).contains("a delta without a choice");
    assertThat(e.provider()).isEqualTo("acme");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void excerptsKeepShortEventsWholeAndCutLongOnesAt120Characters() {
    String exact = "x".repeat(120);
    assertThat(JsonEvents.excerpt(utf8(exact), 0, 120)).isEqualTo(exact);
    String longer = "y".repeat(121);
    assertThat(JsonEvents.excerpt(utf8(longer), 0, 121)).isEqualTo("y".repeat(120) + "...");
    assertThat(JsonEvents.excerpt(utf8("--abc--"), 2, 3)).isEqualTo("abc");
  }
}
