package dev.processors.testkit;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plays a {@link FakeTurn} onto an exchange, rendering its content with a provider's renderer. */
final class TurnPlayer {
  private TurnPlayer() {}

  /** Plays {@code turn}; returns when its script has ended, been cut, or the client left. */
  static void play(FakeTurn turn, ModelExchange ex, TurnRenderer renderer, ErrorBodies errors)
      throws IOException, InterruptedException {
    if (turn.contentType().isPresent()) {
      ex.plain(turn.status(), turn.contentType().get(), turn.body().orElse(""), Map.of());
      return;
    }
    if (turn.status() != 200) {
      Map<String, String> headers = new LinkedHashMap<>();
      turn.retryAfter()
          .ifPresent(d -> headers.put("Retry-After", Long.toString((d.toMillis() + 999) / 1000)));
      ex.plain(
          turn.status(),
          "application/json; charset=UTF-8",
          errors.errorBody(turn.status(), turn.errorMessage().orElse("")),
          headers);
      return;
    }
    List<TurnStep> steps = turn.steps();
    boolean spoiled = turn.cutAtEvent().isPresent();
    int lastContent = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).isContent()) {
        lastContent = i;
      }
      spoiled |= steps.get(i).spoilsTurn();
    }
    boolean hadContent = lastContent >= 0;
    if (spoiled) {
      lastContent = Integer.MAX_VALUE; // no content event may say it is the final one
    }
    for (TurnStep s : steps) {
      if (s instanceof TurnStep.Usage u) {
        renderer.usage(u.inputTokens(), u.outputTokens());
      }
    }
    turn.cutAtEvent().ifPresent(i -> ex.cutAtEvent(i, turn.cutAtEventKind().orElseThrow()));
    ex.send(renderer.begin());
    for (int i = 0; i < steps.size(); i++) {
      if (!ex.live()) {
        return;
      }
      boolean last = i == lastContent;
      switch (steps.get(i)) {
        case TurnStep.Text t -> ex.send(renderer.text(t.text(), last));
        case TurnStep.Thought t -> ex.send(renderer.thought(t.text(), last));
        case TurnStep.Call c -> renderer.call(c, last, ex);
        case TurnStep.Usage u -> {}
        case TurnStep.Delay d -> ex.sleep(d.duration());
        case TurnStep.Await a -> ex.pass(a.gate());
        case TurnStep.Stall s -> ex.stall(s.duration());
        case TurnStep.CutHere c -> ex.cutNow(c.kind());
        case TurnStep.Malformed m -> ex.send("data: " + m.raw() + "\n\n");
        case TurnStep.Raw r -> ex.raw(r.bytes());
        case TurnStep.ErrorEvent e -> {
          ex.send(renderer.error(e.code(), e.message()));
          ex.endBody();
          return;
        }
      }
    }
    if (ex.live()) {
      ex.finish(renderer.end(hadContent || spoiled), renderer.terminal());
    }
  }

  /** The provider's JSON error body for an HTTP error. */
  @FunctionalInterface
  interface ErrorBodies {
    String errorBody(int status, String message);
  }
}
