package dev.processors.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processors.model.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's weather tool, {@code get_weather(city)}: the current weather from OpenWeather when
 * {@code OPENWEATHER_API_KEY} is set, otherwise a simulated answer (stable for a city, marked
 * {@code simulated: true}) so the service works offline. {@code OPENWEATHER_BASE_URL} points it at
 * another server (tests use a local one).
 *
 * <p>Thread-safe. A failed lookup (unknown city, HTTP error, timeout) answers {@code {"error":
 * "..."}} to the model rather than failing the turn; the key never appears in results or errors.
 */
public final class WeatherTool {
  /** The tool's name, as the model calls it. */
  public static final String NAME = "get_weather";

  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\","
          + "\"description\":\"the city, e.g. Paris or Paris,FR\"}},\"required\":[\"city\"]}";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> SKIES =
      List.of("clear sky", "few clouds", "scattered clouds", "overcast", "light rain", "mist");

  private final Optional<String> apiKey;
  private final String baseUrl;
  private final HttpClient http;

  private WeatherTool(Optional<String> apiKey, String baseUrl) {
    this.apiKey = apiKey;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * The tool as {@code OPENWEATHER_API_KEY} and {@code OPENWEATHER_BASE_URL} in {@code env} say.
   */
  public static WeatherTool fromEnvironment(Map<String, String> env) {
    return new WeatherTool(
        Optional.ofNullable(env.get("OPENWEATHER_API_KEY")).filter(k -> !k.isBlank()),
        Optional.ofNullable(env.get("OPENWEATHER_BASE_URL"))
            .filter(u -> !u.isBlank())
            .orElse("https://api.openweathermap.org"));
  }

  /** True if answers are simulated (no API key). */
  public boolean simulated() {
    return apiKey.isEmpty();
  }

  /** The tool, to give the model ({@code tools().declarations()}) and to run its calls. */
  public Tools tools() {
    return Tools.builder()
        .add(NAME, "Current weather in a city", SCHEMA, args -> lookUp(args.path("city").asText()))
        .build();
  }

  /** The weather in {@code city}: real with a key, simulated without. */
  public Map<String, Object> lookUp(String city) {
    if (city == null || city.isBlank()) {
      return Map.of("error", "get_weather needs a city");
    }
    return apiKey.map(key -> fetch(city, key)).orElseGet(() -> simulate(city));
  }

  private Map<String, Object> fetch(String city, String key) {
    URI uri =
        URI.create(
            baseUrl
                + "/data/2.5/weather?units=metric&q="
                + URLEncoder.encode(city, StandardCharsets.UTF_8)
                + "&appid="
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = MAPPER.readTree(res.body());
      if (res.statusCode() != 200) {
        return Map.of(
            "error",
            "OpenWeather answered HTTP "
                + res.statusCode()
                + ": "
                + body.path("message").asText("no message"));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("city", body.path("name").asText(city));
      out.put("temperature_c", body.path("main").path("temp").asDouble());
      out.put("conditions", body.path("weather").path(0).path("description").asText("unknown"));
      out.put("humidity_percent", body.path("main").path("humidity").asInt());
      out.put("wind_m_s", body.path("wind").path("speed").asDouble());
      out.put("simulated", false);
      return out;
    } catch (IOException e) {
      return Map.of("error", "OpenWeather could not be reached: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of("error", "the weather lookup was cancelled");
    }
  }

  private static Map<String, Object> simulate(String city) {
    int hash = city.strip().toLowerCase(Locale.ROOT).hashCode();
    int h = hash == Integer.MIN_VALUE ? 0 : Math.abs(hash); // abs(MIN_VALUE) stays negative
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("city", city.strip());
    out.put("temperature_c", 8 + h % 22);
    out.put("conditions", SKIES.get(h % SKIES.size()));
    out.put("humidity_percent", 40 + h % 50);
    out.put("wind_m_s", (h % 90) / 10.0);
    out.put("simulated", true);
    return out;
  }
}
