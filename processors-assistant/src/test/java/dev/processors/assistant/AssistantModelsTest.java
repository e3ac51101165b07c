package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorCache;
import dev.processors.core.ProcessorPart;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which model the environment chooses and where its history lives, against the project's local fake
 * servers through the real SDKs (no broker, no Redis).
 */
class AssistantModelsTest {

  private static String answer(ConversationModel model, String conversation, String text) {
    StringBuilder out = new StringBuilder();
    for (ProcessorPart p : model.answering(conversation).apply(List.of(ProcessorPart.text(text)))) {
      if (p.isText() && p.substream().isEmpty()) {
        out.append(p.text().orElse(""));
      }
    }
    return out.toString();
  }

  @Test
  void openAiKeepsTheHistoryInItsConversationsByDefault() {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start();
        ConversationModel model =
            AssistantModels.fromEnvironment(
                Map.of(
                    "OPENAI_API_KEY", "k",
                    "OPENAI_BASE_URL", fake.baseUrl(),
                    "OPENAI_MODEL", "gpt-test"),
                List.of(),
                Optional.empty())) {
      fake.defaultTurn(FakeTurn.text("hello"));

      assertThat(model.storesHistory()).isTrue();
      assertThat(model.description())
          .isEqualTo("OpenAI gpt-test at " + fake.baseUrl() + ", Responses API with Conversations");
      assertThat(model.newConversation()).startsWith("conv_");
    }
  }

  @Test
  void openAiWithoutConversationsIsStatelessWithTheHistoryInRedisAndUsesTheCache() {
    ProcessorCache cache = ProcessorCache.builder().build();
    try (FakeOpenAiServer fake = FakeOpenAiServer.start();
        ConversationModel model =
            AssistantModels.fromEnvironment(
                Map.of("OPENAI_BASE_URL", fake.baseUrl(), "OPENAI_CONVERSATIONS", "FALSE"),
                List.of(),
                Optional.of(cache))) {
      fake.defaultTurn(FakeTurn.text("stateless ", "answer"));

      String first = answer(model, model.newConversation(), "hi");
      String again = answer(model, model.newConversation(), "hi");

      assertThat(model.storesHistory()).isFalse();
      assertThat(model.description())
          .isEqualTo(
              "OpenAI "
                  + AssistantModels.OPENAI_DEFAULT
                  + " at "
                  + fake.baseUrl()
                  + ", history kept in Redis");
      assertThat(first).isEqualTo("stateless answer");
      assertThat(again).isEqualTo(first);
      assertThat(fake.requests())
          .as("the second, identical request came from the cache")
          .hasSize(1);
      assertThat(cache.hits()).isEqualTo(1);
    }
  }

  @Test
  void geminiKeepsItsHistoryInRedisAndTalksToItsBaseUrl() {
    try (FakeGeminiServer fake = FakeGeminiServer.start();
        ConversationModel model =
            AssistantModels.fromEnvironment(
                Map.of(
                    "GEMINI_API_KEY", "g",
                    "GEMINI_BASE_URL", fake.baseUrl(),
                    "GEMINI_MODEL", "gemini-test"),
                List.of(),
                Optional.empty())) {
      fake.defaultTurn(FakeTurn.text("from gemini"));

      assertThat(model.storesHistory()).isFalse();
      assertThat(model.description()).isEqualTo("Gemini gemini-test, history kept in Redis");
      assertThat(answer(model, model.newConversation(), "hi")).isEqualTo("from gemini");
    }
  }

  @Test
  void withoutAnyKeyTheModelIsSimulatedOffline() {
    try (ConversationModel model =
        AssistantModels.fromEnvironment(
            Map.of("OPENAI_API_KEY", " "), List.of(), Optional.empty())) {
      assertThat(model.storesHistory()).isTrue();
      assertThat(model.description()).startsWith("simulated model, offline");
      assertThat(model.newConversation()).startsWith("conv_");
    }
  }
}
