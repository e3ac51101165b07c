package dev.processors.assistant;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the input queue, where clients publish, and hands each message to the workers with its
 * number in its channel. Every worker process runs a router, but the input queue has a single
 * active consumer, so exactly one reads at a time, in queue order, and another takes over when it
 * dies: that is what keeps each channel in order.
 *
 * <p>A body that is not a valid message gets an {@code error} frame (when its channel can be read)
 * and goes to the dead-letter queue; the router goes on. A message is acknowledged only once the
 * broker confirmed its numbered copy on the work queue (the copy is persistent); confirmations are
 * awaited asynchronously, so a worker can start on the copy while the broker is still writing it to
 * disk, and at most 256 messages are in flight. Deliveries are handled one at a time, in queue
 * order, on the client's consumer thread (a virtual thread).
 */
final class Router implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Router.class.getName());

  private final AssistantSettings settings;
  private final TurnOrder order;
  private final FrameBus frames;
  private final ConversationStore store;
  private final Channel consume;
  private final Channel publish;
  private final ReentrantLock consumeLock = new ReentrantLock();
  private final ConcurrentNavigableMap<Long, Long> unconfirmed = new ConcurrentSkipListMap<>();

  Router(
      Connection connection,
      AssistantSettings settings,
      TurnOrder order,
      FrameBus frames,
      ConversationStore store) {
    this.settings = settings;
    this.order = order;
    this.frames = frames;
    this.store = store;
    try {
      this.publish = connection.createChannel();
      publish.confirmSelect();
      publish.addConfirmListener(
          (seqNo, multiple) -> settle(seqNo, multiple, true),
          (seqNo, multiple) -> settle(seqNo, multiple, false));
      this.consume = connection.createChannel();
      consume.basicQos(256);
      consume.basicConsume(settings.queue(), false, "router", new Deliveries(consume));
    } catch (IOException e) {
      throw new AssistantException(
          "cannot consume " + settings.queue() + ": " + RabbitTopology.rootMessage(e), e);
    }
  }

  private final class Deliveries extends DefaultConsumer {
    Deliveries(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
      try {
        route(envelope.getDeliveryTag(), body);
      } catch (RuntimeException | IOException e) {
        // Redis or the broker failed: leave the message for the next router (or this one).
        LOG.log(Level.WARNING, "routing failed, message requeued: " + e.getMessage(), e);
        settleOriginal(envelope.getDeliveryTag(), false);
      }
    }
  }

  private void route(long tag, byte[] body) throws IOException {
    switch (InboundMessage.parse(body)) {
      case InboundMessage.Invalid bad -> {
        bad.channel()
            .ifPresent(
                channel ->
                    frames.publishNow(
                        channel,
                        Frame.error(
                            "Invalid message: it was not processed",
                            bad.problem(),
                            bad.messageId().orElse(null),
                            store.peek(channel).orElse(null))));
        LOG.info("dead-lettered an invalid message: " + bad.problem());
        consumeLock.lock();
        try {
          consume.basicReject(tag, false);
        } finally {
          consumeLock.unlock();
        }
      }
      case InboundMessage.Valid ok -> {
        InboundMessage m = ok.message();
        long seq = order.assign(m.channel(), m.messageId());
        AMQP.BasicProperties props =
            new AMQP.BasicProperties.Builder()
                .deliveryMode(2)
                .contentType("application/json")
                .headers(Map.of(Worker.CHANNEL_HEADER, m.channel(), Worker.SEQ_HEADER, seq))
                .build();
        unconfirmed.put(publish.getNextPublishSeqNo(), tag);
        publish.basicPublish("", settings.workQueue(), props, body);
      }
    }
  }

  /** The broker confirmed (or refused) copies up to {@code seqNo}: settle their originals. */
  private void settle(long seqNo, boolean multiple, boolean confirmed) {
    ConcurrentNavigableMap<Long, Long> done =
        multiple ? unconfirmed.headMap(seqNo, true) : unconfirmed.subMap(seqNo, true, seqNo, true);
    for (Map.Entry<Long, Long> e : done.entrySet()) {
      if (unconfirmed.remove(e.getKey()) != null) {
        settleOriginal(e.getValue(), confirmed);
      }
    }
  }

  private void settleOriginal(long tag, boolean ack) {
    consumeLock.lock();
    try {
      if (ack) {
        consume.basicAck(tag, false);
      } else {
        consume.basicNack(tag, false, true);
      }
    } catch (IOException | RuntimeException e) {
      // the channel closed: the broker redelivers the original
    } finally {
      consumeLock.unlock();
    }
  }

  @Override
  public void close() {
    closeQuietly(consume);
    closeQuietly(publish);
  }

  static void closeQuietly(Channel channel) {
    try {
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      // the connection is going away anyway
    }
  }
}
