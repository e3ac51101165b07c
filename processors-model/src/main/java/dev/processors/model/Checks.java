package dev.processors.model;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The module's argument checks, worded as the core's: {@code "<what> must be positive, got
 * <value>"}, {@code "<what> is blank"}. Each names the argument, throws {@link
 * IllegalArgumentException} (or {@link NullPointerException} for null) and returns its argument.
 */
final class Checks {
  private Checks() {}

  static String notBlank(String value, String what) {
    if (Objects.requireNonNull(value, what).isBlank()) {
      throw new IllegalArgumentException(what + " is blank");
    }
    return value;
  }

  static int positive(int value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  static int atLeast(int value, int minimum, String what) {
    if (value < minimum) {
      throw new IllegalArgumentException(what + " must be at least " + minimum + ", got " + value);
    }
    return value;
  }

  static Duration positive(Duration value, String what) {
    if (Objects.requireNonNull(value, what).isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  static Duration notNegative(Duration value, String what) {
    if (Objects.requireNonNull(value, what).isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + value);
    }
    return value;
  }

  static double inRange(double value, double min, double max, String what) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          what + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  /** An http(s) URL with a host, without a trailing slash. */
  static String httpUrl(String url, String what) {
    notBlank(url, what);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not a URL: '" + url + "'", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          what + " must start with http:// or https://: '" + url + "'");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(what + " has no host: '" + url + "'");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
