package dev.processors.model;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** Argument checks the model builders share. */
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
}
