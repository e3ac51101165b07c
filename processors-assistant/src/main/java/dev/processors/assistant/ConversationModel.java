package dev.processors.assistant;

import dev.processors.core.Processor;

/**
 * The model behind the assistant, with the way its conversations are kept: either the provider
 * keeps the history (OpenAI's Conversations, used with the Responses API), and each turn sends only
 * the new input, or the service keeps it in Redis and sends it with each turn (Gemini, or any
 * {@link Processor}). {@link AssistantModels} builds one from the environment.
 *
 * <p><b>Threading.</b> Implementations are thread-safe: many turns of many conversations run at
 * once. <b>Errors.</b> {@link #newConversation()} and the processors fail with the model's own
 * unchecked exceptions (for the library's models, typed {@code ModelException}s); the service turns
 * them into {@code error} frames.
 */
public interface ConversationModel extends AutoCloseable {

  /** Starts a conversation and returns its id (reported to clients as {@code thread_id}). */
  String newConversation();

  /**
   * True if the provider keeps the conversation's history, so a turn's input is only what is new;
   * false if the service keeps the history and sends all of it with each turn.
   */
  boolean storesHistory();

  /** A processor answering one turn of conversation {@code conversationId}. */
  Processor answering(String conversationId);

  /** Who answers, for logs and the console (never a secret). */
  String description();

  /** Releases what the model holds (HTTP clients, a fake server). */
  @Override
  void close();

  /**
   * A model whose history the service keeps: conversation ids are made locally ({@code conv_} and a
   * UUID), and {@code model} gets the whole history with each turn.
   */
  static ConversationModel withHistoryInRedis(Processor model, String description) {
    return new HistoryConversationModel(model, description, () -> {});
  }
}
