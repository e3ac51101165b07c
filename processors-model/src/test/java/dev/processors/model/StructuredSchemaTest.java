package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.ProcessorPart;
import dev.processors.model.spi.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON schema a record type gets, and how an answer that does not bind is reported. */
class StructuredSchemaTest {
  enum Sky {
    CLEAR,
    CLOUDY
  }

  record Reading(
      boolean raining,
      Boolean windy,
      double celsius,
      float humidity,
      BigDecimal pressure,
      char grade,
      Sky sky,
      int[] hourly,
      List<String> notes,
      Set<Long> stations,
      Map<String, Integer> counts,
      Optional<List<Optional<String>>> tags,
      List<String>[] groups) {}

  private static JsonNode schema(Class<?> type) {
    return Json.parse(StructuredOutput.of(type).schema(), "schema");
  }

  @Test
  void everySupportedComponentTypeGetsItsJsonType() {
    JsonNode s = schema(Reading.class);
    assertThat(s.path("type").asText()).isEqualTo("object");
    JsonNode p = s.path("properties");
    assertThat(p.path("raining").toString()).isEqualTo("{\"type\":\"boolean\"}");
    assertThat(p.path("windy").toString()).isEqualTo("{\"type\":\"boolean\"}");
    assertThat(p.path("celsius").toString()).isEqualTo("{\"type\":\"number\"}");
    assertThat(p.path("humidity").toString()).isEqualTo("{\"type\":\"number\"}");
    assertThat(p.path("pressure").toString()).isEqualTo("{\"type\":\"number\"}");
    assertThat(p.path("grade").toString()).isEqualTo("{\"type\":\"string\"}");
    assertThat(p.path("sky").toString())
        .isEqualTo("{\"type\":\"string\",\"enum\":[\"CLEAR\",\"CLOUDY\"]}");
    assertThat(p.path("hourly").toString())
        .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}");
    assertThat(p.path("notes").toString())
        .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
    assertThat(p.path("stations").toString())
        .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}");
    assertThat(p.path("counts").toString())
        .isEqualTo("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}");
    assertThat(p.path("tags").toString())
        .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
    assertThat(p.path("groups").toString())
        .isEqualTo(
            "{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}");
    assertThat(s.path("required").toString()).doesNotContain("\"tags\"").contains("\"groups\"");
  }

  record ByNumber(Map<Integer, String> names) {}

  record Anything(Object value) {}

  @Test
  void mapsWithoutStringKeysAndUntypedValuesAreRejectedNamingTheComponent() {
    assertThatThrownBy(() -> StructuredOutput.of(ByNumber.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ByNumber.names")
        .hasMessageContaining("maps with string keys");
    assertThatThrownBy(() -> StructuredOutput.of(Anything.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object (Anything.value)");
  }

  record Letter(char initial) {}

  record Letters(List<Letter> letters) {}

  @Test
  void aValueThatPassesTheSchemaButCannotBindNamesItsPath() {
    StructuredOutput<Letters> out = StructuredOutput.of(Letters.class);
    assertThatThrownBy(
            () ->
                out.bind(
                    ProcessorPart.json("{\"letters\":[{\"initial\":\"a\"},{\"initial\":\"bc\"}]}")))
        .isInstanceOf(StructuredOutputException.class)
        .hasMessageContaining("structured output does not fit Letters")
        .satisfies(
            e ->
                assertThat(((StructuredOutputException) e).problems())
                    .singleElement()
                    .asString()
                    .startsWith("'letters[1].initial': "));
    assertThat(out.bind(ProcessorPart.json("{\"letters\":[{\"initial\":\"a\"}]}")))
        .isEqualTo(new Letters(List.of(new Letter('a'))));
  }

  @Test
  void itsDescriptionNamesTheTypeAndWhetherItReasks() {
    StructuredOutput<Letters> out = StructuredOutput.of(Letters.class);
    assertThat(out.toString()).isEqualTo("StructuredOutput[" + Letters.class.getName() + "]");
    assertThat(out.reaskOnce().toString())
        .isEqualTo("StructuredOutput[" + Letters.class.getName() + ", reask once]");
  }
}
