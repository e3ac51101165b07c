package dev.processors.model.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.processors.model.MalformedStreamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Small helpers shared by the streamed-body event readers (OpenAI Chat Completions and Responses,
 * Gemini, in the provider modules): opening Jackson's streaming parser on an event's bytes and
 * reading loosely typed scalar fields the way the SDKs do.
 */
public final class JsonEvents {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonEvents() {}

  /**
   * A parser on one event's data, positioned on its opening brace.
   *
   * @throws MalformedStreamException if the event is not a JSON object
   */
  public static JsonParser open(String provider, byte[] bytes, int offset, int length)
      throws IOException {
    JsonParser p = FACTORY.createParser(bytes, offset, length);
    if (p.nextToken() != JsonToken.START_OBJECT) {
      p.close();
      throw malformed(provider, "an event is not a JSON object: " + excerpt(bytes, offset, length));
    }
    return p;
  }

  /**
   * The current value as text: a string as it is, a number or boolean as written, null for JSON
   * null, an object or array skipped (null).
   */
  public static String string(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    return t == JsonToken.VALUE_NULL ? null : p.getText();
  }

  /** The current value as a count, or null if it is not a number. */
  public static Long count(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    p.skipChildren();
    return null;
  }

  /** The current value as a boolean (true only for JSON true). */
  public static boolean bool(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    p.skipChildren();
    return t == JsonToken.VALUE_TRUE;
  }

  /** True if the current token opens an object (else the value is skipped). */
  public static boolean enterObject(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT) {
      return true;
    }
    p.skipChildren();
    return false;
  }

  /** Moves to the next field's value; returns its name, or null at the end of the object. */
  public static String nextField(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.FIELD_NAME) {
      return null;
    }
    String name = p.currentName();
    p.nextToken();
    return name;
  }

  /** The typed error for an event Jackson cannot read. */
  public static MalformedStreamException malformed(
      String provider, JsonProcessingException e, byte[] bytes, int offset, int length) {
    return new MalformedStreamException(
        provider,
        "an event is not valid JSON ("
            + e.getOriginalMessage()
            + "): "
            + excerpt(bytes, offset, length),
        -1,
        null,
        e);
  }

  /** A malformed-stream error of {@code provider} saying {@code message}, not retryable. */
  public static MalformedStreamException malformed(String provider, String message) {
    return new MalformedStreamException(provider, message, -1, null, null);
  }

  /** The start of an event, for error messages. */
  public static String excerpt(byte[] bytes, int offset, int length) {
    int n = Math.min(length, 120);
    String s = new String(bytes, offset, n, StandardCharsets.UTF_8);
    return n < length ? s + "..." : s;
  }
}
