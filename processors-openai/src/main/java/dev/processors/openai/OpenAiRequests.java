package dev.processors.openai;

import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartInputAudio;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputContent;
import com.openai.models.responses.ResponseInputFile;
import com.openai.models.responses.ResponseInputImage;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseInputText;
import com.openai.models.responses.ResponseTextConfig;
import dev.processors.core.Content;
import dev.processors.core.MimeTypes;
import dev.processors.core.ProcessorPart;
import dev.processors.model.BadRequestException;
import dev.processors.model.OutputSchema;
import dev.processors.model.ToolDeclaration;
import dev.processors.model.spi.Conversation;
import dev.processors.model.spi.Wav;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Builds OpenAI Responses and Chat Completions requests from a {@link Conversation}. */
final class OpenAiRequests {
  static final String PROVIDER = "openai";

  /** The settings shared by both APIs. */
  record Settings(
      String model,
      String systemInstruction,
      Double temperature,
      Integer maxOutputTokens,
      List<ToolDeclaration> tools,
      OutputSchema schema) {}

  private OpenAiRequests() {}

  /** A Responses API request (stateless: the whole conversation is sent; not stored). */
  static ResponseCreateParams responses(Conversation c, Settings s) {
    ResponseCreateParams.Builder b = ResponseCreateParams.builder().model(s.model()).store(false);
    String system = c.systemInstructionAfter(s.systemInstruction());
    if (!system.isEmpty()) {
      b.instructions(system);
    }
    List<ResponseInputItem> items = new ArrayList<>();
    for (Conversation.Turn turn : c.turns()) {
      boolean model = turn.speaker() == Conversation.Speaker.MODEL;
      List<ResponseInputContent> content = new ArrayList<>();
      StringBuilder modelText = new StringBuilder();
      for (ProcessorPart p : turn.parts()) {
        switch (p.content()) {
          case Content.FunctionCall call -> {
            flush(items, content, modelText, model);
            items.add(
                ResponseInputItem.ofFunctionCall(
                    ResponseFunctionToolCall.builder()
                        .callId(call.id())
                        .name(call.name())
                        .arguments(call.arguments())
                        .build()));
          }
          case Content.FunctionResponse r -> {
            flush(items, content, modelText, model);
            items.add(
                ResponseInputItem.ofFunctionCallOutput(
                    ResponseInputItem.FunctionCallOutput.builder()
                        .callId(r.id())
                        .output(r.response())
                        .build()));
          }
          case Content.Text t -> addText(content, modelText, model, t.text());
          case Content.Json j -> addText(content, modelText, model, j.json());
          case Content.Blob blob -> {
            if (model) {
              throw badInput("the Responses API takes no binary parts from the model side");
            }
            content.add(inputBlob(blob));
          }
          case Content.Signal sig -> {}
        }
      }
      flush(items, content, modelText, model);
    }
    b.inputOfResponse(items);
    if (s.temperature() != null) {
      b.temperature(s.temperature());
    }
    if (s.maxOutputTokens() != null) {
      b.maxOutputTokens(s.maxOutputTokens().longValue());
    }
    for (ToolDeclaration t : s.tools()) {
      b.addTool(
          FunctionTool.builder()
              .name(t.name())
              .description(t.description())
              .parameters(functionToolParameters(t.parametersMap()))
              .strict(false)
              .build());
    }
    if (s.schema() != null) {
      ResponseFormatTextJsonSchemaConfig.Schema.Builder schema =
          ResponseFormatTextJsonSchemaConfig.Schema.builder();
      s.schema().asMap().forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
      b.text(
          ResponseTextConfig.builder()
              .format(
                  ResponseFormatTextJsonSchemaConfig.builder()
                      .name("output")
                      .schema(schema.build())
                      .strict(false)
                      .build())
              .build());
    }
    return b.build();
  }

  /** A Chat Completions request, streaming, with usage reported at the end. */
  static ChatCompletionCreateParams chat(Conversation c, Settings s) {
    ChatCompletionCreateParams.Builder b =
        ChatCompletionCreateParams.builder()
            .model(s.model())
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    String system = c.systemInstructionAfter(s.systemInstruction());
    if (!system.isEmpty()) {
      b.addMessage(ChatCompletionSystemMessageParam.builder().content(system).build());
    }
    for (Conversation.Turn turn : c.turns()) {
      if (turn.speaker() == Conversation.Speaker.MODEL) {
        addAssistant(b, turn.parts());
      } else {
        addUser(b, turn.parts());
      }
    }
    if (s.temperature() != null) {
      b.temperature(s.temperature());
    }
    if (s.maxOutputTokens() != null) {
      b.maxCompletionTokens(s.maxOutputTokens().longValue());
    }
    for (ToolDeclaration t : s.tools()) {
      FunctionParameters.Builder params = FunctionParameters.builder();
      t.parametersMap().forEach((k, v) -> params.putAdditionalProperty(k, JsonValue.from(v)));
      b.addTool(
          ChatCompletionFunctionTool.builder()
              .function(
                  FunctionDefinition.builder()
                      .name(t.name())
                      .description(t.description())
                      .parameters(params.build())
                      .build())
              .build());
    }
    if (s.schema() != null) {
      ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema =
          ResponseFormatJsonSchema.JsonSchema.Schema.builder();
      s.schema().asMap().forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
      b.responseFormat(
          ResponseFormatJsonSchema.builder()
              .jsonSchema(
                  ResponseFormatJsonSchema.JsonSchema.builder()
                      .name("output")
                      .schema(schema.build())
                      .strict(false)
                      .build())
              .build());
    }
    return b.build();
  }

  private static void addAssistant(
      ChatCompletionCreateParams.Builder b, List<ProcessorPart> parts) {
    StringBuilder text = new StringBuilder();
    List<ChatCompletionMessageFunctionToolCall> calls = new ArrayList<>();
    for (ProcessorPart p : parts) {
      switch (p.content()) {
        case Content.Text t -> text.append(t.text());
        case Content.Json j -> text.append(j.json());
        case Content.FunctionCall call ->
            calls.add(
                ChatCompletionMessageFunctionToolCall.builder()
                    .id(call.id())
                    .function(
                        ChatCompletionMessageFunctionToolCall.Function.builder()
                            .name(call.name())
                            .arguments(call.arguments())
                            .build())
                    .build());
        default -> throw badInput("Chat Completions takes only text and calls from the model side");
      }
    }
    ChatCompletionAssistantMessageParam.Builder m = ChatCompletionAssistantMessageParam.builder();
    if (!text.isEmpty()) {
      m.content(text.toString());
    }
    for (ChatCompletionMessageFunctionToolCall call : calls) {
      m.addToolCall(call);
    }
    b.addMessage(m.build());
  }

  private static void addUser(ChatCompletionCreateParams.Builder b, List<ProcessorPart> parts) {
    List<ChatCompletionContentPart> content = new ArrayList<>();
    for (ProcessorPart p : parts) {
      switch (p.content()) {
        case Content.FunctionResponse r -> {
          flushUser(b, content);
          b.addMessage(
              ChatCompletionToolMessageParam.builder()
                  .toolCallId(r.id())
                  .content(r.response())
                  .build());
        }
        case Content.Text t ->
            content.add(
                ChatCompletionContentPart.ofText(
                    ChatCompletionContentPartText.builder().text(t.text()).build()));
        case Content.Json j ->
            content.add(
                ChatCompletionContentPart.ofText(
                    ChatCompletionContentPartText.builder().text(j.json()).build()));
        case Content.Blob blob -> content.add(chatBlob(blob));
        default -> {}
      }
    }
    flushUser(b, content);
  }

  private static void flushUser(
      ChatCompletionCreateParams.Builder b, List<ChatCompletionContentPart> content) {
    if (content.isEmpty()) {
      return;
    }
    b.addMessage(
        ChatCompletionUserMessageParam.builder()
            .contentOfArrayOfContentParts(List.copyOf(content))
            .build());
    content.clear();
  }

  private static ChatCompletionContentPart chatBlob(Content.Blob blob) {
    String mime = blob.mimeType();
    if (MimeTypes.isImage(mime)) {
      return ChatCompletionContentPart.ofImageUrl(
          ChatCompletionContentPartImage.builder()
              .imageUrl(
                  ChatCompletionContentPartImage.ImageUrl.builder().url(dataUrl(blob)).build())
              .build());
    }
    if (MimeTypes.isAudio(mime)) {
      String base = MimeTypes.baseType(mime);
      ChatCompletionContentPartInputAudio.InputAudio.Format format;
      byte[] bytes;
      if (base.equals("audio/mpeg") || base.equals("audio/mp3")) {
        format = ChatCompletionContentPartInputAudio.InputAudio.Format.MP3;
        bytes = blob.bytes();
      } else if (base.equals("audio/wav") || base.equals("audio/x-wav")) {
        format = ChatCompletionContentPartInputAudio.InputAudio.Format.WAV;
        bytes = blob.bytes();
      } else if (Wav.isPcm(blob)) {
        format = ChatCompletionContentPartInputAudio.InputAudio.Format.WAV;
        bytes = Wav.fromPcm(blob);
      } else {
        throw badInput("Chat Completions takes wav, mp3 or 16-bit PCM audio, got " + mime);
      }
      return ChatCompletionContentPart.ofInputAudio(
          ChatCompletionContentPartInputAudio.builder()
              .inputAudio(
                  ChatCompletionContentPartInputAudio.InputAudio.builder()
                      .data(Base64.getEncoder().encodeToString(bytes))
                      .format(format)
                      .build())
              .build());
    }
    throw badInput("Chat Completions takes image and audio blobs only, got " + mime);
  }

  private static ResponseInputContent inputBlob(Content.Blob blob) {
    String mime = blob.mimeType();
    if (MimeTypes.isImage(mime)) {
      return ResponseInputContent.ofInputImage(
          ResponseInputImage.builder()
              .imageUrl(dataUrl(blob))
              .detail(ResponseInputImage.Detail.AUTO)
              .build());
    }
    if (MimeTypes.isAudio(mime)) {
      throw badInput(
          "the Responses API takes no audio input ("
              + mime
              + "); use OpenAiModel.Api.CHAT_COMPLETIONS with an audio model, or transcribe first");
    }
    return ResponseInputContent.ofInputFile(
        ResponseInputFile.builder().fileData(dataUrl(blob)).filename("input").build());
  }

  private static void addText(
      List<ResponseInputContent> content, StringBuilder modelText, boolean model, String text) {
    if (model) {
      modelText.append(text);
    } else {
      content.add(ResponseInputContent.ofInputText(ResponseInputText.builder().text(text).build()));
    }
  }

  private static void flush(
      List<ResponseInputItem> items,
      List<ResponseInputContent> content,
      StringBuilder modelText,
      boolean model) {
    if (model && !modelText.isEmpty()) {
      items.add(
          ResponseInputItem.ofEasyInputMessage(
              EasyInputMessage.builder()
                  .role(EasyInputMessage.Role.ASSISTANT)
                  .content(modelText.toString())
                  .build()));
      modelText.setLength(0);
    }
    if (!content.isEmpty()) {
      items.add(
          ResponseInputItem.ofEasyInputMessage(
              EasyInputMessage.builder()
                  .role(EasyInputMessage.Role.USER)
                  .contentOfResponseInputMessageContentList(List.copyOf(content))
                  .build()));
      content.clear();
    }
  }

  private static FunctionTool.Parameters functionToolParameters(Map<String, Object> schema) {
    FunctionTool.Parameters.Builder p = FunctionTool.Parameters.builder();
    schema.forEach((k, v) -> p.putAdditionalProperty(k, JsonValue.from(v)));
    return p.build();
  }

  private static String dataUrl(Content.Blob blob) {
    return "data:"
        + MimeTypes.baseType(blob.mimeType())
        + ";base64,"
        + Base64.getEncoder().encodeToString(blob.bytes());
  }

  private static BadRequestException badInput(String message) {
    return new BadRequestException(PROVIDER, message, -1, null, null);
  }
}
