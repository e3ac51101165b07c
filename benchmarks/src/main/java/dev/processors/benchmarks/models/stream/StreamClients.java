package dev.processors.benchmarks.models.stream;

import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiResponsesStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.processors.gemini.GenaiModel;
import dev.processors.openai.OpenAiModel;
import java.time.Duration;

/**
 * Every contender's client for one model name (which tells {@link SseBenchServer} how many deltas
 * to send and at what pace), each built the way its users build it: defaults plus base URL and key.
 */
final class StreamClients implements AutoCloseable {
  final String model;
  final OpenAIClient openAi;
  final ChatCompletionCreateParams chatParams;
  final ResponseCreateParams responsesParams;
  final Client genai;
  final OpenAiModel chatModel;
  final OpenAiModel responsesModel;
  final GenaiModel geminiModel;
  final OpenAiModel chatLean;
  final OpenAiModel responsesLean;
  final GenaiModel geminiLean;
  final StreamingChatModel chatLangchain4j;
  final StreamingChatModel responsesLangchain4j;
  final StreamingChatModel geminiLangchain4j;

  StreamClients(String base, String model) {
    this.model = model;
    Duration timeout = Duration.ofMinutes(5);
    openAi =
        OpenAIOkHttpClient.builder()
            .baseUrl(base + "/v1")
            .apiKey("bench")
            .maxRetries(0)
            .timeout(timeout)
            .build();
    chatParams = ChatCompletionCreateParams.builder().model(model).addUserMessage("count").build();
    responsesParams =
        ResponseCreateParams.builder().model(model).input("count").store(false).build();
    genai =
        Client.builder()
            .apiKey("bench")
            .vertexAI(false)
            .httpOptions(
                HttpOptions.builder()
                    .baseUrl(base)
                    .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                    .build())
            .build();
    // The SDK-parsing path, for comparison: models built while the internal properties are set.
    System.setProperty("dev.processors.openai.sdkParsing", "true");
    System.setProperty("dev.processors.gemini.sdkParsing", "true");
    chatModel =
        OpenAiModel.builder()
            .model(model)
            .apiKey("bench")
            .baseUrl(base + "/v1")
            .api(OpenAiModel.Api.CHAT_COMPLETIONS)
            .build();
    responsesModel =
        OpenAiModel.builder().model(model).apiKey("bench").baseUrl(base + "/v1").build();
    geminiModel = GenaiModel.builder().model(model).apiKey("bench").baseUrl(base).build();
    System.clearProperty("dev.processors.openai.sdkParsing");
    System.clearProperty("dev.processors.gemini.sdkParsing");
    // The default path: the lean streamed-body readers.
    chatLean =
        OpenAiModel.builder()
            .model(model)
            .apiKey("bench")
            .baseUrl(base + "/v1")
            .api(OpenAiModel.Api.CHAT_COMPLETIONS)
            .build();
    responsesLean =
        OpenAiModel.builder().model(model).apiKey("bench").baseUrl(base + "/v1").build();
    geminiLean = GenaiModel.builder().model(model).apiKey("bench").baseUrl(base).build();
    chatLangchain4j =
        OpenAiStreamingChatModel.builder()
            .baseUrl(base + "/v1")
            .apiKey("bench")
            .modelName(model)
            .timeout(timeout)
            .build();
    responsesLangchain4j =
        OpenAiResponsesStreamingChatModel.builder()
            .baseUrl(base + "/v1")
            .apiKey("bench")
            .modelName(model)
            .store(false)
            .build();
    geminiLangchain4j =
        GoogleAiGeminiStreamingChatModel.builder()
            .baseUrl(base + "/v1beta")
            .apiKey("bench")
            .modelName(model)
            .timeout(timeout)
            .build();
  }

  @Override
  public void close() {
    chatModel.close();
    responsesModel.close();
    geminiModel.close();
    chatLean.close();
    responsesLean.close();
    geminiLean.close();
    genai.close();
    openAi.close();
  }
}
