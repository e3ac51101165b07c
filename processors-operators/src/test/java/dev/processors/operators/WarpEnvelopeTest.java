package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** WARP envelopes in Recon, both ways (the subset SwimOS servers send for value lanes). */
class WarpEnvelopeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static JsonNode body(String envelope) {
    return WarpEnvelope.parse(envelope).body().orElseThrow();
  }

  @Test
  void anEnvelopeWithABodyIsWrittenAsReconWithIdentifiersBareAndOtherTextQuoted() throws Exception {
    WarpEnvelope command =
        new WarpEnvelope(
            "command",
            "/stock/XYZ",
            "status",
            Optional.of(
                json(
                    """
                    {"symbol":"XYZ","price":101.5,"seq":7,"open":true,
                     "tags":["a b","true",3],"quote":{"say":"he said \\"hi\\"\\n"}}
                    """)));
    assertThat(command.toRecon())
        .isEqualTo(
            "@command(node:\"/stock/XYZ\",lane:status)"
                + "{symbol:XYZ,price:101.5,seq:7,open:true,"
                + "tags:{\"a b\",\"true\",3},quote:{say:\"he said \\\"hi\\\"\\n\"}}");
    WarpEnvelope back = WarpEnvelope.parse(command.toRecon());
    assertThat(back.toRecon()).isEqualTo(command.toRecon());
    assertThat(back.body().orElseThrow().toString())
        .isEqualTo(command.body().orElseThrow().toString());
  }

  @Test
  void anEnvelopeWithoutABodyIsItsTagAndAddressOnly() {
    WarpEnvelope sync = new WarpEnvelope("sync", "/stock/XYZ", "status", Optional.empty());
    assertThat(sync.toRecon()).isEqualTo("@sync(node:\"/stock/XYZ\",lane:status)");
    assertThat(WarpEnvelope.parse(sync.toRecon() + "  \n")).isEqualTo(sync);
  }

  @Test
  void positionalHeadersAreNodeThenLane() {
    WarpEnvelope e = WarpEnvelope.parse("@event(\"/stock/XYZ\", status) 42");
    assertThat(e)
        .isEqualTo(new WarpEnvelope("event", "/stock/XYZ", "status", Optional.of(json42())));
    WarpEnvelope nodeOnly = WarpEnvelope.parse("@unlinked(\"/stock/XYZ\")");
    assertThat(nodeOnly.node()).isEqualTo("/stock/XYZ");
    assertThat(nodeOnly.lane()).isEmpty();
  }

  private static JsonNode json42() {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(42L);
  }

  @Test
  void whitespaceIsAllowedAroundEveryToken() throws Exception {
    WarpEnvelope e =
        WarpEnvelope.parse(
            "  @event ( node : \"/s\" , lane : status )\n { price : 1.5 ,\n seq: 2 , empty: , flag : false }  ");
    assertThat(e.tag()).isEqualTo("event");
    assertThat(e.node()).isEqualTo("/s");
    assertThat(e.lane()).isEqualTo("status");
    assertThat(e.body().orElseThrow().toString())
        .isEqualTo("{\"price\":1.5,\"seq\":2,\"empty\":null,\"flag\":false}");
    assertThat(body("@event(node:a,lane:b){ }").toString()).isEqualTo("{}");
    assertThat(body("@event(node:a,lane:b){1 ,2, 3 }").toString()).isEqualTo("[1,2,3]");
  }

  @Test
  void numbersAreLongsOrDoublesWithTheirSign() throws Exception {
    assertThat(body("@event(node:a,lane:b){a:-42,b:-3.5,c:2e3,d:7}").toString())
        .isEqualTo("{\"a\":-42,\"b\":-3.5,\"c\":2000.0,\"d\":7}");
    assertThat(body("@event(node:a,lane:b)-42").longValue()).isEqualTo(-42);
    assertThat(body("@event(node:a,lane:b)42").longValue()).isEqualTo(42);
  }

  @Test
  void attributesOnValuesAreSkippedAndAnAttributeAloneIsNull() throws Exception {
    assertThat(
            body("@event(node:a,lane:b){co2: 330 @ppm, t: 21.5@unit(\"C\", deg), ok: true}")
                .toString())
        .isEqualTo("{\"co2\":330,\"t\":21.5,\"ok\":true}");
    assertThat(body("@event(node:a,lane:b){u: @ppm 5, v: @flag, w: {x: @z}, _id: 'k'}").toString())
        .isEqualTo("{\"u\":5,\"v\":null,\"w\":{\"x\":null},\"_id\":\"k\"}");
    assertThat(WarpEnvelope.parse("@event(node:a,lane:b)@only").body()).isEmpty();
    // Space between an attribute-only value and what follows it.
    assertThat(body("@event(node:a,lane:b){v: @flag , w: { x: @z } }").toString())
        .isEqualTo("{\"v\":null,\"w\":{\"x\":null}}");
  }

  @Test
  void stringsUnescapeTheirEscapes() {
    assertThat(body("@event(node:a,lane:b)\"a\\tb\\nc\\rd\\\\e\\\"f\"").asText())
        .isEqualTo("a\tb\nc\rd\\e\"f");
    assertThat(body("@event(node:a,lane:b)'single \"quoted\"'").asText())
        .isEqualTo("single \"quoted\"");
  }

  @Test
  void malformedTextIsRejectedWithWhatWasWrong() {
    assertThatThrownBy(() -> WarpEnvelope.parse("event(node:a)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a WARP envelope");
    assertThatThrownBy(() -> WarpEnvelope.parse("@event(node:a,lane:b){a:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated record: missing '}'");
    assertThatThrownBy(() -> WarpEnvelope.parse("@event(node:a,lane:b){a:@x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated record: missing '}'");
    assertThatThrownBy(() -> WarpEnvelope.parse("@event(node:a,lane:b){a:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a value was expected at the end");
    assertThatThrownBy(() -> WarpEnvelope.parse("@event(node:a,lane:b)\"abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated string");
    assertThatThrownBy(() -> WarpEnvelope.parse("@event(node:a,lane:b)\"abc\\"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated string");
    assertThatThrownBy(() -> WarpEnvelope.parse("@event(node:a,lane:b)1.2.3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad number '1.2.3'");
    assertThatThrownBy(() -> WarpEnvelope.parse("@event(node:a,lane:b)#"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unexpected '#'");
    assertThatThrownBy(() -> WarpEnvelope.parse("@(node:a)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an identifier was expected at 1");
  }
}
