package dev.processors.assistant;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The RabbitMQ side of the service: connecting, and declaring the exchanges and queues.
 *
 * <ul>
 *   <li>{@code EXCHANGE_NAME} (direct, durable), bound to {@code QUEUE_NAME} with {@code
 *       ROUTING_KEY}: where clients publish, as in the seed;
 *   <li>{@code QUEUE_NAME} (durable, single active consumer, dead-lettering to {@code .dead}): read
 *       by one router at a time, which keeps the order of every channel;
 *   <li>{@code QUEUE_NAME.work} (durable, dead-lettering to {@code .dead}): numbered messages, read
 *       by every worker;
 *   <li>{@code QUEUE_NAME.dead} (durable): messages that could not be read or answered.
 * </ul>
 *
 * <p>Declaring is idempotent; every process declares on start. A queue that exists with other
 * arguments makes the declaration fail with a message saying so.
 */
final class RabbitTopology {
  private RabbitTopology() {}

  /**
   * Connects to {@code url} with virtual threads for the client's own work.
   *
   * @throws AssistantException naming the URL (without password) if the broker cannot be reached
   */
  static Connection connect(String url, String name) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(withDefaultVhost(url));
    } catch (Exception e) {
      throw new AssistantException(
          "RABBITMQ_URL is not an AMQP URL: '" + AssistantSettings.redact(url) + "'", e);
    }
    factory.setThreadFactory(Thread.ofVirtual().name("amqp-", 0).factory());
    factory.setAutomaticRecoveryEnabled(false);
    factory.setRequestedHeartbeat(15);
    try {
      return factory.newConnection(name);
    } catch (IOException | TimeoutException e) {
      throw new AssistantException(
          "cannot reach RabbitMQ at "
              + AssistantSettings.redact(url)
              + " (is rabbitmq-server running? set RABBITMQ_URL): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The URL with a bare trailing {@code /} removed: clients of the seed (pika) read {@code
   * amqp://host:5672/} as the default virtual host {@code /}, the Java client as the empty one.
   */
  static String withDefaultVhost(String url) {
    java.net.URI uri = java.net.URI.create(url);
    return "/".equals(uri.getRawPath()) ? url.substring(0, url.lastIndexOf('/')) : url;
  }

  /** Declares everything the service uses. */
  static void declare(Connection connection, AssistantSettings s) {
    try (Channel ch = connection.createChannel()) {
      Map<String, Object> deadLetter =
          Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", s.deadLetterQueue());
      ch.exchangeDeclare(s.exchange(), BuiltinExchangeType.DIRECT, true);
      ch.queueDeclare(s.deadLetterQueue(), true, false, false, Map.of());
      java.util.HashMap<String, Object> input = new java.util.HashMap<>(deadLetter);
      input.put("x-single-active-consumer", true);
      ch.queueDeclare(s.queue(), true, false, false, input);
      ch.queueBind(s.queue(), s.exchange(), s.routingKey());
      ch.queueDeclare(s.workQueue(), true, false, false, deadLetter);
    } catch (IOException | TimeoutException e) {
      throw new AssistantException(
          "cannot declare the queues "
              + s.queue()
              + ", "
              + s.workQueue()
              + " and "
              + s.deadLetterQueue()
              + " (a queue declared earlier with other arguments must be deleted first): "
              + rootMessage(e),
          e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
