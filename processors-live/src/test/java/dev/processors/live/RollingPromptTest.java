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
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollingPromptTest {

  @Test
  void partsThatLeaveTheTimeWindowAreSummarised() {
    VirtualClock clock = Clock.virtual();
    RollingPrompt prompt =
        RollingPrompt.builder().window(Duration.ofMinutes(1)).clock(clock).build();
    prompt.add(ProcessorPart.text("old news"));
    clock.advance(Duration.ofSeconds(50));
    prompt.add(ProcessorPart.text("recent"));
    assertThat(texts(prompt.snapshot())).containsExactly("old news", "recent");
    clock.advance(Duration.ofSeconds(11));
    List<ProcessorPart> parts = prompt.snapshot();
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).role()).isEqualTo(ProcessorPart.SYSTEM);
    assertThat(parts.get(0).metadata()).containsEntry(RollingPrompt.SUMMARY, true);
    assertThat(parts.get(0).text().orElseThrow()).contains("user: old news");
    assertThat(parts.get(1)).isEqualTo(ProcessorPart.text("recent"));
    assertThat(prompt.compressions()).isEqualTo(1);
  }

  @Test
  void withCompressionOffOldPartsAreDroppedWithoutASummary() {
    VirtualClock clock = Clock.virtual();
    RollingPrompt prompt =
        RollingPrompt.builder()
            .window(Duration.ofMinutes(1))
            .compression(false)
            .clock(clock)
            .build();
    prompt.add(ProcessorPart.text("old news"));
    prompt.add(ProcessorPart.text("be brief").withRole(ProcessorPart.SYSTEM));
    clock.advance(Duration.ofSeconds(61));
    prompt.add(ProcessorPart.text("recent"));
    assertThat(texts(prompt.snapshot())).containsExactly("be brief", "recent");
    assertThat(prompt.summary()).isEmpty();
    assertThat(prompt.compressions()).isZero();
    assertThat(prompt.dropped()).isEqualTo(1);
  }

  @Test
  void partsWithAnImportantKeywordAreKeptVerbatim() {
    VirtualClock clock = Clock.virtual();
    RollingPrompt prompt =
        RollingPrompt.builder()
            .window(Duration.ofMinutes(1))
            .importantKeywords(RollingPrompt.GUIDE_KEYWORDS)
            .clock(clock)
            .build();
    prompt.add(ProcessorPart.text("Please REMEMBER my name is Ada"));
    prompt.add(ProcessorPart.text("nice weather"));
    clock.advance(Duration.ofSeconds(61));
    prompt.add(ProcessorPart.text("recent"));
    List<ProcessorPart> parts = prompt.snapshot();
    assertThat(parts.get(0).metadata()).containsEntry(RollingPrompt.SUMMARY, true);
    assertThat(parts.get(0).text().orElseThrow()).contains("nice weather");
    assertThat(texts(parts.subList(1, parts.size())))
        .containsExactly("Please REMEMBER my name is Ada", "recent");
    assertThatThrownBy(() -> RollingPrompt.builder().importantKeywords(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }

  @Test
  void compressionKeepsSystemPartsFunctionCallsAndImportantParts() {
    VirtualClock clock = Clock.virtual();
    RollingPrompt prompt =
        RollingPrompt.builder().window(Duration.ofSeconds(10)).clock(clock).build();
    ProcessorPart system = ProcessorPart.text("you are helpful").withRole(ProcessorPart.SYSTEM);
    ProcessorPart call = ProcessorPart.functionCall("1", "get_time", Map.of());
    ProcessorPart response =
        ProcessorPart.functionResponse("1", "get_time", Map.of("time", "noon"));
    ProcessorPart important =
        ProcessorPart.text("my name is Ada").withMetadata(RollingPrompt.IMPORTANT, true);
    prompt.addAll(
        List.of(
            system,
            ProcessorPart.text("chit"),
            call,
            response,
            important,
            ProcessorPart.text("chat")));
    clock.advance(Duration.ofSeconds(11));
    List<ProcessorPart> parts = prompt.snapshot();
    assertThat(parts.get(0).metadata()).containsEntry(RollingPrompt.SUMMARY, true);
    assertThat(parts.subList(1, parts.size())).containsExactly(system, call, response, important);
    assertThat(prompt.summary().orElseThrow()).contains("chit").contains("chat");
  }

  @Test
  void thePartBudgetCompressesTheOldestHalf() {
    RollingPrompt prompt = RollingPrompt.builder().maxParts(10).build();
    for (int i = 0; i < 11; i++) {
      prompt.add(ProcessorPart.text("m" + i));
    }
    assertThat(prompt.size()).isLessThanOrEqualTo(10);
    List<String> verbatim = texts(prompt.snapshot().subList(1, prompt.snapshot().size()));
    assertThat(verbatim).endsWith("m10").doesNotContain("m0");
    assertThat(prompt.summary().orElseThrow()).contains("m0");
  }

  @Test
  void theTokenBudgetCountsAudioByDuration() {
    RollingPrompt prompt = RollingPrompt.builder().maxTokens(100).build();
    prompt.add(ProcessorPart.audio(new byte[32_000], 16_000)); // 1 s = 32 tokens
    assertThat(prompt.estimatedTokens()).isEqualTo(32);
    prompt.add(ProcessorPart.audio(new byte[32_000], 16_000));
    prompt.add(ProcessorPart.audio(new byte[32_000], 16_000));
    prompt.add(ProcessorPart.audio(new byte[32_000], 16_000));
    assertThat(prompt.estimatedTokens()).isLessThanOrEqualTo(100);
    assertThat(prompt.summary().orElseThrow()).contains("non-text parts");
  }

  @Test
  void memoryStaysBoundedOverAnEndlessStream() {
    VirtualClock clock = Clock.virtual();
    RollingPrompt prompt =
        RollingPrompt.builder().maxParts(50).maxTokens(5_000).clock(clock).build();
    for (int i = 0; i < 100_000; i++) {
      prompt.add(ProcessorPart.text("message number " + i + " with some words in it"));
      if (i % 7 == 0) {
        prompt.add(ProcessorPart.functionCall("c" + i, "lookup", Map.of("i", i)));
      }
      clock.advance(Duration.ofMillis(100));
    }
    assertThat(prompt.size()).isLessThanOrEqualTo(50);
    assertThat(prompt.estimatedTokens()).isLessThanOrEqualTo(5_000);
    assertThat(prompt.summary().orElseThrow().length()).isLessThanOrEqualTo(2_000);
  }

  @Test
  void stashedPartsJoinInArrivalOrderWhenApplied() {
    RollingPrompt prompt = RollingPrompt.builder().build();
    prompt.add(ProcessorPart.text("question"));
    prompt.stash(ProcessorPart.text("a"));
    prompt.stash(ProcessorPart.text("b"));
    prompt.add(ProcessorPart.text("answer").withRole(ProcessorPart.MODEL));
    assertThat(texts(prompt.snapshot())).containsExactly("question", "answer");
    prompt.applyStash();
    assertThat(texts(prompt.snapshot())).containsExactly("question", "answer", "a", "b");
  }

  @Test
  void anUtteranceCanBeReplacedByWhatWasHeard() {
    RollingPrompt prompt = RollingPrompt.builder().build();
    prompt.add(ProcessorPart.text("q"));
    prompt.add(ProcessorPart.text("long answer").withMetadata(PlaybackTracker.UTTERANCE_ID, "u1"));
    prompt.add(ProcessorPart.text("more").withMetadata(PlaybackTracker.UTTERANCE_ID, "u1"));
    assertThat(prompt.replaceUtterance("u1", List.of(ProcessorPart.text("long")))).isTrue();
    assertThat(texts(prompt.snapshot())).containsExactly("q", "long");
    assertThat(prompt.replaceUtterance("nope", List.of())).isFalse();
  }

  @Test
  void aFailingSummariserFallsBackToTheExtractiveOne() {
    RollingPrompt prompt =
        RollingPrompt.builder()
            .maxParts(2)
            .summarizer(
                (previous, parts) -> {
                  throw new IllegalStateException("model down");
                })
            .build();
    prompt.addAll(
        List.of(ProcessorPart.text("x"), ProcessorPart.text("y"), ProcessorPart.text("z")));
    assertThat(prompt.summary()).isPresent();
  }

  @Test
  void aModelCanBeTheSummariser() {
    ScriptedModel summariser = ScriptedModel.answering("they talked about the weather");
    RollingPrompt prompt =
        RollingPrompt.builder().maxParts(2).summarizer(Summarizer.using(summariser)).build();
    prompt.addAll(
        List.of(ProcessorPart.text("rain?"), ProcessorPart.text("yes"), ProcessorPart.text("ok")));
    assertThat(prompt.summary()).hasValue("they talked about the weather");
    assertThat(texts(summariser.prompts.get(0))).contains("rain?");
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> RollingPrompt.builder().maxParts(1)).hasMessageContaining("maxParts");
    assertThatThrownBy(() -> RollingPrompt.builder().window(Duration.ZERO))
        .hasMessageContaining("window");
  }
}
