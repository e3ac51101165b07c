package dev.processors.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The smallest client that survives the chaos: it takes an answer only when the provider's terminal
 * event arrived, and otherwise retries, up to a number of attempts. It shows what the fakes' faults
 * demand of a real adapter.
 */
final class RetryingRawClient {
  /** The answer (if any attempt gave a whole one) and why each failed attempt failed. */
  record Outcome(Optional<String> answer, List<String> failures) {}

  private RetryingRawClient() {}

  /**
   * Asks until a whole answer comes, at most {@code maxAttempts} times; {@code readTimeout} gives
   * each attempt (0, 1, ...) its socket read timeout, so a test waits briefly only where its plan
   * stalls the stream and never takes a slow answer on a loaded machine for a stall.
   */
  static Outcome ask(
      Wire wire,
      FakeModelServer fake,
      String prompt,
      int maxAttempts,
      IntFunction<Duration> readTimeout) {
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      String problem;
      try {
        RawResponse r =
            RawResponse.post(wire.url(fake), wire.request(prompt), readTimeout.apply(attempt));
        problem = problem(wire, r);
        if (problem == null) {
          StringBuilder text = new StringBuilder();
          r.events().forEach(e -> text.append(wire.text(e)));
          return new Outcome(Optional.of(text.toString()), failures);
        }
      } catch (IOException e) {
        problem = "request failed: " + e;
      }
      failures.add(problem);
    }
    return new Outcome(Optional.empty(), failures);
  }

  /** What is wrong with the response, or null if it is a whole answer. */
  private static String problem(Wire wire, RawResponse r) {
    if (r.status() != 200) {
      return "HTTP " + r.status();
    }
    if (!r.contentType().startsWith("text/event-stream")) {
      return "not an event stream: " + r.contentType();
    }
    if (r.failure().isPresent()) {
      return "stream broken: " + r.failure().get();
    }
    List<String> events = r.events();
    for (String data : events) {
      try {
        if (wire.error(data)) {
          return "error event";
        }
        wire.text(data);
      } catch (IllegalArgumentException e) {
        return "malformed event";
      }
    }
    if (events.isEmpty() || !wire.terminal(events.get(events.size() - 1))) {
      return "cut: no terminal event";
    }
    return null;
  }
}
