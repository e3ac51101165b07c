package dev.processors.assistant;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.model.Tools;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Answers one message: opens the channel's conversation, runs the model (and the tools it calls,
 * for at most {@link #MAX_ROUNDS} rounds), and sends the seed's frames as it goes: {@code started},
 * {@code processing} for each tool call, {@code responding} at the first text, {@code in_progress}
 * per text delta, and {@code completed} with the whole answer as the last frame. A model failure
 * ends the message with an {@code error} frame carrying the details instead; it is not retried
 * beyond the model's own retry policy.
 *
 * <p>Runs on the caller's (worker's) thread; the model runs in a run of its own, closed when the
 * caller is interrupted. Thread-safe: one instance serves every message.
 */
final class AssistantTurn {
  /** The most model rounds (a round ends with tool calls or with the answer). */
  static final int MAX_ROUNDS = 5;

  static final String STARTED = "Assistant is processing your request...";
  static final String RESPONDING = "Assistant is responding...";

  private final ConversationModel model;
  private final Tools tools;
  private final ConversationStore store;
  private final FrameBus frames;

  AssistantTurn(ConversationModel model, Tools tools, ConversationStore store, FrameBus frames) {
    this.model = model;
    this.tools = tools;
    this.store = store;
    this.frames = frames;
  }

  /**
   * Answers {@code message}, number {@code seq} of its channel, in conversation {@code existing}
   * (or a new one when empty), and finishes it (last frame, answered mark, turn done) atomically.
   *
   * @throws InterruptedException if interrupted; the message is then not finished
   */
  void answer(InboundMessage message, long seq, Optional<String> existing)
      throws InterruptedException {
    String channel = message.channel();
    String id = message.messageId();
    String thread;
    if (existing.isPresent()) {
      thread = existing.get();
    } else {
      try {
        thread = store.open(channel, model::newConversation).threadId();
      } catch (RuntimeException e) {
        if (e instanceof AssistantException) {
          throw e;
        }
        fail(message, seq, Optional.empty(), "The conversation could not be started", e);
        return;
      }
    }
    frames.publish(channel, Frame.of(Frame.Status.STARTED, STARTED, id, thread));
    ProcessorPart user = ProcessorPart.text(message.message());
    List<ProcessorPart> pending = new ArrayList<>();
    if (!model.storesHistory()) {
      pending.addAll(store.history(thread));
    }
    pending.add(user);
    List<ProcessorPart> added = new ArrayList<>(List.of(user));
    Reply reply = new Reply(channel, id, thread);
    try {
      for (int round = 1; round <= MAX_ROUNDS; round++) {
        List<ProcessorPart> said = reply.run(pending);
        added.addAll(said);
        List<Content.FunctionCall> calls = calls(said);
        if (calls.isEmpty()) {
          break;
        }
        List<ProcessorPart> responses = new ArrayList<>();
        for (Content.FunctionCall call : calls) {
          responses.add(respond(call));
        }
        added.addAll(responses);
        if (model.storesHistory()) {
          pending = responses;
        } else {
          pending.addAll(said);
          pending.addAll(responses);
        }
      }
    } catch (CancellationException e) {
      throw interrupted(e);
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted(e);
      }
      fail(message, seq, Optional.of(thread), "The assistant could not answer", e);
      return;
    }
    store.finish(
        message,
        seq,
        Frame.of(Frame.Status.COMPLETED, reply.text.toString(), id, thread),
        Optional.of(thread),
        true,
        model.storesHistory() ? List.of() : compact(added));
  }

  /** Ends a message that was started too often with an error frame. */
  void giveUp(InboundMessage message, long seq, long attempts) {
    Optional<String> thread = store.peek(message.channel());
    store.finish(
        message,
        seq,
        Frame.error(
            "The message could not be processed",
            "gave up after "
                + attempts
                + " attempts: the worker answering it stopped each time; it went to the"
                + " dead-letter queue",
            message.messageId(),
            thread.orElse(null)),
        thread,
        false,
        List.of());
  }

  private void fail(
      InboundMessage message, long seq, Optional<String> thread, String what, Throwable e) {
    store.finish(
        message,
        seq,
        Frame.error(what, describe(e), message.messageId(), thread.orElse(null)),
        thread,
        false,
        List.of());
  }

  /** The output of one model round, turned into frames as it streams. */
  private final class Reply {
    final String channel;
    final String messageId;
    final String thread;
    final StringBuilder text = new StringBuilder();
    boolean responding;

    Reply(String channel, String messageId, String thread) {
      this.channel = channel;
      this.messageId = messageId;
      this.thread = thread;
    }

    List<ProcessorPart> run(List<ProcessorPart> input) {
      List<ProcessorPart> said = new ArrayList<>();
      try (ProcessorRun run = model.answering(thread).start(input)) {
        for (ProcessorPart part : run) {
          if (!part.substream().isEmpty()) {
            continue;
          }
          switch (part.content()) {
            case Content.Text t -> {
              if (!responding) {
                responding = true;
                frame(Frame.Status.RESPONDING, RESPONDING);
              }
              frame(Frame.Status.IN_PROGRESS, t.text());
              text.append(t.text());
              said.add(part);
            }
            case Content.FunctionCall c -> {
              frame(
                  Frame.Status.PROCESSING,
                  "Assistant is gathering information (" + c.name() + ")...");
              said.add(part);
            }
            case Content.Signal s -> {}
            default -> said.add(part);
          }
        }
      }
      return said;
    }

    private void frame(Frame.Status status, String message) {
      frames.publish(channel, Frame.of(status, message, messageId, thread));
    }
  }

  private ProcessorPart respond(Content.FunctionCall call) {
    Object result;
    try {
      result = tools.call(call.name(), call.argumentsNode());
    } catch (Exception e) {
      result = Map.of("error", describe(e));
    }
    return ProcessorPart.functionResponse(
        call.id(), call.name(), result == null ? Map.of() : result);
  }

  private static List<Content.FunctionCall> calls(List<ProcessorPart> said) {
    List<Content.FunctionCall> calls = new ArrayList<>();
    for (ProcessorPart p : said) {
      if (p.content() instanceof Content.FunctionCall c) {
        calls.add(c);
      }
    }
    return calls;
  }

  /** The turn for the history: model text deltas joined, metadata of text dropped. */
  static List<ProcessorPart> compact(List<ProcessorPart> parts) {
    List<ProcessorPart> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (ProcessorPart p : parts) {
      if (p.isText() && p.role().equals(ProcessorPart.MODEL)) {
        text.append(p.text().orElse(""));
        continue;
      }
      if (!text.isEmpty()) {
        out.add(ProcessorPart.text(text.toString()).withRole(ProcessorPart.MODEL));
        text.setLength(0);
      }
      out.add(p);
    }
    if (!text.isEmpty()) {
      out.add(ProcessorPart.text(text.toString()).withRole(ProcessorPart.MODEL));
    }
    return out;
  }

  /** One line for {@code error_details}: the root cause's type and message. */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && t.getCause() != t
        && (t instanceof dev.processors.core.ProcessorException || t.getMessage() == null)) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static InterruptedException interrupted(Throwable cause) {
    InterruptedException e = new InterruptedException("the turn was interrupted");
    e.initCause(cause);
    return e;
  }
}
