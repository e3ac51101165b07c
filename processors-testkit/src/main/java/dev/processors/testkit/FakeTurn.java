package dev.processors.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fake model server answers to one request: either an HTTP error, or a stream of steps (text
 * deltas, function calls, delays, gates and faults) that each fake renders in its own wire format.
 * The same turn can be played by {@link FakeGeminiServer} and {@link FakeOpenAiServer}, so one test
 * scenario runs against both providers.
 *
 * <pre>{@code
 * FakeTurn turn = FakeTurn.builder()
 *     .text("Let me check")
 *     .delay(Duration.ofMillis(5))
 *     .functionCall("get_weather", "{\"city\":\"Paris\"}")
 *     .usage(12, 20)
 *     .build();
 * FakeTurn throttled = FakeTurn.httpError(429, "slow down", Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>Immutable and thread-safe; a turn may be enqueued many times.
 */
public final class FakeTurn {
  sealed interface Step
      permits Text, Thought, Call, Usage, Delay, Await, Drop, Malformed, ErrorEvent {}

  record Text(String text) implements Step {}

  record Thought(String text) implements Step {}

  record Call(String id, String name, String arguments, int chunks) implements Step {}

  record Usage(int inputTokens, int outputTokens) implements Step {}

  record Delay(Duration duration) implements Step {}

  record Await(Gate gate) implements Step {}

  record Drop() implements Step {}

  record Malformed(String raw) implements Step {}

  record ErrorEvent(int code, String message) implements Step {}

  private final int status;
  private final String errorMessage;
  private final Duration retryAfter;
  private final List<Step> steps;

  private FakeTurn(int status, String errorMessage, Duration retryAfter, List<Step> steps) {
    this.status = status;
    this.errorMessage = errorMessage;
    this.retryAfter = retryAfter;
    this.steps = List.copyOf(steps);
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
    return new FakeTurn(status, message, retryAfter, List.of());
  }

  /** The HTTP status: 200 for a streamed turn. */
  public int status() {
    return status;
  }

  /** The error message of an HTTP error turn. */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(errorMessage);
  }

  /** The Retry-After advice of an HTTP error turn. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  List<Step> steps() {
    return steps;
  }

  /** The concatenated text deltas of this turn (what a consumer should see as text). */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (Step s : steps) {
      if (s instanceof Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return status == 200
        ? "FakeTurn[" + steps.size() + " steps]"
        : "FakeTurn[HTTP " + status + ": " + errorMessage + "]";
  }

  /** Builds a streamed turn; each method appends one step. Not thread-safe. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private int callCount;

    private Builder() {}

    /** One text delta (one event). */
    public Builder text(String delta) {
      steps.add(new Text(Objects.requireNonNull(delta, "delta")));
      return this;
    }

    /** One thought (reasoning summary) delta; only {@link FakeGeminiServer} renders it. */
    public Builder thought(String delta) {
      steps.add(new Thought(Objects.requireNonNull(delta, "delta")));
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
      steps.add(new Call(id, name, argumentsJson, argumentChunks));
      return this;
    }

    /** The token usage reported with the last event (default: 7 in, 1 out per delta). */
    public Builder usage(int inputTokens, int outputTokens) {
      steps.add(new Usage(inputTokens, outputTokens));
      return this;
    }

    /** A pause before the next event (sleeping on the server's thread). */
    public Builder delay(Duration duration) {
      if (Objects.requireNonNull(duration, "duration").isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, got " + duration);
      }
      steps.add(new Delay(duration));
      return this;
    }

    /** Holds the rest of the stream until the test releases {@code gate}. */
    public Builder awaitRelease(Gate gate) {
      steps.add(new Await(Objects.requireNonNull(gate, "gate")));
      return this;
    }

    /** Closes the connection here, without ending the stream properly (a network drop). */
    public Builder dropConnection() {
      steps.add(new Drop());
      return this;
    }

    /** Sends an event whose data is not valid JSON. */
    public Builder malformedEvent() {
      steps.add(new Malformed("{\"candidates\": [ {\"content\": "));
      return this;
    }

    /**
     * Sends the provider's in-stream error event for an HTTP-like {@code code} (429, 500, 503,
     * 400...), then ends the stream.
     */
    public Builder errorEvent(int code, String message) {
      steps.add(new ErrorEvent(code, Objects.requireNonNull(message, "message")));
      return this;
    }

    /** The turn. */
    public FakeTurn build() {
      return new FakeTurn(200, null, null, steps);
    }
  }
}
