package dev.processors.model.spi;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.model.BadRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * The input of a model processor read as a conversation: the system instruction (from parts with
 * role {@code system}) and turns of consecutive user or model parts.
 *
 * <p>Only parts on the default substream count: out-of-band parts, thoughts, partial output and
 * signals are left out. Function calls always belong to the model and function responses to the
 * user. Role {@code assistant} means model; any other role means user. Calls without an id get a
 * stable one ({@code call_<n>}), and a response without an id answers the earliest unanswered call
 * of its name, so histories from a provider that sends no ids work with one that needs them.
 */
public final class Conversation {
  /** Who speaks a turn. */
  public enum Speaker {
    USER,
    MODEL
  }

  /** Consecutive parts of one speaker. */
  public record Turn(Speaker speaker, List<ProcessorPart> parts) {}

  private final String systemInstruction;
  private final List<Turn> turns;

  private Conversation(String systemInstruction, List<Turn> turns) {
    this.systemInstruction = systemInstruction;
    this.turns = turns;
  }

  /**
   * Reads a conversation from input parts.
   *
   * @throws BadRequestException naming the provider if there is nothing to answer, or a system part
   *     is not text
   */
  static Conversation of(List<ProcessorPart> input, String provider) {
    StringBuilder system = new StringBuilder();
    List<Turn> turns = new ArrayList<>();
    List<ProcessorPart> current = null;
    Speaker speaker = null;
    List<Content.FunctionCall> unanswered = new ArrayList<>();
    int calls = 0;
    for (ProcessorPart part : input) {
      if (!part.substream().isEmpty() || part.content() instanceof Content.Signal) {
        continue;
      }
      if (part.role().equals(ProcessorPart.SYSTEM)) {
        String text =
            switch (part.content()) {
              case Content.Text t -> t.text();
              case Content.Json j -> j.json();
              default ->
                  throw new BadRequestException(
                      provider,
                      "a system part must be text, got " + part.mimeType(),
                      -1,
                      null,
                      null);
            };
        if (!system.isEmpty()) {
          system.append("\n\n");
        }
        system.append(text);
        continue;
      }
      Speaker who;
      ProcessorPart used = part;
      switch (part.content()) {
        case Content.FunctionCall c -> {
          who = Speaker.MODEL;
          String id = c.id().isEmpty() ? "call_" + calls : c.id();
          calls++;
          Content.FunctionCall withId = new Content.FunctionCall(id, c.name(), c.arguments());
          unanswered.add(withId);
          used = part.withContent(withId);
        }
        case Content.FunctionResponse r -> {
          who = Speaker.USER;
          String id = r.id();
          if (id.isEmpty()) {
            id = answer(unanswered, r.name());
          } else {
            unanswered.removeIf(c -> c.id().equals(r.id()));
          }
          used = part.withContent(new Content.FunctionResponse(id, r.name(), r.response()));
        }
        default ->
            who =
                part.role().equals(ProcessorPart.MODEL) || part.role().equals("assistant")
                    ? Speaker.MODEL
                    : Speaker.USER;
      }
      if (who != speaker) {
        current = new ArrayList<>();
        turns.add(new Turn(who, current));
        speaker = who;
      }
      current.add(used);
    }
    if (turns.isEmpty()) {
      throw new BadRequestException(
          provider,
          "the input has no user or model parts to answer (only system parts, signals or"
              + " out-of-band parts)",
          -1,
          null,
          null);
    }
    List<Turn> frozen = new ArrayList<>();
    for (Turn t : turns) {
      frozen.add(new Turn(t.speaker(), List.copyOf(t.parts())));
    }
    return new Conversation(system.toString(), List.copyOf(frozen));
  }

  private static String answer(List<Content.FunctionCall> unanswered, String name) {
    for (int i = 0; i < unanswered.size(); i++) {
      if (unanswered.get(i).name().equals(name)) {
        return unanswered.remove(i).id();
      }
    }
    return "call_unmatched_" + name;
  }

  /** The system instruction; empty if none. */
  public String systemInstruction() {
    return systemInstruction;
  }

  /**
   * The system instruction a request should carry: {@code configured} (the model's own, possibly
   * empty) followed by the conversation's system parts, separated by a blank line.
   */
  public String systemInstructionAfter(String configured) {
    if (configured.isEmpty()) {
      return systemInstruction;
    }
    return systemInstruction.isEmpty() ? configured : configured + "\n\n" + systemInstruction;
  }

  /** The turns in order. */
  public List<Turn> turns() {
    return turns;
  }
}
