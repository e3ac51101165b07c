package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Partial JSON at its edges: unicode escapes cut mid-way, literals, the end, the view rule. */
class PartialJsonEdgesTest {

  private static String view(String... deltas) throws IOException {
    PartialJson json = new PartialJson();
    for (String d : deltas) {
      json.feed(d);
    }
    return json.snapshot().orElseThrow();
  }

  @Test
  void aUnicodeEscapeShowsOnceAllFourDigitsArrivedAndNotBefore() throws IOException {
    assertThat(view("{\"w\":\"caf\\u00e9")).isEqualTo("{\"w\":\"café\"}");
    assertThat(view("{\"w\":\"caf\\u00e9 au lait")).isEqualTo("{\"w\":\"café au lait\"}");
    assertThat(view("{\"w\":\"caf\\u00e")).isEqualTo("{\"w\":\"caf\"}");
    assertThat(view("{\"w\":\"caf\\u")).isEqualTo("{\"w\":\"caf\"}");
    assertThat(view("{\"w\":\"caf\\")).isEqualTo("{\"w\":\"caf\"}");
  }

  @Test
  void otherEscapesOfAnOpenStringAreDecoded() throws IOException {
    assertThat(view("[\"a\\tb\\nc\\rd\\be\\ff\\/g\\\\h"))
        .isEqualTo("[\"a\\tb\\nc\\rd\\be\\ff/g\\\\h\"]");
  }

  @Test
  void anOpenStringInAnArrayIsShownAsItsLastElement() throws IOException {
    assertThat(view("{\"xs\":[\"one\",\"tw")).isEqualTo("{\"xs\":[\"one\",\"tw\"]}");
  }

  @Test
  void falseAndNullAreKeptLikeAnyOtherValue() throws IOException {
    assertThat(view("{\"a\":false,\"b\":null,\"c\":true,"))
        .isEqualTo("{\"a\":false,\"b\":null,\"c\":true}");
    assertThat(view("[false,null,")).isEqualTo("[false,null]");
  }

  @Test
  void theTextFedSoFarIsKeptAsItCame() throws IOException {
    PartialJson json = new PartialJson();
    json.feed("{\"a\": ");
    json.feed("1}");
    assertThat(json.text()).isEqualTo("{\"a\": 1}");
  }

  @Test
  void aTopLevelNumberIsCompleteOnlyAtTheEndOfInput() throws IOException {
    PartialJson json = new PartialJson();
    json.feed("42");
    assertThat(json.snapshot()).isEmpty();
    JsonNode value = json.finish();
    assertThat(value.intValue()).isEqualTo(42);
    assertThat(json.finish()).isSameAs(value);
    assertThatThrownBy(() -> json.feed("1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnfinishedValueFailsAtTheEnd() throws IOException {
    PartialJson json = new PartialJson();
    json.feed("{\"a\":[1,");
    assertThatThrownBy(json::finish).isInstanceOf(IOException.class);
  }

  /** Feeds one-character deltas of a long string value until the text is {@code size} long. */
  private static void growTo(PartialJson json, int size) throws IOException {
    while (json.text().length() < size) {
      json.feed("x");
    }
  }

  @Test
  void upTo1024CharactersEveryDeltaGivesAViewThenAViewNeedsAQuarterMore() throws IOException {
    PartialJson json = new PartialJson();
    json.feed("{\"s\":\"");
    growTo(json, PartialJson.SMALL_VALUE_CHARS - 1);
    assertThat(json.nextView()).isPresent();
    growTo(json, PartialJson.SMALL_VALUE_CHARS);
    assertThat(json.nextView()).as("a view at exactly 1024 characters").isPresent();
    growTo(json, PartialJson.SMALL_VALUE_CHARS + 1);
    assertThat(json.nextView()).as("one character more than the last view").isEmpty();
    growTo(json, PartialJson.SMALL_VALUE_CHARS + 255);
    assertThat(json.nextView()).as("less than a quarter more").isEmpty();
    growTo(json, PartialJson.SMALL_VALUE_CHARS + 256);
    assertThat(json.nextView()).as("a quarter more").isPresent();
    growTo(json, 1280 + 319);
    assertThat(json.nextView()).isEmpty();
    growTo(json, 1280 + 320);
    assertThat(json.nextView()).isPresent();
  }

  @Test
  void aLargeValueFedAtOnceGivesItsFirstView() throws IOException {
    PartialJson json = new PartialJson();
    json.feed("{\"s\":\"" + "y".repeat(5000));
    assertThat(json.nextView()).isPresent();
    json.feed("y");
    assertThat(json.nextView()).isEmpty();
  }
}
