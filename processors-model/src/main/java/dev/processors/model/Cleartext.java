package dev.processors.model;

import java.net.URI;
import java.util.Locale;

/**
 * The rule every model builder applies before an API key leaves the process: a key goes only over
 * TLS ({@code https://}, {@code wss://}), or in clear text to this machine (a loopback host: {@code
 * localhost}, {@code 127.0.0.0/8}, {@code ::1}), unless the builder was told {@code
 * allowCleartext()} for a trusted network. Stateless and thread-safe.
 */
public final class Cleartext {
  private Cleartext() {}

  /**
   * Checks that a key may be sent to {@code url}.
   *
   * @param url the base URL the key would be sent to
   * @param keySent whether an API key would be sent with requests
   * @param allowed whether the user opted out of the check ({@code allowCleartext()})
   * @throws IllegalStateException if the key would cross a network in clear text; the message names
   *     the URL and how to opt out, never the key
   */
  public static void check(String url, boolean keySent, boolean allowed) {
    if (!keySent || allowed || isSecureOrLocal(url)) {
      return;
    }
    throw new IllegalStateException(
        "refusing to send an API key in clear text to "
            + url
            + ": use https:// (wss:// for the Live API), a loopback host, or call"
            + " allowCleartext() on the builder for a trusted network");
  }

  /** True if {@code url} uses TLS or names a loopback host. */
  public static boolean isSecureOrLocal(String url) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https") || scheme.equals("wss")) {
      return true;
    }
    return isLoopback(uri.getHost());
  }

  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    if (h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    // 127.0.0.0/8, written as a dotted quad (no name resolution: a name could point anywhere).
    String[] quad = h.split("\\.", -1);
    if (quad.length != 4 || !quad[0].equals("127")) {
      return false;
    }
    for (String q : quad) {
      if (q.isEmpty() || q.length() > 3 || !q.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(q) > 255) {
        return false;
      }
    }
    return true;
  }
}
