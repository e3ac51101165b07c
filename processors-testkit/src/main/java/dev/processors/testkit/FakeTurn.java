package dev.processors.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a fake model server answers to one request: an HTTP error, a plain (non-streamed) HTTP
 * response, or a stream of steps (text deltas, function calls, delays, gates and faults) that each
 * fake renders in its own wire format. The same turn can be played by {@link FakeGeminiServer} and
 * {@link FakeOpenAiServer}, so one test scenario runs against both providers.
 *
 * <pre>{@code
 * FakeTurn turn = FakeTurn.builder()
 *     .text("Let me check")
 *     .delay(Duration.ofMillis(5))
 *     .functionCall("get_weather", "{\"city\":\"Paris\"}")
 *     .usage(12, 20)
 *     .build();
 * FakeTurn throttled = FakeTurn.httpError(429, "slow down", Duration.ofSeconds(2));
 * FakeTurn cut = FakeTurn.builder().text("Hel").cut(Cut.CLEAN).build(); // no terminal event
 * FakeTurn portal = FakeTurn.htmlPage();                                 // 200, text/html
 * }</pre>
 *
 * <p>Immutable and thread-safe; a turn may be enqueued many times.
 */
public final class FakeTurn {
  private final int status;
  private final String errorMessage;
  private final Duration retryAfter;
  private final String contentType;
  private final String body;
  private final List<TurnStep> steps;
  private final int cutAtEvent;
  private final Cut cutAtEventKind;

  private FakeTurn(
      int status,
      String errorMessage,
      Duration retryAfter,
      String contentType,
      String body,
      List<TurnStep> steps,
      int cutAtEvent,
      Cut cutAtEventKind) {
    this.status = status;
    this.errorMessage = errorMessage;
    this.retryAfter = retryAfter;
    this.contentType = contentType;
    this.body = body;
    this.steps = List.copyOf(steps);
    this.cutAtEvent = cutAtEvent;
    this.cutAtEventKind = cutAtEventKind;
  }

  /** A builder for a streamed (HTTP 200) turn. */
  public static Builder builder() {
    return new Builder();
  }

  /** A streamed turn of these text deltas, one event each. */
  public static FakeTurn text(String... deltas) {
    Builder b = builder();
    for (String d : deltas) {
      b.text(d);
    }
    return b.build();
  }

  /**
   * An HTTP error answered before any stream starts, with the provider's JSON error body.
   *
   * @throws IllegalArgumentException if {@code status} is not a 4xx or 5xx code
   */
  public static FakeTurn httpError(int status, String message) {
    return httpError(status, message, null);
  }

  /**
   * An HTTP error with a {@code Retry-After} header of {@code retryAfter} (whole seconds, rounded
   * up), as sent with 429 and 503.
   *
   * @throws IllegalArgumentException if {@code status} is not a 4xx or 5xx code
   */
  public static FakeTurn httpError(int status, String message, Duration retryAfter) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("httpError needs a 4xx or 5xx status, got " + status);
    }
    Objects.requireNonNull(message, "message");
    return new FakeTurn(status, message, retryAfter, null, null, List.of(), -1, null);
  }

  /**
   * A whole, non-streamed HTTP response with exactly this status, content type and body, whatever
   * the request asked for: a proxy's error page, a captive portal, an empty answer.
   *
   * @throws IllegalArgumentException if {@code status} is not 200 to 599 or the content type is
   *     blank
   */
  public static FakeTurn httpResponse(int status, String contentType, String body) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200 to 599, got " + status);
    }
    if (Objects.requireNonNull(contentType, "contentType").isBlank()) {
      throw new IllegalArgumentException("contentType is blank");
    }
    Objects.requireNonNull(body, "body");
    return new FakeTurn(status, null, null, contentType, body, List.of(), -1, null);
  }

  /** HTTP 200 with {@code Content-Type: text/event-stream} and an empty body: no event at all. */
  public static FakeTurn emptyBody() {
    return httpResponse(200, "text/event-stream", "");
  }

  /** HTTP 200 with an HTML page instead of an event stream, as a proxy or captive portal sends. */
  public static FakeTurn htmlPage() {
    return httpResponse(
        200,
        "text/html; charset=utf-8",
        "<!DOCTYPE html><html><head><title>Gateway</title></head>"
            + "<body><h1>Please sign in to continue</h1></body></html>");
  }

  /** The HTTP status: 200 for a streamed turn. */
  public int status() {
    return status;
  }

  /** Whether this turn is streamed as events (rather than an error or a plain response). */
  public boolean streamed() {
    return status == 200 && contentType == null;
  }

  /** The error message of an HTTP error turn. */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(errorMessage);
  }

  /** The Retry-After advice of an HTTP error turn. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The content type of a plain response made by {@link #httpResponse}. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** The body of a plain response made by {@link #httpResponse}. */
  public Optional<String> body() {
    return Optional.ofNullable(body);
  }

  /** The wire event before which the stream is cut, if {@link Builder#cutAtEvent} was used. */
  public OptionalInt cutAtEvent() {
    return cutAtEvent < 0 ? OptionalInt.empty() : OptionalInt.of(cutAtEvent);
  }

  List<TurnStep> steps() {
    return steps;
  }

  Optional<Cut> cutAtEventKind() {
    return Optional.ofNullable(cutAtEventKind);
  }

  /** The concatenated text deltas of this turn (what a consumer should see as text). */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (TurnStep s : steps) {
      if (s instanceof TurnStep.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    if (contentType != null) {
      return "FakeTurn[HTTP " + status + " " + contentType + ", " + body.length() + " chars]";
    }
    return status == 200
        ? "FakeTurn["
            + steps.size()
            + " steps"
            + (cutAtEvent >= 0 ? ", " + cutAtEventKind + " cut at event " + cutAtEvent : "")
            + "]"
        : "FakeTurn[HTTP " + status + ": " + errorMessage + "]";
  }

  /** Builds a streamed turn; each method appends one step. Not thread-safe. */
  public static final class Builder {
    private final List<TurnStep> steps = new ArrayList<>();
    private int callCount;
    private int cutAtEvent = -1;
    private Cut cutAtEventKind;

    private Builder() {}

    /** One text delta (one event). */
    public Builder text(String delta) {
      steps.add(new TurnStep.Text(Objects.requireNonNull(delta, "delta")));
      return this;
    }

    /** One thought (reasoning summary) delta; only {@link FakeGeminiServer} renders it. */
    public Builder thought(String delta) {
      steps.add(new TurnStep.Thought(Objects.requireNonNull(delta, "delta")));
      return this;
    }

    /**
     * Structured output: the JSON text split into {@code chunks} text deltas of about equal length.
     *
     * @throws IllegalArgumentException if {@code chunks} is not positive
     */
    public Builder json(String json, int chunks) {
      Objects.requireNonNull(json, "json");
      if (chunks < 1) {
        throw new IllegalArgumentException("chunks must be positive, got " + chunks);
      }
      int size = Math.max(1, (json.length() + chunks - 1) / chunks);
      for (int i = 0; i < json.length(); i += size) {
        text(json.substring(i, Math.min(json.length(), i + size)));
      }
      return this;
    }

    /** A function call with a generated call id; OpenAI streams its arguments in 3 deltas. */
    public Builder functionCall(String name, String argumentsJson) {
      return functionCall("call_fake" + (++callCount), name, argumentsJson, 3);
    }

    /**
     * A function call. Gemini sends it whole (its API has no argument deltas); OpenAI streams the
     * arguments in {@code argumentChunks} deltas.
     *
     * @throws IllegalArgumentException if the name is blank or {@code argumentChunks} is not
     *     positive
     */
    public Builder functionCall(String id, String name, String argumentsJson, int argumentChunks) {
      Objects.requireNonNull(id, "id");
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("function name is blank");
      }
      Objects.requireNonNull(argumentsJson, "argumentsJson");
      if (argumentChunks < 1) {
        throw new IllegalArgumentException(
            "argumentChunks must be positive, got " + argumentChunks);
      }
      steps.add(new TurnStep.Call(id, name, argumentsJson, argumentChunks));
      return this;
    }

    /** The token usage reported with the last event (default: 7 in, 1 out per delta). */
    public Builder usage(int inputTokens, int outputTokens) {
      steps.add(new TurnStep.Usage(inputTokens, outputTokens));
      return this;
    }

    /**
     * A pause before the next event. While it lasts the server writes an SSE comment line ({@code
     * :}) every 20 ms, which SSE clients ignore, so it notices a client that hangs up.
     */
    public Builder delay(Duration duration) {
      steps.add(new TurnStep.Delay(nonNegative(duration)));
      return this;
    }

    /** Holds the rest of the stream until the test releases {@code gate} (see {@link #delay}). */
    public Builder awaitRelease(Gate gate) {
      steps.add(new TurnStep.Await(Objects.requireNonNull(gate, "gate")));
      return this;
    }

    /**
     * A stall: the server writes nothing at all (not even the comment lines of {@link #delay}) and
     * keeps the response open until the server closes, so only a client-side timeout ends it.
     * Nothing after this step is sent.
     */
    public Builder stall() {
      steps.add(new TurnStep.Stall(Optional.empty()));
      return this;
    }

    /** A silent pause of {@code duration}, then the stream goes on (see {@link #stall()}). */
    public Builder stall(Duration duration) {
      steps.add(new TurnStep.Stall(Optional.of(nonNegative(duration))));
      return this;
    }

    /**
     * Cuts the stream here: the rest of the script and the terminal event are never sent. A
     * mid-event cut sends the first half of the next event (of the terminal event, when no step
     * follows).
     */
    public Builder cut(Cut kind) {
      steps.add(new TurnStep.CutHere(Objects.requireNonNull(kind, "kind")));
      return this;
    }

    /**
     * Closes the connection here, without ending the stream properly (a network drop); the same as
     * {@code cut(Cut.DROP)}.
     */
    public Builder dropConnection() {
      return cut(Cut.DROP);
    }

    /**
     * Cuts the stream before its wire event number {@code index} (0-based, counting every SSE event
     * the fake writes for this turn, whatever step it comes from). When the turn has fewer events,
     * the cut replaces its terminal event. Works with any script, so a test can cut a stream at
     * each of its events in turn.
     *
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public Builder cutAtEvent(int index, Cut kind) {
      if (index < 0) {
        throw new IllegalArgumentException("event index must not be negative, got " + index);
      }
      cutAtEvent = index;
      cutAtEventKind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** Sends an event whose data is not valid JSON. */
    public Builder malformedEvent() {
      steps.add(new TurnStep.Malformed("{\"candidates\": [ {\"content\": "));
      return this;
    }

    /**
     * Writes {@code bytes} into the body as they are, outside the event framing: garbage, a stray
     * line, half an event.
     */
    public Builder raw(byte[] bytes) {
      steps.add(new TurnStep.Raw(Objects.requireNonNull(bytes, "bytes").clone()));
      return this;
    }

    /** Writes {@code text} (UTF-8) into the body as it is; see {@link #raw(byte[])}. */
    public Builder raw(String text) {
      return raw(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends garbage: an event whose data is binary noise (control characters and bytes that are not
     * UTF-8), neither JSON nor text.
     */
    public Builder garbage() {
      return raw(GARBAGE);
    }

    /**
     * Sends the provider's in-stream error event for an HTTP-like {@code code} (429, 500, 503,
     * 400...), then ends the stream.
     */
    public Builder errorEvent(int code, String message) {
      steps.add(new TurnStep.ErrorEvent(code, Objects.requireNonNull(message, "message")));
      return this;
    }

    /** The turn. */
    public FakeTurn build() {
      return new FakeTurn(200, null, null, null, null, steps, cutAtEvent, cutAtEventKind);
    }

    private static Duration nonNegative(Duration duration) {
      if (Objects.requireNonNull(duration, "duration").isNegative()) {
        throw new IllegalArgumentException("duration must not be negative, got " + duration);
      }
      return duration;
    }
  }

  private static final byte[] GARBAGE = {
    'd',
    'a',
    't',
    'a',
    ':',
    ' ',
    0,
    1,
    2,
    (byte) 0xC3,
    (byte) 0x28,
    (byte) 0xFF,
    (byte) 0xFE,
    0x7F,
    '}',
    '{',
    ']',
    0x1B,
    '[',
    '0',
    'm',
    (byte) 0x80,
    '\n',
    '\n'
  };
}
