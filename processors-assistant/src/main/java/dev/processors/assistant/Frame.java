package dev.processors.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One WebSocket frame of the seed's protocol, as the service sends it to a channel's subscribers.
 *
 * <p>Status and response frames carry exactly {@code message, timestamp, status, type,
 * final_message, message_id, thread_id}; error frames carry {@code message, timestamp, status,
 * type, error_details, message_id, thread_id}. {@code timestamp} is seconds since the epoch with
 * milliseconds ({@code 1683042123.456}). A {@code message_id} or {@code thread_id} that is not
 * known (a message that could not be read, a conversation not started) is {@code null}.
 *
 * @param message the text: a status line, a delta, the whole answer, or an error description
 * @param timestampMillis when the frame was made, milliseconds since the epoch
 * @param status the seed's status
 * @param messageId the message this frame answers, if known
 * @param threadId the conversation id, if known
 * @param errorDetails for error frames, the details
 */
public record Frame(
    String message,
    long timestampMillis,
    Status status,
    Optional<String> messageId,
    Optional<String> threadId,
    Optional<String> errorDetails) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The seed's statuses, each with its frame type. */
  public enum Status {
    /** Processing has begun ({@code type: status}). */
    STARTED("started", "status"),
    /** A tool is running ({@code type: status}). */
    PROCESSING("processing", "status"),
    /** The model started answering ({@code type: status}). */
    RESPONDING("responding", "status"),
    /** A piece of the answer ({@code type: response}). */
    IN_PROGRESS("in_progress", "response"),
    /** The whole answer, the last frame ({@code type: response, final_message: true}). */
    COMPLETED("completed", "response"),
    /** Something failed; also the last frame of its message ({@code type: error}). */
    ERROR("error", "error");

    private final String wire;
    private final String type;

    Status(String wire, String type) {
      this.wire = wire;
      this.type = type;
    }

    /** The {@code status} field's value. */
    public String wire() {
      return wire;
    }

    /** The {@code type} field's value. */
    public String type() {
      return type;
    }

    /** True for the statuses that end a message: completed and error. */
    public boolean isFinal() {
      return this == COMPLETED || this == ERROR;
    }

    /** The status with this wire name. */
    public static Status fromWire(String wire) {
      for (Status s : values()) {
        if (s.wire.equals(wire)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown frame status '" + wire + "'");
    }
  }

  /** Checks the fields. */
  public Frame {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(threadId, "threadId");
    Objects.requireNonNull(errorDetails, "errorDetails");
  }

  /** A status or response frame made now. */
  public static Frame of(Status status, String message, String messageId, String threadId) {
    return new Frame(
        message,
        System.currentTimeMillis(),
        status,
        Optional.ofNullable(messageId),
        Optional.ofNullable(threadId),
        Optional.empty());
  }

  /** An error frame made now; ids may be null when not known. */
  public static Frame error(String message, String details, String messageId, String threadId) {
    return new Frame(
        message,
        System.currentTimeMillis(),
        Status.ERROR,
        Optional.ofNullable(messageId),
        Optional.ofNullable(threadId),
        Optional.of(details));
  }

  /** The frame as the JSON text sent to clients. */
  public String toJson() {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("message", message);
    node.put("timestamp", timestampMillis / 1000.0);
    node.put("status", status.wire());
    node.put("type", status.type());
    if (status == Status.ERROR) {
      node.put("error_details", errorDetails.orElse(""));
    } else {
      node.put("final_message", status == Status.COMPLETED);
    }
    node.put("message_id", messageId.orElse(null));
    node.put("thread_id", threadId.orElse(null));
    return node.toString();
  }

  /**
   * Reads a frame written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static Frame fromJson(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("frame is not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject() || !node.hasNonNull("status")) {
      throw new IllegalArgumentException("not a frame (no status): " + json);
    }
    return new Frame(
        node.path("message").asText(""),
        Math.round(node.path("timestamp").asDouble() * 1000),
        Status.fromWire(node.get("status").asText()),
        text(node, "message_id"),
        text(node, "thread_id"),
        text(node, "error_details"));
  }

  /** True if this frame ends its message: completed, or an error. */
  public boolean isFinal() {
    return status.isFinal();
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }
}
