package dev.processors.live;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/** Argument checks and the HTTP client settings the model builders share. */
final class Settings {
  private Settings() {}

  static String requireText(String value, String what) {
    if (Objects.requireNonNull(value, what).isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  static String requireUrl(String url) {
    requireText(url, "baseUrl");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("baseUrl is not a URL: '" + url + "'", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "baseUrl must start with http:// or https://: '" + url + "'");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("baseUrl has no host: '" + url + "'");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static double requireRange(double value, double min, double max, String what) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          what + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  static int requirePositive(int value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  static Duration requirePositive(Duration value, String what) {
    if (Objects.requireNonNull(value, what).isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  /**
   * An OkHttp client for streaming: bounded connect and idle-read times, no limit on a whole call
   * (an OkHttp call timeout would cut long streams). Before JDK 24, OkHttp's HTTP/2 reader waits
   * inside {@code synchronized} and would pin virtual threads, so HTTP/1.1 is used there.
   */
  static OkHttpClient.Builder okHttp(Duration connectTimeout, Duration readTimeout) {
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .readTimeout(readTimeout)
            .writeTimeout(readTimeout)
            .callTimeout(Duration.ZERO);
    if (Runtime.version().feature() < 24) {
      b.protocols(List.of(Protocol.HTTP_1_1));
    }
    return b;
  }
}
