package dev.processors.serving;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The tests' SSE client, on the JDK's HTTP client: POSTs a body and reads the answer event by event
 * as it arrives; closing it hangs up in the middle of the stream.
 */
final class Sse implements AutoCloseable {
  /** One event: its name and data. */
  record Event(String name, String data) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final InputStream body;
  private final BufferedReader reader;
  final int status;
  final String contentType;
  private int comments;

  private Sse(HttpResponse<InputStream> response) {
    this.body = response.body();
    this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    this.status = response.statusCode();
    this.contentType = response.headers().firstValue("content-type").orElse("");
  }

  /** POSTs {@code body} to {@code url} and returns once the headers arrived. */
  static Sse post(String url, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return new Sse(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
  }

  /** Any request with a JSON body, answered as text. */
  static HttpResponse<String> send(String url, String method, String body)
      throws IOException, InterruptedException {
    return send(url, method, "application/json", body);
  }

  /** Any request, answered as text. */
  static HttpResponse<String> send(String url, String method, String contentType, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", contentType)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** How many comment lines (keep-alives) were read so far. */
  int comments() {
    return comments;
  }

  /**
   * The next event, or empty at the end of the stream; comments and events without data
   * (keep-alives) are skipped, as EventSource does.
   */
  Optional<Event> next() throws IOException {
    String name = "message";
    StringBuilder data = new StringBuilder();
    boolean any = false;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (any && !data.isEmpty()) {
          return Optional.of(new Event(name, data.toString()));
        }
        any = false;
        name = "message";
        continue;
      }
      if (line.startsWith(":")) {
        comments++;
        continue;
      }
      any = true;
      if (line.startsWith("event:")) {
        name = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        if (!data.isEmpty()) {
          data.append('\n');
        }
        data.append(line.substring(5).stripLeading());
      }
    }
    return any ? Optional.of(new Event(name, data.toString())) : Optional.empty();
  }

  /** Hangs up. */
  @Override
  public void close() throws IOException {
    body.close();
  }
}
