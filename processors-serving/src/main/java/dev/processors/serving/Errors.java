package dev.processors.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processors.core.ProcessorException;

/** How a failed run is told to a client: the failing stage and what went wrong. */
final class Errors {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Errors() {}

  /** {@code {"error": "...", "stage": "..."}}, the message being the root cause's. */
  static String json(ProcessorException e) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("error", describe(e));
    node.put("stage", e.stage());
    return node.toString();
  }

  /** One line: the cause's type and message. */
  static String describe(Throwable e) {
    Throwable cause = e instanceof ProcessorException && e.getCause() != null ? e.getCause() : e;
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
