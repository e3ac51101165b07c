package dev.processors.assistant;

import com.openai.client.OpenAIClient;
import dev.processors.core.Processor;
import dev.processors.model.ToolDeclaration;
import dev.processors.openai.OpenAiModel;
import java.util.List;

/**
 * OpenAI's Responses API with Conversations: OpenAI keeps each conversation's items, a turn sends
 * only its new input with {@code conversation: <id>} and {@code store: true}, and the conversation
 * id is reported as {@code thread_id}. One SDK client serves every turn. Thread-safe.
 */
final class OpenAiConversationModel implements ConversationModel {
  private final OpenAIClient client;
  private final String model;
  private final String instruction;
  private final List<ToolDeclaration> tools;
  private final String description;
  private final AutoCloseable resources;

  OpenAiConversationModel(
      OpenAIClient client,
      String model,
      String instruction,
      List<ToolDeclaration> tools,
      String description,
      AutoCloseable resources) {
    this.client = client;
    this.model = model;
    this.instruction = instruction;
    this.tools = List.copyOf(tools);
    this.description = description;
    this.resources = resources;
  }

  @Override
  public String newConversation() {
    return client.conversations().create().id();
  }

  @Override
  public boolean storesHistory() {
    return true;
  }

  @Override
  public Processor answering(String conversationId) {
    return OpenAiModel.builder()
        .client(client)
        .model(model)
        .systemInstruction(instruction)
        .tools(tools)
        .responsesRequest(b -> b.conversation(conversationId).store(true))
        .build();
  }

  @Override
  public String description() {
    return description + ", Responses API with Conversations";
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      // closing HTTP clients does not fail in a way anyone could act on
    }
  }
}
