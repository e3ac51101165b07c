package dev.processors.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One immutable piece of a stream: {@link #content()}, {@link #role()}, {@link #substream()} and
 * {@link #metadata()}.
 *
 * <p>Parts are values: safe to share between threads and stages, compared by value, and {@link
 * PartJson round-tripped through JSON} unchanged. The {@code with...} methods return copies.
 *
 * <p>The substreams {@value #STATUS}, {@value #DEBUG} and {@value #UI}, and every substream that
 * starts with one of them ({@code debug_model}, {@code status.tools}), are an out-of-band lane: a
 * part on them bypasses the later stages of a pipeline and reaches its output at once. A run can
 * replace that set ({@link RunOptions#withReservedSubstreams}).
 *
 * <p><b>Equality</b> follows genai-processors: content and metadata compare exactly, except the
 * {@value #CAPTURE_TIME} metadata entry, which is ignored; role and substream compare ignoring
 * case.
 *
 * <p>Factories throw {@link NullPointerException} or {@link IllegalArgumentException} naming the
 * bad argument.
 */
public final class ProcessorPart {
  /** The default role of a part made by the factories. */
  public static final String USER = "user";

  /** The role of model output. */
  public static final String MODEL = "model";

  /** The role of system instructions. */
  public static final String SYSTEM = "system";

  /** The main substream. */
  public static final String DEFAULT_SUBSTREAM = "";

  /** Out-of-band substream for progress shown to people. */
  public static final String STATUS = "status";

  /** Out-of-band substream for diagnostics. */
  public static final String DEBUG = "debug";

  /** Out-of-band substream for user-interface updates. */
  public static final String UI = "ui";

  /** The out-of-band substream prefixes of a run that does not choose its own. */
  public static final Set<String> RESERVED_SUBSTREAMS = Set.of(STATUS, DEBUG, UI);

  /** The metadata key of a part's capture time, ignored by {@link #equals}. */
  public static final String CAPTURE_TIME = "capture_time";

  /**
   * The metadata key marking a part that reports an error ({@code true}), e.g. the status part
   * {@link Processors#errorsAsParts} emits in place of a failure.
   */
  public static final String ERROR = "error";

  /** The metadata key naming the stage a reported error came from. */
  public static final String STAGE = "stage";

  private static final byte OUT_OF_BAND = 1;
  private static final byte CONTROL = 2;
  private static final byte INTERRUPT = 4;

  private final Content content;
  private final String role;
  private final String substream;
  private final Map<String, Object> metadata;
  private final byte flags;

  private ProcessorPart(
      Content content, String role, String substream, Map<String, Object> metadata) {
    this.content = content;
    this.role = role;
    this.substream = substream;
    this.metadata = metadata;
    byte f = 0;
    if (isReserved(substream)) {
      f |= OUT_OF_BAND;
    }
    if (content instanceof Content.Signal s && s.control()) {
      f |= CONTROL;
      if (s.kind() == SignalKind.INTERRUPTED) {
        f |= INTERRUPT;
      }
    }
    this.flags = f;
  }

  /** A part with this content, role {@value #USER}, the default substream and no metadata. */
  public static ProcessorPart of(Content content) {
    return new ProcessorPart(Objects.requireNonNull(content, "content"), USER, "", Map.of());
  }

  /** A text part. */
  public static ProcessorPart text(String text) {
    return of(new Content.Text(text));
  }

  /** 16-bit little-endian PCM audio at {@code sampleRate} Hz ({@code audio/pcm;rate=N}). */
  public static ProcessorPart audio(byte[] pcm, int sampleRate) {
    return of(Content.Blob.of(pcm, MimeTypes.pcm(sampleRate)));
  }

  /**
   * An image with its MIME type, e.g. {@code image/png}. The bytes are copied. Unlike {@link
   * #blob}, it checks that the content is an image: use {@code blob} for other binary content.
   *
   * @throws IllegalArgumentException if {@code mimeType} is not a valid {@code image/*} type
   */
  public static ProcessorPart image(byte[] bytes, String mimeType) {
    String type = MimeTypes.requireValid(mimeType);
    if (!type.regionMatches(true, 0, "image/", 0, 6)) {
      throw new IllegalArgumentException(
          "an image needs an image/* MIME type, got '"
              + mimeType
              + "'; use blob() for other content");
    }
    return of(Content.Blob.of(bytes, mimeType));
  }

  /** Binary content of any MIME type. The bytes are copied. */
  public static ProcessorPart blob(byte[] bytes, String mimeType) {
    return of(Content.Blob.of(bytes, mimeType));
  }

  /** A function call with JSON-object arguments, role {@value #MODEL}. */
  public static ProcessorPart functionCall(String id, String name, String argumentsJson) {
    return of(new Content.FunctionCall(id, name, argumentsJson)).withRole(MODEL);
  }

  /** A function call whose arguments are a map, written as JSON; role {@value #MODEL}. */
  public static ProcessorPart functionCall(String id, String name, Map<String, ?> arguments) {
    return functionCall(id, name, JsonText.write(arguments, "function call arguments"));
  }

  /** A function response whose payload is JSON text; role {@value #USER}. */
  public static ProcessorPart functionResponse(String id, String name, String responseJson) {
    return of(new Content.FunctionResponse(id, name, responseJson));
  }

  /** A function response whose payload is written as JSON from a map, list or value. */
  public static ProcessorPart functionResponse(String id, String name, Object response) {
    return functionResponse(id, name, JsonText.write(response, "function response"));
  }

  /** Structured data as JSON text. */
  public static ProcessorPart json(String json) {
    return of(new Content.Json(json));
  }

  /** Structured data written as JSON from any Jackson-serialisable value. */
  public static ProcessorPart jsonOf(Object value) {
    return json(JsonText.write(value, "json part"));
  }

  /** A signal, marked as control when {@link SignalKind#controlByDefault()} says so. */
  public static ProcessorPart signal(SignalKind kind) {
    return of(new Content.Signal(kind, kind.controlByDefault()));
  }

  /** A signal with an explicit control mark. */
  public static ProcessorPart signal(SignalKind kind, boolean control) {
    return of(new Content.Signal(kind, control));
  }

  /** An end-of-turn signal (not control: it stays in order with the data before it). */
  public static ProcessorPart endOfTurn() {
    return signal(SignalKind.END_OF_TURN);
  }

  /** An interrupted control signal: it overtakes and drops data queued before it. */
  public static ProcessorPart interrupted() {
    return signal(SignalKind.INTERRUPTED);
  }

  /** A text part on the {@value #STATUS} substream. */
  public static ProcessorPart status(String message) {
    return text(message).withSubstream(STATUS);
  }

  /** A text part on the {@value #DEBUG} substream. */
  public static ProcessorPart debug(String message) {
    return text(message).withSubstream(DEBUG);
  }

  /** The content. */
  public Content content() {
    return content;
  }

  /** The role: {@value #USER}, {@value #MODEL}, {@value #SYSTEM} or a provider-specific name. */
  public String role() {
    return role;
  }

  /** The substream; {@value #DEFAULT_SUBSTREAM} (empty) for the main stream. */
  public String substream() {
    return substream;
  }

  /** The metadata: an immutable map of JSON-compatible values. */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** The content's MIME type. */
  public String mimeType() {
    return content.mimeType();
  }

  /** The text if this is a text part. */
  public Optional<String> text() {
    return content instanceof Content.Text t ? Optional.of(t.text()) : Optional.empty();
  }

  /** True if this is a text part. */
  public boolean isText() {
    return content instanceof Content.Text;
  }

  /** True if this part is a signal of this kind. */
  public boolean isSignal(SignalKind kind) {
    return content instanceof Content.Signal s && s.kind() == kind;
  }

  /** True if this part is on a reserved out-of-band substream (status, debug, ui). */
  public boolean isOutOfBand() {
    return (flags & OUT_OF_BAND) != 0;
  }

  /** True if this part is a control signal, which overtakes queued data. */
  public boolean isControl() {
    return (flags & CONTROL) != 0;
  }

  boolean isInterrupt() {
    return (flags & INTERRUPT) != 0;
  }

  /** A metadata value as a string, if present and a string. */
  public Optional<String> metadataString(String key) {
    return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** A metadata value as a long, if present and a whole number. */
  public Optional<Long> metadataLong(String key) {
    return metadata.get(key) instanceof Long l ? Optional.of(l) : Optional.empty();
  }

  /** A copy with another role. */
  public ProcessorPart withRole(String role) {
    Objects.requireNonNull(role, "role");
    return role.equals(this.role) ? this : new ProcessorPart(content, role, substream, metadata);
  }

  /** A copy on another substream. */
  public ProcessorPart withSubstream(String substream) {
    Objects.requireNonNull(substream, "substream");
    return substream.equals(this.substream)
        ? this
        : new ProcessorPart(content, role, substream, metadata);
  }

  /** A copy with other content, keeping role, substream and metadata. */
  public ProcessorPart withContent(Content content) {
    return new ProcessorPart(Objects.requireNonNull(content, "content"), role, substream, metadata);
  }

  /**
   * A copy with one metadata entry added or replaced. Values must be strings, booleans, numbers
   * (kept as {@code Long} or {@code Double}), enums (kept by name), or lists and maps of those.
   */
  public ProcessorPart withMetadata(String key, Object value) {
    Object normalized = MetadataValues.normalize(key, value);
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(metadata);
    copy.put(key, normalized);
    return new ProcessorPart(content, role, substream, Collections.unmodifiableMap(copy));
  }

  /** A copy whose metadata is replaced by {@code metadata} (normalised as by withMetadata). */
  public ProcessorPart withMetadata(Map<String, ?> metadata) {
    return new ProcessorPart(
        content, role, substream, MetadataValues.normalizeMap("metadata", metadata));
  }

  /** The concatenated text of the text parts on the default substream of {@code parts}. */
  public static String textOf(List<ProcessorPart> parts) {
    StringBuilder sb = new StringBuilder();
    for (ProcessorPart p : parts) {
      if (p.content instanceof Content.Text t && p.substream.isEmpty()) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /**
   * True for the default out-of-band substreams: {@value #STATUS}, {@value #DEBUG}, {@value #UI}
   * and any substream starting with one of them.
   */
  public static boolean isReserved(String substream) {
    return !substream.isEmpty()
        && (substream.startsWith(STATUS)
            || substream.startsWith(DEBUG)
            || substream.startsWith(UI));
  }

  static boolean startsWithAny(String substream, Set<String> prefixes) {
    if (substream.isEmpty()) {
      return false;
    }
    for (String prefix : prefixes) {
      if (substream.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Equal if the content and the metadata (except {@value #CAPTURE_TIME}) are equal and role and
   * substream are equal ignoring case, as in genai-processors.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof ProcessorPart p
        && content.equals(p.content)
        && sameIgnoringCase(role, p.role)
        && sameIgnoringCase(substream, p.substream)
        && metadataEquals(metadata, p.metadata);
  }

  // Lower-cased the same way as in hashCode, so equal parts always hash alike.
  private static boolean sameIgnoringCase(String a, String b) {
    return a.equals(b) || a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
  }

  private static boolean metadataEquals(Map<String, Object> a, Map<String, Object> b) {
    if (a.equals(b)) {
      return true;
    }
    if (!a.containsKey(CAPTURE_TIME) && !b.containsKey(CAPTURE_TIME)) {
      return false;
    }
    return withoutCaptureTime(a).equals(withoutCaptureTime(b));
  }

  private static Map<String, Object> withoutCaptureTime(Map<String, Object> m) {
    if (!m.containsKey(CAPTURE_TIME)) {
      return m;
    }
    Map<String, Object> copy = new LinkedHashMap<>(m);
    copy.remove(CAPTURE_TIME);
    return copy;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        content,
        role.toLowerCase(Locale.ROOT),
        substream.toLowerCase(Locale.ROOT),
        withoutCaptureTime(metadata));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ProcessorPart[");
    switch (content) {
      case Content.Text t -> sb.append("text=\"").append(JsonText.abbreviate(t.text())).append('"');
      default -> sb.append(content);
    }
    if (!role.equals(USER)) {
      sb.append(", role=").append(role);
    }
    if (!substream.isEmpty()) {
      sb.append(", substream=").append(substream);
    }
    if (!metadata.isEmpty()) {
      sb.append(", metadata=").append(metadata);
    }
    return sb.append(']').toString();
  }

  static ProcessorPart restore(
      Content content, String role, String substream, Map<String, Object> metadata) {
    return new ProcessorPart(content, role, substream, metadata);
  }
}
