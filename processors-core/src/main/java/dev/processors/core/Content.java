package dev.processors.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link ProcessorPart} carries: a closed set of immutable records, consumed with a pattern
 * {@code switch}.
 *
 * <pre>{@code
 * switch (part.content()) {
 *   case Content.Text t -> System.out.print(t.text());
 *   case Content.Blob b -> speaker.write(b.bytes());
 *   case Content.FunctionCall c -> tools.call(c.name(), c.arguments());
 *   case Content.FunctionResponse r -> log(r.response());
 *   case Content.Json j -> render(j.node());
 *   case Content.Signal s -> handle(s.kind());
 * }
 * }</pre>
 *
 * <p>Every record validates its arguments and throws {@link IllegalArgumentException} or {@link
 * NullPointerException} naming the bad argument. JSON payloads are kept as canonical text, so a
 * record is immutable and compares by value.
 */
public sealed interface Content
    permits Content.Text,
        Content.Blob,
        Content.FunctionCall,
        Content.FunctionResponse,
        Content.Json,
        Content.Signal {

  /** The MIME type of this content, e.g. {@code text/plain} or {@code audio/pcm;rate=24000}. */
  String mimeType();

  /** Plain text, UTF-16 as Java holds it; {@code text/plain}. */
  record Text(String text) implements Content {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String mimeType() {
      return MimeTypes.TEXT;
    }
  }

  /**
   * Binary content (audio, image, video, any file) with its MIME type. The bytes are copied in and
   * never handed out mutably: {@link #bytes()} returns a copy, {@link #buffer()} a read-only view
   * without copying.
   */
  final class Blob implements Content {
    private final byte[] data;
    private final String mimeType;

    private Blob(byte[] data, String mimeType) {
      this.data = data;
      this.mimeType = mimeType;
    }

    /** Copies {@code data}; the caller may reuse its array afterwards. */
    public static Blob of(byte[] data, String mimeType) {
      Objects.requireNonNull(data, "data");
      return new Blob(data.clone(), MimeTypes.requireValid(mimeType));
    }

    /** Takes ownership of {@code data} without copying: the caller must never touch it again. */
    static Blob wrap(byte[] data, String mimeType) {
      return new Blob(data, MimeTypes.requireValid(mimeType));
    }

    /** A fresh copy of the bytes. */
    public byte[] bytes() {
      return data.clone();
    }

    /** A read-only view of the bytes, without copying. */
    public ByteBuffer buffer() {
      return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** The number of bytes. */
    public int size() {
      return data.length;
    }

    /** Writes the bytes to {@code out} without copying them. */
    public void writeTo(OutputStream out) {
      try {
        out.write(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String mimeType() {
      return mimeType;
    }

    byte[] unsafeArray() {
      return data;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Blob b && mimeType.equals(b.mimeType) && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
      return 31 * mimeType.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Blob[" + mimeType + ", " + data.length + " bytes]";
    }
  }

  /**
   * A model's request to call a tool. {@code id} may be empty when the provider gives none; {@code
   * arguments} is a JSON object as canonical text.
   */
  record FunctionCall(String id, String name, String arguments) implements Content {
    public FunctionCall {
      Objects.requireNonNull(id, "id");
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("function call name is blank");
      }
      arguments = JsonText.canonicalObject(arguments, "function call '" + name + "' arguments");
    }

    /** The arguments parsed as a JSON tree (a fresh copy each call). */
    public JsonNode argumentsNode() {
      return JsonText.parse(arguments);
    }

    @Override
    public String mimeType() {
      return MimeTypes.FUNCTION_CALL;
    }
  }

  /**
   * The result of a tool call, sent back to the model. {@code response} is JSON as canonical text;
   * by convention a failed call answers {@code {"error": "..."}} (see {@link #isError()}).
   */
  record FunctionResponse(String id, String name, String response) implements Content {
    public FunctionResponse {
      Objects.requireNonNull(id, "id");
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("function response name is blank");
      }
      response = JsonText.canonical(response, "function response '" + name + "'");
    }

    /** The response parsed as a JSON tree (a fresh copy each call). */
    public JsonNode responseNode() {
      return JsonText.parse(response);
    }

    /** True when the response is an object with an {@code error} field. */
    public boolean isError() {
      JsonNode node = responseNode();
      return node.isObject() && node.has("error");
    }

    @Override
    public String mimeType() {
      return MimeTypes.FUNCTION_RESPONSE;
    }
  }

  /** Structured data as canonical JSON text; {@code application/json}. */
  record Json(String json) implements Content {
    public Json {
      json = JsonText.canonical(json, "json part");
    }

    /** The data parsed as a JSON tree (a fresh copy each call). */
    public JsonNode node() {
      return JsonText.parse(json);
    }

    @Override
    public String mimeType() {
      return MimeTypes.JSON;
    }
  }

  /**
   * A live control event. A {@code control} signal overtakes data parts queued in every channel it
   * crosses; an {@link SignalKind#INTERRUPTED} control signal also drops the data parts queued
   * before it.
   */
  record Signal(SignalKind kind, boolean control) implements Content {
    public Signal {
      Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String mimeType() {
      return MimeTypes.SIGNAL_PREFIX + kind.wireName();
    }
  }
}
