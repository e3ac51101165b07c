package dev.processors.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;

/**
 * One HTTP exchange as a raw client sees it: status, content type, every body byte that arrived,
 * and how the body ended (properly, or with the exception that broke it). Read with a per-read
 * timeout, so a stalled stream ends the read instead of the test.
 */
record RawResponse(int status, String contentType, byte[] body, Optional<IOException> failure) {

  /** POSTs {@code json} and reads the whole answer; each read waits at most {@code readTimeout}. */
  static RawResponse post(String url, String json, Duration readTimeout) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    if (c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(FakeTls.socketFactory());
    }
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setConnectTimeout(5_000);
    c.setReadTimeout((int) readTimeout.toMillis());
    c.setRequestProperty("Content-Type", "application/json");
    c.setRequestProperty("x-goog-api-key", "test-key");
    try {
      try (OutputStream out = c.getOutputStream()) {
        out.write(json.getBytes(StandardCharsets.UTF_8));
      }
      int status = c.getResponseCode();
      String type = Optional.ofNullable(c.getContentType()).orElse("");
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      IOException failure = null;
      if (in != null) {
        byte[] buf = new byte[8192];
        try (in) {
          int n;
          while ((n = in.read(buf)) >= 0) {
            body.write(buf, 0, n);
          }
        } catch (IOException e) {
          failure = e;
        }
      }
      return new RawResponse(status, type, body.toByteArray(), Optional.ofNullable(failure));
    } finally {
      c.disconnect();
    }
  }

  /** The body as UTF-8 text. */
  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The data of every whole event in the body (comment lines and other fields skipped). */
  List<String> events() {
    List<String> out = new ArrayList<>();
    StringBuilder data = new StringBuilder();
    String text = text().replace("\r\n", "\n");
    int start = 0;
    while (true) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        break; // an unterminated last line is not part of a whole event
      }
      String line = text.substring(start, end);
      start = end + 1;
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          out.add(data.toString());
          data.setLength(0);
        }
      } else if (line.startsWith("data:")) {
        if (!data.isEmpty()) {
          data.append('\n');
        }
        data.append(line.substring(5).strip());
      }
    }
    return out;
  }

  /** Whether the body ended properly (no exception broke it). */
  boolean endedProperly() {
    return failure.isEmpty();
  }
}
