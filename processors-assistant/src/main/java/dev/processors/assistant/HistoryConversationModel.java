package dev.processors.assistant;

import dev.processors.core.Processor;
import java.util.Objects;
import java.util.UUID;

/** A {@link ConversationModel} whose history the service keeps in Redis. Thread-safe. */
final class HistoryConversationModel implements ConversationModel {
  private final Processor model;
  private final String description;
  private final AutoCloseable resources;

  HistoryConversationModel(Processor model, String description, AutoCloseable resources) {
    this.model = Objects.requireNonNull(model, "model");
    this.description = Objects.requireNonNull(description, "description");
    this.resources = resources;
  }

  @Override
  public String newConversation() {
    return "conv_" + UUID.randomUUID().toString().replace("-", "");
  }

  @Override
  public boolean storesHistory() {
    return false;
  }

  @Override
  public Processor answering(String conversationId) {
    return model;
  }

  @Override
  public String description() {
    return description + ", history kept in Redis";
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
