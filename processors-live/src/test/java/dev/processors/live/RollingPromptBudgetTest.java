package dev.processors.live;

import static dev.processors.live.ScriptedModel.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a {@link RollingPrompt} keeps and lets go at the edges of its window and budgets. */
class RollingPromptBudgetTest {

  private static ProcessorPart important(String text) {
    return ProcessorPart.text(text).withMetadata(RollingPrompt.IMPORTANT, true);
  }

  @Test
  void aPartExactlyAWindowOldStaysAndLeavesOneNanosecondLater() {
    VirtualClock clock = Clock.virtual();
    RollingPrompt prompt =
        RollingPrompt.builder().window(Duration.ofMinutes(1)).clock(clock).build();
    prompt.add(ProcessorPart.text("old")); // 1 token
    clock.advance(Duration.ofSeconds(30));
    prompt.add(ProcessorPart.text("newer part")); // 3 tokens
    clock.advance(Duration.ofSeconds(30));
    assertThat(texts(prompt.snapshot())).containsExactly("old", "newer part");
    assertThat(prompt.estimatedTokens()).isEqualTo(4);

    clock.advance(Duration.ofNanos(1));
    List<ProcessorPart> parts = prompt.snapshot();
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).metadata())
        .containsEntry(RollingPrompt.SUMMARY, true)
        .containsEntry("summarized_parts", 1L);
    assertThat(parts.get(1)).isEqualTo(ProcessorPart.text("newer part"));
    assertThat(prompt.size()).isEqualTo(1);
    assertThat(prompt.estimatedTokens()).isEqualTo(3);
  }

  @Test
  void thePartBudgetIsInclusiveAndPassingItCompressesTheOldestHalfPlusOne() {
    RollingPrompt prompt = RollingPrompt.builder().maxParts(4).build();
    for (int i = 0; i < 4; i++) {
      prompt.add(ProcessorPart.text("m" + i));
    }
    assertThat(prompt.size()).isEqualTo(4);
    assertThat(prompt.compressions()).isZero();
    assertThat(prompt.summary()).isEmpty();

    prompt.add(ProcessorPart.text("m4")); // 5 compressible parts: the oldest 5 / 2 + 1 = 3 go
    assertThat(prompt.size()).isEqualTo(2);
    assertThat(prompt.compressions()).isEqualTo(1);
    List<ProcessorPart> parts = prompt.snapshot();
    assertThat(texts(parts.subList(1, parts.size()))).containsExactly("m3", "m4");
    assertThat(parts.get(0).metadata()).containsEntry("summarized_parts", 3L);
    assertThat(prompt.summary()).hasValue("user: m0\n[... 1 messages ...]\nuser: m2");
  }

  @Test
  void theTokenBudgetIsInclusive() {
    RollingPrompt prompt = RollingPrompt.builder().maxTokens(10).build();
    prompt.add(ProcessorPart.text("x".repeat(40))); // exactly 10 tokens
    assertThat(prompt.estimatedTokens()).isEqualTo(10);
    assertThat(prompt.size()).isEqualTo(1);
    assertThat(prompt.summary()).isEmpty();
  }

  @Test
  void overTheTokenBudgetOnlyAsManyPartsGoAsBringItBackToTheLimit() {
    RollingPrompt prompt = RollingPrompt.builder().maxTokens(10).build();
    prompt.addAll(
        List.of(
            ProcessorPart.text("a"),
            ProcessorPart.text("b"),
            ProcessorPart.text("c"),
            ProcessorPart.text("d"),
            ProcessorPart.text("y".repeat(36)))); // 4 + 9 = 13 tokens
    // The oldest half plus one (a, b, c) bring it to exactly 10: d stays.
    List<ProcessorPart> parts = prompt.snapshot();
    assertThat(texts(parts.subList(1, parts.size()))).containsExactly("d", "y".repeat(36));
    assertThat(prompt.estimatedTokens()).isEqualTo(10);
    assertThat(prompt.summary()).hasValue("user: a\n[... 1 messages ...]\nuser: c");
  }

  @Test
  void overThePartBudgetKeptPartsStayAndOnlyTheOtherPartsNeededGo() {
    RollingPrompt prompt = RollingPrompt.builder().maxParts(3).build();
    prompt.addAll(
        List.of(
            important("k1"),
            important("k2"),
            ProcessorPart.text("c1"),
            ProcessorPart.text("c2"),
            ProcessorPart.text("c3")));
    // 3 compressible parts: 3 / 2 + 1 = 2 go, which brings the prompt to exactly 3.
    List<ProcessorPart> parts = prompt.snapshot();
    assertThat(texts(parts.subList(1, parts.size()))).containsExactly("k1", "k2", "c3");
    assertThat(prompt.summary()).hasValue("user: c1\nuser: c2");
  }

  @Test
  void whenKeptPartsAloneAreOverBudgetTheOldestNonSystemOneGoesFirst() {
    ProcessorPart system = ProcessorPart.text("be brief").withRole(ProcessorPart.SYSTEM);
    RollingPrompt prompt = RollingPrompt.builder().maxParts(2).build();
    prompt.addAll(List.of(system, important("k1"), important("k2")));
    List<ProcessorPart> parts = prompt.snapshot();
    assertThat(parts.subList(1, parts.size())).containsExactly(system, important("k2"));
    assertThat(prompt.summary()).hasValue("user: k1");
  }

  @Test
  void aSummaryOfKeptAndOtherPartsListsThemOldestFirst() {
    VirtualClock clock = Clock.virtual();
    RollingPrompt prompt = RollingPrompt.builder().maxTokens(10).clock(clock).build();
    prompt.add(important("remember me")); // 3 tokens
    clock.advance(Duration.ofSeconds(1));
    prompt.add(ProcessorPart.text("chat")); // 1 token
    clock.advance(Duration.ofSeconds(1));
    ProcessorPart big = important("z".repeat(40)); // 10 tokens: 14 in all
    prompt.add(big);
    // "chat" goes first (not kept), then the oldest kept part, which brings it to exactly 10.
    assertThat(prompt.snapshot().subList(1, 2)).containsExactly(big);
    assertThat(prompt.estimatedTokens()).isEqualTo(10);
    assertThat(prompt.summary()).hasValue("user: remember me\nuser: chat");
  }

  @Test
  void theStashKeepsItsNewestPartsUpToThePartBudgetAndIsAppliedOnce() {
    RollingPrompt prompt = RollingPrompt.builder().maxParts(3).build();
    for (String s : List.of("a", "b", "c", "d")) {
      prompt.stash(ProcessorPart.text(s));
    }
    assertThat(prompt.size()).isZero();
    prompt.applyStash();
    assertThat(texts(prompt.snapshot())).containsExactly("b", "c", "d");
    prompt.applyStash(); // nothing left to apply
    assertThat(texts(prompt.snapshot())).containsExactly("b", "c", "d");
  }

  @Test
  void applyingTheStashCompressesAtOnce() {
    RollingPrompt prompt = RollingPrompt.builder().maxParts(3).build();
    prompt.add(ProcessorPart.text("q"));
    for (String s : List.of("a", "b", "c")) {
      prompt.stash(ProcessorPart.text(s));
    }
    prompt.applyStash(); // 4 parts: the oldest 3 go
    assertThat(prompt.size()).isEqualTo(1);
    assertThat(prompt.compressions()).isEqualTo(1);
    assertThat(prompt.summary()).hasValue("user: q\n[... 1 messages ...]\nuser: b");
  }

  @Test
  void replacingAnUtteranceRecountsTheTokens() {
    RollingPrompt prompt = RollingPrompt.builder().build();
    prompt.add(ProcessorPart.text("q")); // 1 token
    prompt.add(
        ProcessorPart.text("long answer text") // 4 tokens
            .withMetadata(PlaybackTracker.UTTERANCE_ID, "u1"));
    prompt.add(ProcessorPart.text("more").withMetadata(PlaybackTracker.UTTERANCE_ID, "u1"));
    assertThat(prompt.estimatedTokens()).isEqualTo(6);
    prompt.replaceUtterance("u1", List.of(ProcessorPart.text("long")));
    assertThat(prompt.estimatedTokens()).isEqualTo(2);
  }

  @Test
  void anEmptyPromptHasAnEmptySnapshot() {
    RollingPrompt prompt = RollingPrompt.builder().build();
    assertThat(prompt.snapshot()).isEmpty();
    assertThat(prompt).hasToString("RollingPrompt[0 parts, ~0 tokens, 0 compressions]");
  }

  @Test
  void clearRemovesThePartsTheStashAndTheSummary() {
    RollingPrompt prompt = RollingPrompt.builder().maxParts(2).build();
    prompt.addAll(
        List.of(ProcessorPart.text("a"), ProcessorPart.text("b"), ProcessorPart.text("c")));
    prompt.stash(ProcessorPart.text("later"));
    assertThat(prompt.summary()).isPresent();
    assertThat(prompt).hasToString("RollingPrompt[1 parts, ~1 tokens, 1 compressions]");

    prompt.clear();
    assertThat(prompt.snapshot()).isEmpty();
    assertThat(prompt.size()).isZero();
    assertThat(prompt.estimatedTokens()).isZero();
    assertThat(prompt.summary()).isEmpty();
    prompt.applyStash();
    assertThat(prompt.snapshot()).isEmpty();

    // A summary made after clear() counts only the parts it summarises.
    prompt.addAll(
        List.of(ProcessorPart.text("x"), ProcessorPart.text("y"), ProcessorPart.text("z")));
    assertThat(prompt.snapshot().get(0).metadata()).containsEntry("summarized_parts", 2L);
  }

  @Test
  void aPromptReadOnOneThreadCanBeWrittenOnAnother() throws Exception {
    RollingPrompt prompt = RollingPrompt.builder().build();
    prompt.add(ProcessorPart.text("hello"));
    assertThat(prompt.size()).isEqualTo(1);
    assertThat(prompt.estimatedTokens()).isEqualTo(2);
    assertThat(prompt.compressions()).isZero();
    assertThat(prompt.dropped()).isZero();
    assertThat(prompt.summary()).isEmpty();
    assertThat(prompt.toString()).contains("1 parts");
    prompt.clear();
    // Every read above released the lock: a writer on another thread is not blocked.
    Thread writer = Thread.ofVirtual().start(() -> prompt.add(ProcessorPart.text("from afar")));
    writer.join(Duration.ofSeconds(10));
    assertThat(writer.isAlive()).as("the writer is blocked on the prompt's lock").isFalse();
    assertThat(texts(prompt.snapshot())).containsExactly("from afar");
  }

  @Test
  void aTokenBudgetOfOneIsAllowedAndZeroIsNot() {
    assertThat(RollingPrompt.builder().maxTokens(1).build().estimatedTokens()).isZero();
    assertThatThrownBy(() -> RollingPrompt.builder().maxTokens(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTokens");
  }
}
