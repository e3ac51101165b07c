package dev.processors.assistant;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes messages to the service the way any client does: to {@code EXCHANGE_NAME} with {@code
 * ROUTING_KEY}, persistent, waiting for the broker's confirmation.
 *
 * <pre>{@code
 * try (MessagePublisher publisher = MessagePublisher.connect(settings)) {
 *   publisher.publish(new InboundMessage("user_session_abc123", "msg-1", "Hello!"));
 * }
 * }</pre>
 *
 * <p>Thread-safe (publishes are serialised). Failures throw {@link AssistantException}.
 */
public final class MessagePublisher implements AutoCloseable {
  private final Connection connection;
  private final Channel channel;
  private final AssistantSettings settings;
  private final ReentrantLock lock = new ReentrantLock();

  private MessagePublisher(Connection connection, Channel channel, AssistantSettings settings) {
    this.connection = connection;
    this.channel = channel;
    this.settings = settings;
  }

  /**
   * Connects to {@code RABBITMQ_URL} and declares the service's queues (idempotent).
   *
   * @throws AssistantException if RabbitMQ cannot be reached
   */
  public static MessagePublisher connect(AssistantSettings settings) {
    Connection connection = RabbitTopology.connect(settings.rabbitMqUrl(), "assistant-publisher");
    try {
      RabbitTopology.declare(connection, settings);
      Channel channel = connection.createChannel();
      channel.confirmSelect();
      return new MessagePublisher(connection, channel, settings);
    } catch (IOException | RuntimeException e) {
      try {
        connection.close();
      } catch (IOException ignored) {
        // reporting the first failure
      }
      throw e instanceof AssistantException a
          ? a
          : new AssistantException("cannot open a channel: " + e.getMessage(), e);
    }
  }

  /** Publishes a message and waits for the broker to confirm it. */
  public void publish(InboundMessage message) {
    publishRaw(message.toJson());
  }

  /** Publishes any body (tests send bad ones) and waits for the confirmation. */
  public void publishRaw(byte[] body) {
    lock.lock();
    try {
      channel.basicPublish(
          settings.exchange(),
          settings.routingKey(),
          new AMQP.BasicProperties.Builder()
              .deliveryMode(2)
              .contentType("application/json")
              .build(),
          body);
      channel.waitForConfirmsOrDie(10_000);
    } catch (IOException | TimeoutException e) {
      throw new AssistantException("publishing failed: " + RabbitTopology.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssistantException("publishing was interrupted", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Publishes without waiting for the broker's confirmation (for load tests); {@link
   * #awaitConfirms()} waits for all of them.
   */
  public void publishWithoutWaiting(InboundMessage message) {
    lock.lock();
    try {
      channel.basicPublish(
          settings.exchange(),
          settings.routingKey(),
          new AMQP.BasicProperties.Builder()
              .deliveryMode(2)
              .contentType("application/json")
              .build(),
          message.toJson());
    } catch (IOException e) {
      throw new AssistantException("publishing failed: " + RabbitTopology.rootMessage(e), e);
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the broker confirmed everything published so far. */
  public void awaitConfirms() {
    lock.lock();
    try {
      channel.waitForConfirmsOrDie(60_000);
    } catch (IOException | TimeoutException e) {
      throw new AssistantException(
          "the broker did not confirm: " + RabbitTopology.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssistantException("interrupted while waiting for confirmations", e);
    } finally {
      lock.unlock();
    }
  }

  /** How many messages wait in the dead-letter queue. */
  public long deadLetters() {
    lock.lock();
    try {
      return channel.messageCount(settings.deadLetterQueue());
    } catch (IOException e) {
      throw new AssistantException("cannot read the dead-letter queue: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Takes one message from the dead-letter queue, if any (acknowledged: it is removed). */
  public java.util.Optional<byte[]> takeDeadLetter() {
    lock.lock();
    try {
      var response = channel.basicGet(settings.deadLetterQueue(), true);
      return response == null
          ? java.util.Optional.empty()
          : java.util.Optional.of(response.getBody());
    } catch (IOException e) {
      throw new AssistantException("cannot read the dead-letter queue: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (IOException | RuntimeException e) {
      // closing anyway
    }
  }
}
