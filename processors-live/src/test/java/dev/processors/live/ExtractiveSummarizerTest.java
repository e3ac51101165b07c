package dev.processors.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorPart;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the default summary keeps of the parts a {@link RollingPrompt} compresses. */
class ExtractiveSummarizerTest {

  private static String summarize(Optional<String> previous, String... texts) throws Exception {
    List<ProcessorPart> parts = java.util.Arrays.stream(texts).map(ProcessorPart::text).toList();
    return Summarizer.extractive().summarize(previous, parts);
  }

  @Test
  void oneMessageIsKeptOnce() throws Exception {
    assertThat(summarize(Optional.empty(), "hello")).isEqualTo("user: hello");
  }

  @Test
  void twoMessagesAreBothKeptWithNothingCountedBetween() throws Exception {
    assertThat(summarize(Optional.empty(), "hello", "bye")).isEqualTo("user: hello\nuser: bye");
  }

  @Test
  void theFirstAndLastMessageAreKeptAndTheOnesBetweenCounted() throws Exception {
    assertThat(summarize(Optional.empty(), "a", "b", "c", "d", "e"))
        .isEqualTo("user: a\n[... 3 messages ...]\nuser: e");
  }

  @Test
  void nonTextPartsAreCountedAndThePreviousSummaryLeads() throws Exception {
    String summary =
        Summarizer.extractive()
            .summarize(
                Optional.of("user: earlier"),
                List.of(
                    ProcessorPart.text("hi"),
                    ProcessorPart.audio(new byte[320], 16_000),
                    ProcessorPart.text("  "))); // blank text counts as non-text
    assertThat(summary).isEqualTo("user: earlier\nuser: hi\n[2 non-text parts]");
  }

  @Test
  void aLongMessageIsClippedTo300CharactersAndOneOf300IsNot() throws Exception {
    String exact = "x".repeat(300);
    assertThat(summarize(Optional.empty(), exact)).isEqualTo("user: " + exact);
    String longer = "y".repeat(301);
    assertThat(summarize(Optional.empty(), longer)).isEqualTo("user: " + "y".repeat(297) + "...");
  }

  @Test
  void theSummaryStaysBoundedAndAnOverlongPreviousOneIsCut() throws Exception {
    String summary = summarize(Optional.of("p".repeat(5_000)), "new");
    assertThat(summary).isEqualTo("p".repeat(997) + "...\nuser: new");
  }

  @Test
  void aModelSummariserIsGivenTheEarlierSummary() {
    ScriptedModel model = ScriptedModel.answering("first summary", "second summary");
    RollingPrompt prompt =
        RollingPrompt.builder().maxParts(2).summarizer(Summarizer.using(model)).build();
    prompt.addAll(
        List.of(ProcessorPart.text("a"), ProcessorPart.text("b"), ProcessorPart.text("c")));
    assertThat(prompt.summary()).hasValue("first summary");
    prompt.addAll(List.of(ProcessorPart.text("d"), ProcessorPart.text("e")));
    assertThat(prompt.summary()).hasValue("second summary");
    assertThat(ScriptedModel.texts(model.prompts.get(0))).doesNotContain("Earlier summary: first");
    assertThat(ScriptedModel.texts(model.prompts.get(1)))
        .contains("Earlier summary: first summary");
  }
}
