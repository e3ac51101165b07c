package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The weather tool: simulated answers without a key, and OpenWeather's answers (from a local server
 * speaking its format) with one.
 */
class WeatherToolTest {
  private static final List<String> SKIES =
      List.of("clear sky", "few clouds", "scattered clouds", "overcast", "light rain", "mist");

  private HttpServer openWeather;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = "{}";

  @BeforeEach
  void startOpenWeather() throws IOException {
    openWeather = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    openWeather.createContext(
        "/data/2.5/weather",
        exchange -> {
          queries.add(exchange.getRequestURI().getRawQuery());
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    openWeather.start();
  }

  @AfterEach
  void stopOpenWeather() {
    openWeather.stop(0);
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + openWeather.getAddress().getPort();
  }

  @Test
  void withoutAKeyAnswersAreSimulatedStablePerCityAndPlausible() {
    WeatherTool tool = WeatherTool.fromEnvironment(Map.of("OPENWEATHER_API_KEY", "  "));

    assertThat(tool.simulated()).isTrue();
    for (String city :
        List.of(
            "Paris",
            "Lisbon",
            "Tokyo",
            "Reykjavik",
            "Lima",
            "Nairobi",
            "Oslo",
            "Quito",
            "Perth",
            "Cairo",
            "Hanoi",
            "Dakar",
            "Bern",
            "Riga",
            "Sofia",
            "Accra",
            "Doha",
            "Kyiv",
            "Baku",
            "Male")) {
      Map<String, Object> w = tool.lookUp(city);
      assertThat(w.get("city")).isEqualTo(city);
      assertThat(w.get("simulated")).isEqualTo(true);
      assertThat((Integer) w.get("temperature_c")).as(city).isBetween(8, 29);
      assertThat(SKIES).as(city).contains((String) w.get("conditions"));
      assertThat((Integer) w.get("humidity_percent")).as(city).isBetween(40, 89);
      assertThat((Double) w.get("wind_m_s")).as(city).isBetween(0.0, 8.9);
      Map<String, Object> again = tool.lookUp(" " + city.toUpperCase() + " ");
      assertThat(again.get("city")).isEqualTo(city.toUpperCase());
      assertThat(again)
          .as("the same city, however written")
          .isEqualTo(withCity(w, city.toUpperCase()));
    }
  }

  private static Map<String, Object> withCity(Map<String, Object> weather, String city) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(weather);
    copy.put("city", city);
    return copy;
  }

  @Test
  void aSimulatedCityWhoseHashIsTheSmallestIntStillGetsAnAnswer() {
    WeatherTool tool = WeatherTool.fromEnvironment(Map.of());
    assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);

    Map<String, Object> w = tool.lookUp("polygenelubricants");

    assertThat(w).doesNotContainKey("error");
    assertThat((Integer) w.get("temperature_c")).isBetween(8, 29);
    assertThat(SKIES).contains((String) w.get("conditions"));
    assertThat((Integer) w.get("humidity_percent")).isBetween(40, 89);
    assertThat((Double) w.get("wind_m_s")).isBetween(0.0, 8.9);
  }

  @Test
  void aMissingCityIsAnErrorForTheModelNotAnException() {
    WeatherTool tool = WeatherTool.fromEnvironment(Map.of());

    assertThat(tool.lookUp(" ")).isEqualTo(Map.of("error", "get_weather needs a city"));
    assertThat(tool.lookUp(null)).isEqualTo(Map.of("error", "get_weather needs a city"));
  }

  @Test
  void withAKeyTheCurrentWeatherComesFromOpenWeatherInMetricUnits() {
    body =
        """
        {"name": "São Paulo", "main": {"temp": 21.5, "humidity": 77},
         "weather": [{"description": "light rain"}], "wind": {"speed": 3.2}}
        """;
    WeatherTool tool =
        WeatherTool.fromEnvironment(
            Map.of("OPENWEATHER_API_KEY", "k&y", "OPENWEATHER_BASE_URL", baseUrl() + "/"));

    Map<String, Object> w = tool.lookUp("São Paulo,BR");

    assertThat(tool.simulated()).isFalse();
    assertThat(w)
        .containsExactly(
            Map.entry("city", "São Paulo"),
            Map.entry("temperature_c", 21.5),
            Map.entry("conditions", "light rain"),
            Map.entry("humidity_percent", 77),
            Map.entry("wind_m_s", 3.2),
            Map.entry("simulated", false));
    assertThat(queries).containsExactly("units=metric&q=S%C3%A3o+Paulo%2CBR&appid=k%26y");
  }

  @Test
  void anOpenWeatherErrorIsReportedWithItsStatusAndMessageButNeverTheKey() {
    status = 404;
    body = "{\"cod\": \"404\", \"message\": \"city not found\"}";
    WeatherTool tool =
        WeatherTool.fromEnvironment(
            Map.of("OPENWEATHER_API_KEY", "secret-key", "OPENWEATHER_BASE_URL", baseUrl()));

    Map<String, Object> w = tool.lookUp("Atlantis");

    assertThat(w).isEqualTo(Map.of("error", "OpenWeather answered HTTP 404: city not found"));
    assertThat(w.toString()).doesNotContain("secret-key");
  }

  @Test
  void anUnreachableOpenWeatherIsAnErrorForTheModel() {
    String url = baseUrl();
    openWeather.stop(0);
    WeatherTool tool =
        WeatherTool.fromEnvironment(
            Map.of("OPENWEATHER_API_KEY", "secret-key", "OPENWEATHER_BASE_URL", url));

    Map<String, Object> w = tool.lookUp("Paris");

    assertThat(w).containsOnlyKeys("error");
    assertThat((String) w.get("error"))
        .startsWith("OpenWeather could not be reached: ")
        .doesNotContain("secret-key");
  }

  @Test
  void anInterruptedLookUpSaysItWasCancelledAndKeepsTheInterrupt() {
    WeatherTool tool =
        WeatherTool.fromEnvironment(
            Map.of("OPENWEATHER_API_KEY", "k", "OPENWEATHER_BASE_URL", baseUrl()));

    Thread.currentThread().interrupt();
    Map<String, Object> w;
    boolean interrupted;
    try {
      w = tool.lookUp("Paris");
    } finally {
      interrupted = Thread.interrupted();
    }

    assertThat(w).isEqualTo(Map.of("error", "the weather lookup was cancelled"));
    assertThat(interrupted).isTrue();
  }

  @Test
  void theToolIsDeclaredAsGetWeatherAndRunsTheLookUp() throws Exception {
    WeatherTool tool = WeatherTool.fromEnvironment(Map.of());

    assertThat(tool.tools().declarations()).hasSize(1);
    assertThat(tool.tools().declarations().get(0).name()).isEqualTo("get_weather");
    Object answer =
        tool.tools().call("get_weather", new ObjectMapper().readTree("{\"city\": \"Lisbon\"}"));
    assertThat(answer).isEqualTo(tool.lookUp("Lisbon"));
  }
}
