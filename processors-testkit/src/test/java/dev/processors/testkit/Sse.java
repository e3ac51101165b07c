package dev.processors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A tiny SSE client on the JDK's HTTP client, for testing the fakes without any SDK. */
final class Sse {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private Sse() {}

  static HttpResponse<InputStream> post(String url, String json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("x-goog-api-key", "test-key")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Reads the next event's data (null at end of stream). */
  static String nextData(BufferedReader reader) throws IOException {
    StringBuilder data = new StringBuilder();
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          return data.toString();
        }
        continue;
      }
      if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      }
    }
    return data.isEmpty() ? null : data.toString();
  }

  static BufferedReader reader(HttpResponse<InputStream> response) {
    return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  /** Every event's data as JSON ({@code [DONE]} kept as a text node). */
  static List<JsonNode> events(HttpResponse<InputStream> response) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = reader(response)) {
      String data;
      while ((data = nextData(r)) != null) {
        out.add(
            data.equals("[DONE]") ? MAPPER.getNodeFactory().textNode(data) : MAPPER.readTree(data));
      }
    }
    return out;
  }
}
