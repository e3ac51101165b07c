package dev.processors.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A request read from RabbitMQ: {@code {"channel": ..., "message_id": ..., "message": ...}}, all
 * three non-empty strings; other fields are ignored.
 *
 * @param channel the conversation's channel: a UUID, a Convex id, any string
 * @param messageId the client's id of this message, echoed in every frame and used for dedupe
 * @param message the user's text
 */
public record InboundMessage(String channel, String messageId, String message) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Checks the fields. */
  public InboundMessage {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(message, "message");
  }

  /** The JSON body of this message. */
  public byte[] toJson() {
    return MAPPER
        .createObjectNode()
        .put("channel", channel)
        .put("message_id", messageId)
        .put("message", message)
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** What became of reading a body: a message, or the problem (with whatever ids were readable). */
  public sealed interface Parsed permits Valid, Invalid {}

  /** A readable message. */
  public record Valid(InboundMessage message) implements Parsed {}

  /**
   * A body that is not a valid message.
   *
   * @param problem what is wrong, for the error frame and the logs
   * @param channel the channel, when the body named one
   * @param messageId the message id, when the body had one
   */
  public record Invalid(String problem, Optional<String> channel, Optional<String> messageId)
      implements Parsed {}

  /** Reads a body; never throws. */
  public static Parsed parse(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      String reason =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage()
              : e.getMessage();
      return new Invalid(
          "the body is not valid JSON: " + reason, Optional.empty(), Optional.empty());
    }
    if (root == null || !root.isObject()) {
      return new Invalid(
          "the body must be a JSON object {channel, message_id, message}",
          Optional.empty(),
          Optional.empty());
    }
    Optional<String> channel = text(root, "channel");
    Optional<String> messageId = text(root, "message_id");
    Optional<String> message =
        Optional.ofNullable(root.get("message")).filter(JsonNode::isTextual).map(JsonNode::asText);
    StringBuilder missing = new StringBuilder();
    if (channel.isEmpty()) {
      missing.append("channel (a non-empty string)");
    }
    if (messageId.isEmpty()) {
      missing.append(missing.isEmpty() ? "" : ", ").append("message_id (a non-empty string)");
    }
    if (message.isEmpty() || message.get().isBlank()) {
      missing.append(missing.isEmpty() ? "" : ", ").append("message (a non-empty string)");
    }
    if (!missing.isEmpty()) {
      return new Invalid("the message lacks " + missing, channel, messageId);
    }
    return new Valid(new InboundMessage(channel.get(), messageId.get(), message.get()));
  }

  private static Optional<String> text(JsonNode root, String field) {
    JsonNode v = root.get(field);
    return v != null && v.isTextual() && !v.asText().isBlank()
        ? Optional.of(v.asText())
        : Optional.empty();
  }
}
