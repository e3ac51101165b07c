package dev.processors.model.spi;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is logged: the model's own API key wherever it appears, the
 * values of credential headers, bearer tokens, {@code key=} query parameters, and strings shaped
 * like OpenAI ({@code sk-...}) or Google ({@code AIza...}) keys. Immutable and thread-safe.
 */
final class Redaction {
  static final String MASK = "***";

  /** Header names whose values are credentials (lower case). */
  private static final Set<String> SECRET_HEADERS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "x-goog-api-key",
          "api-key",
          "x-api-key",
          "cookie",
          "set-cookie");

  private static final List<Pattern> SHAPES =
      List.of(
          Pattern.compile("(?i)(bearer\\s+)[^\\s\"',]+"),
          Pattern.compile("(?i)([?&](?:key|api_key|access_token)=)[^&\\s\"']+"),
          Pattern.compile("(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{8,}"),
          Pattern.compile("(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{20,}"));

  private final String key;

  /** A redaction that also removes {@code key} (may be null: no key of the model's own). */
  Redaction(String key) {
    this.key = key == null || key.isBlank() ? null : key;
  }

  /** Whether a header's value is a credential. */
  static boolean secretHeader(String name) {
    return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** {@code text} with every secret it recognises replaced by {@value #MASK}. */
  String apply(String text) {
    String out = key == null ? text : text.replace(key, MASK);
    for (Pattern p : SHAPES) {
      out =
          p.matcher(out)
              .replaceAll(
                  m ->
                      java.util.regex.Matcher.quoteReplacement(
                          (m.groupCount() > 0 ? m.group(1) : "") + MASK));
    }
    return out;
  }
}
