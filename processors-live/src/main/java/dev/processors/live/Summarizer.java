package dev.processors.live;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Condenses the parts a {@link RollingPrompt} compresses into one summary part. The default is
 * {@link #extractive()}; {@link #using(Processor)} plugs in any processor, e.g. a model.
 *
 * <p>Called on the thread that adds to the prompt, under the prompt's lock: keep it quick, or
 * accept that adding waits while a model summarises.
 */
@FunctionalInterface
public interface Summarizer {

  /**
   * The text of a summary of {@code previous} (the summary made last time, if any) followed by
   * {@code parts}, oldest first. Must not return an empty string for a non-empty input.
   */
  String summarize(Optional<String> previous, List<ProcessorPart> parts) throws Exception;

  /**
   * Keeps the first and the last message, counts what lies between and what is not text, and caps
   * the summary at 2,000 characters so it stays bounded however long the conversation runs.
   */
  static Summarizer extractive() {
    return ExtractiveSummarizer.INSTANCE;
  }

  /**
   * Summarises with {@code model}: it gets an instruction, the previous summary and the parts, and
   * its text output becomes the summary.
   */
  static Summarizer using(Processor model) {
    Objects.requireNonNull(model, "model");
    return (previous, parts) -> {
      List<ProcessorPart> prompt = new java.util.ArrayList<>();
      prompt.add(
          ProcessorPart.text(
                  "Summarise the conversation below in a few sentences. Keep names, numbers,"
                      + " decisions and open questions.")
              .withRole(ProcessorPart.SYSTEM));
      previous.ifPresent(p -> prompt.add(ProcessorPart.text("Earlier summary: " + p)));
      prompt.addAll(parts);
      String text = ProcessorPart.textOf(model.apply(prompt)).strip();
      if (text.isEmpty()) {
        throw new IllegalStateException("the summariser model returned no text");
      }
      return text;
    };
  }
}
