package dev.processors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request a fake server received, as it came off the wire.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the path without the query, e.g. {@code /v1beta/models/m:streamGenerateContent}
 * @param query the query string without {@code ?}, empty if none
 * @param headers the headers, names in lower case (the last value wins for repeated names)
 * @param body the body as UTF-8 text, empty if none
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, String> headers, String body) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Copies the headers. */
  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** A header by case-insensitive name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /**
   * The body parsed as JSON.
   *
   * @throws UncheckedIOException if the body is not JSON
   */
  public JsonNode json() {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("request body is not JSON: " + body, e);
    }
  }

  @Override
  public String toString() {
    return method
        + " "
        + path
        + (query.isEmpty() ? "" : "?" + query)
        + " ("
        + body.length()
        + " bytes)";
  }
}
