package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.model.ToolMethod;
import dev.processors.model.ToolParam;
import dev.processors.model.Tools;
import org.junit.jupiter.api.Test;

/**
 * Annotated tool methods of a service the user keeps private to their own package: found, callable,
 * and their results handed back as they returned them.
 */
class ToolServiceTest {
  record Trip(String from, String to) {}

  /** A service class that is not public, in another package than {@link Tools}. */
  private static final class Travel {
    @ToolMethod("Distance in km between two cities")
    public int distance(@ToolParam("from") String from, @ToolParam("to") String to) {
      return from.length() * 100 + to.length();
    }

    @ToolMethod(value = "Books a trip", name = "book")
    public String bookTrip(Trip trip) {
      return "booked " + trip.from() + "->" + trip.to();
    }
  }

  @Test
  void aPrivateServicesToolsAreCalledAndReturnTheirResults() throws Exception {
    Tools tools = Tools.builder().addAll(new Travel()).build();
    assertThat(tools.names()).containsExactlyInAnyOrder("distance", "book");
    assertThat(tools.call("distance", Json.parse("{\"from\":\"Oslo\",\"to\":\"Rome\"}", "args")))
        .isEqualTo(404);
    assertThat(tools.call("book", Json.parse("{\"from\":\"Oslo\",\"to\":\"Rome\"}", "args")))
        .isEqualTo("booked Oslo->Rome");
  }
}
