package dev.processors.assistant;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers the numbered messages of the work queue, competing with the workers of other processes:
 * each delivery gets a virtual thread, waits for its channel's turn, is answered by an {@link
 * AssistantTurn}, and is acknowledged only after its last frame went out.
 *
 * <ul>
 *   <li>A message already done (a redelivery of an answered message) is acknowledged without an
 *       answer.
 *   <li>A message whose turn does not come within {@link #REQUEUE_AFTER} is given back to the
 *       queue, so that waiting messages never hold every delivery slot while the message they wait
 *       for is queued behind them; after {@link #ORDER_TIMEOUT} in all it is answered anyway.
 *   <li>A message started {@link #MAX_ATTEMPTS} times (its worker died each time) gets an {@code
 *       error} frame and goes to the dead-letter queue.
 *   <li>A failure of Redis or the broker leaves the message unacknowledged for redelivery.
 * </ul>
 *
 * <p>At most {@code WORKER_PREFETCH} messages are held at once. {@link #close()} stops consuming
 * and interrupts the messages in progress; the broker redelivers them.
 */
final class Worker implements AutoCloseable {
  /** The header with the message's channel. */
  static final String CHANNEL_HEADER = "x-channel";

  /** The header with the message's number in its channel. */
  static final String SEQ_HEADER = "x-seq";

  static final Duration REQUEUE_AFTER = Duration.ofSeconds(2);
  static final Duration ORDER_TIMEOUT = Duration.ofSeconds(60);
  static final int MAX_ATTEMPTS = 3;

  private static final Logger LOG = Logger.getLogger(Worker.class.getName());

  private final TurnOrder order;
  private final ConversationStore store;
  private final AssistantTurn turn;
  private final Channel channel;
  private final String consumerTag;
  private final ReentrantLock channelLock = new ReentrantLock();
  private final Set<Thread> inProgress = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong answered =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean closed;

  Worker(
      Connection connection,
      AssistantSettings settings,
      TurnOrder order,
      ConversationStore store,
      AssistantTurn turn) {
    this.order = order;
    this.store = store;
    this.turn = turn;
    try {
      this.channel = connection.createChannel();
      channel.basicQos(settings.workerPrefetch());
      this.consumerTag =
          channel.basicConsume(
              settings.workQueue(),
              false,
              new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(
                    String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                  dispatch(envelope.getDeliveryTag(), props, body);
                }
              });
    } catch (IOException e) {
      throw new AssistantException(
          "cannot consume " + settings.workQueue() + ": " + RabbitTopology.rootMessage(e), e);
    }
  }

  /** How many messages this worker answered (finished with a last frame). */
  long answered() {
    return answered.get();
  }

  /** How many messages are being answered right now. */
  int inProgress() {
    return inProgress.size();
  }

  private void dispatch(long tag, AMQP.BasicProperties props, byte[] body) {
    if (closed) {
      return;
    }
    Thread t =
        Thread.ofVirtual()
            .name("assistant-worker")
            .unstarted(
                () -> {
                  try {
                    handle(tag, props, body);
                  } finally {
                    inProgress.remove(Thread.currentThread());
                  }
                });
    inProgress.add(t);
    t.start();
  }

  private void handle(long tag, AMQP.BasicProperties props, byte[] body) {
    if (!(InboundMessage.parse(body) instanceof InboundMessage.Valid valid)
        || !(props.getHeaders() != null
            && props.getHeaders().get(SEQ_HEADER) instanceof Number seqHeader)) {
      LOG.warning("a work message without a valid body or number went to the dead-letter queue");
      settle(tag, Settle.REJECT);
      return;
    }
    InboundMessage message = valid.message();
    long seq = seqHeader.longValue();
    try {
      switch (order.await(message.channel(), seq, REQUEUE_AFTER)) {
        case ALREADY_DONE -> {
          settle(tag, Settle.ACK);
          return;
        }
        case TIMED_OUT -> {
          if (!order.waitedTooLong(message.channel(), seq, ORDER_TIMEOUT)) {
            settle(tag, Settle.REQUEUE);
            return;
          }
          LOG.warning(
              "message "
                  + seq
                  + " of channel "
                  + message.channel()
                  + " waited "
                  + ORDER_TIMEOUT.toSeconds()
                  + " s for the one before it; answering it anyway");
        }
        case READY -> {}
      }
      ConversationStore.Beginning beginning = store.begin(message);
      if (beginning.answered()) {
        settle(tag, Settle.ACK);
        return;
      }
      if (beginning.attempts() > MAX_ATTEMPTS) {
        turn.giveUp(message, seq, beginning.attempts() - 1);
        settle(tag, Settle.REJECT);
        return;
      }
      turn.answer(message, seq, beginning.threadId());
      answered.incrementAndGet();
      settle(tag, Settle.ACK);
    } catch (InterruptedException e) {
      // closing: the broker redelivers the message
    } catch (RuntimeException e) {
      if (closed) {
        return;
      }
      LOG.log(Level.WARNING, "answering failed, the message will be redelivered", e);
      try {
        Thread.sleep(1000);
      } catch (InterruptedException ie) {
        return;
      }
      settle(tag, Settle.REQUEUE);
    }
  }

  private enum Settle {
    ACK,
    REQUEUE,
    REJECT
  }

  private void settle(long tag, Settle how) {
    channelLock.lock();
    try {
      switch (how) {
        case ACK -> channel.basicAck(tag, false);
        case REQUEUE -> channel.basicNack(tag, false, true);
        case REJECT -> channel.basicReject(tag, false);
      }
    } catch (IOException | RuntimeException e) {
      // the channel closed: the broker redelivers the message
    } finally {
      channelLock.unlock();
    }
  }

  /**
   * Stops taking messages, interrupts the ones in progress and waits for them, then closes the
   * channel (the broker redelivers what was not acknowledged). Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    channelLock.lock();
    try {
      if (channel.isOpen()) {
        channel.basicCancel(consumerTag);
      }
    } catch (IOException | RuntimeException e) {
      // closing anyway
    } finally {
      channelLock.unlock();
    }
    for (Thread t : inProgress) {
      t.interrupt();
    }
    for (Thread t : inProgress) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    channelLock.lock();
    try {
      Router.closeQuietly(channel);
    } finally {
      channelLock.unlock();
    }
  }
}
