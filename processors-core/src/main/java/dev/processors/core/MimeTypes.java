package dev.processors.core;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * MIME types are the type system of parts: constants for the ones the library uses, and helpers to
 * build and read audio types such as {@code audio/pcm;rate=24000}.
 */
public final class MimeTypes {
  /** Plain text. */
  public static final String TEXT = "text/plain";

  /** Structured JSON data. */
  public static final String JSON = "application/json";

  /** A {@link Content.FunctionCall}. */
  public static final String FUNCTION_CALL = "application/x-function-call+json";

  /** A {@link Content.FunctionResponse}. */
  public static final String FUNCTION_RESPONSE = "application/x-function-response+json";

  /** Prefix of a {@link Content.Signal}'s type; the kind's wire name follows. */
  public static final String SIGNAL_PREFIX = "application/x-signal;kind=";

  /** 16-bit little-endian PCM; the sample rate follows as {@code ;rate=N}. */
  public static final String PCM = "audio/pcm";

  private MimeTypes() {}

  /** {@code audio/pcm;rate=N} for a sample rate in Hz. */
  public static String pcm(int sampleRate) {
    Checks.positive(sampleRate, "sample rate");
    return PCM + ";rate=" + sampleRate;
  }

  /**
   * The bare type without parameters, lower case: {@code audio/pcm;rate=16000} → {@code audio/pcm}.
   */
  public static String baseType(String mimeType) {
    int semi = mimeType.indexOf(';');
    return (semi < 0 ? mimeType : mimeType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** The {@code rate} parameter of an audio type, if present. */
  public static OptionalInt sampleRate(String mimeType) {
    String value = parameter(mimeType, "rate");
    if (value == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad rate in MIME type '" + mimeType + "'", e);
    }
  }

  /** True for any {@code audio/*} type. */
  public static boolean isAudio(String mimeType) {
    return baseType(mimeType).startsWith("audio/");
  }

  /** True for any {@code image/*} type. */
  public static boolean isImage(String mimeType) {
    return baseType(mimeType).startsWith("image/");
  }

  /**
   * Whether {@code mimeType} matches {@code pattern}: {@code *}, {@code audio/*} or an exact base
   * type; parameters are ignored.
   */
  public static boolean matches(String mimeType, String pattern) {
    String base = baseType(mimeType);
    String p = baseType(pattern);
    if (p.equals("*") || p.equals("*/*")) {
      return true;
    }
    if (p.endsWith("/*")) {
      return base.startsWith(p.substring(0, p.length() - 1));
    }
    return base.equals(p);
  }

  static String requireValid(String mimeType) {
    Objects.requireNonNull(mimeType, "mimeType");
    int slash = mimeType.indexOf('/');
    if (slash <= 0 || slash == mimeType.length() - 1 || mimeType.isBlank()) {
      throw new IllegalArgumentException(
          "not a MIME type (expected type/subtype): '" + mimeType + "'");
    }
    return mimeType;
  }

  private static String parameter(String mimeType, String name) {
    String[] pieces = mimeType.split(";");
    for (int i = 1; i < pieces.length; i++) {
      String piece = pieces[i].trim();
      int eq = piece.indexOf('=');
      if (eq > 0 && piece.substring(0, eq).trim().equalsIgnoreCase(name)) {
        return piece.substring(eq + 1).trim();
      }
    }
    return null;
  }
}
