package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.model.spi.Json;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link PartialJson#nextView()}: following a growing value costs time and bytes linear in it. */
class PartialJsonViewsTest {

  /** What following one value in fixed-size deltas cost. */
  private record Cost(int inputChars, int views, long viewChars, String lastView) {}

  private static Cost follow(String json, int deltaChars) throws IOException {
    PartialJson partial = new PartialJson();
    int views = 0;
    long viewChars = 0;
    String last = null;
    for (int i = 0; i < json.length(); i += deltaChars) {
      partial.feed(json.substring(i, Math.min(json.length(), i + deltaChars)));
      Optional<String> view = partial.nextView();
      if (view.isPresent()) {
        views++;
        viewChars += view.get().length();
        last = view.get();
      }
    }
    JsonNode complete = partial.finish();
    assertThat(complete.toString()).isEqualTo(Json.MAPPER.readTree(json).toString());
    return new Cost(json.length(), views, viewChars, last);
  }

  private static String longStringArgument(int chars) {
    StringBuilder sb = new StringBuilder("{\"code\":\"");
    while (sb.length() < chars - 2) {
      sb.append("x = x + 1; ");
    }
    sb.setLength(chars - 2);
    return sb.append("\"}").toString();
  }

  private static String manySmallValues(int chars) {
    StringBuilder sb = new StringBuilder("{\"ids\":[");
    for (int i = 0; sb.length() < chars - 20; i++) {
      sb.append(i).append(',');
    }
    return sb.append("0]}").toString();
  }

  @Test
  void a256KbStringArgumentIn20CharDeltasWritesAboutFiveTimesItsSizeInViews() throws IOException {
    Cost cost = follow(longStringArgument(256 * 1024), 20);
    // Was one view per delta (13,108 views, 1.7 GB written); now views grow geometrically.
    assertThat(cost.viewChars()).isLessThan(6L * cost.inputChars());
    assertThat(cost.views()).isLessThan(100);
    assertThat(longStringArgument(256 * 1024)).startsWith(cost.lastView().replace("\"}", ""));
  }

  @Test
  void viewBytesGrowLinearlyWithTheInputNotQuadratically() throws IOException {
    Cost small = follow(longStringArgument(256 * 1024), 20);
    Cost large = follow(longStringArgument(4 * 1024 * 1024), 20);
    double perInputCharSmall = (double) small.viewChars() / small.inputChars();
    double perInputCharLarge = (double) large.viewChars() / large.inputChars();
    // 16 times the input: linear work stays about the same per input char (quadratic: 16 times).
    assertThat(perInputCharLarge).isLessThan(perInputCharSmall * 1.5);
    assertThat(large.views() - small.views()).isLessThan(20); // a few more, logarithmically
  }

  @Test
  void manySmallValuesAreAlsoLinear() throws IOException {
    Cost cost = follow(manySmallValues(512 * 1024), 7);
    assertThat(cost.viewChars()).isLessThan(6L * cost.inputChars());
    assertThat(cost.lastView()).startsWith("{\"ids\":[0,1,2,");
  }

  @Test
  void aSmallValueGetsAViewAfterEveryDeltaThatChangesIt() throws IOException {
    Cost cost = follow("{\"city\":\"Paris\",\"days\":[1,2,3]}", 3);
    assertThat(cost.views()).isEqualTo(11); // one per delta: the value is under 1 KB
    assertThat(cost.lastView()).isEqualTo("{\"city\":\"Paris\",\"days\":[1,2,3]}");
  }
}
