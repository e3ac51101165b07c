package dev.processors.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One client of the service's WebSocket endpoint. The client sends {@code {"action": "subscribe",
 * "channel": "..."}} (or {@code "unsubscribe"}); the server answers {@code {"type": "subscribed",
 * "channel": "...", "timestamp": ...}} once the subscription is active, then sends every frame of
 * the channel as it is published. A request that cannot be read gets an {@code error} frame naming
 * the problem.
 *
 * <p>Frames wait in a bounded outbox drained by a virtual thread of this connection, so a slow
 * client never holds up the others; a client that falls {@value #OUTBOX} frames behind is closed
 * (1008) rather than silently losing frames. Helidon calls the listener methods on the connection's
 * virtual thread.
 */
final class SubscriberSocket implements WsListener, Subscriptions.Subscriber {
  static final int OUTBOX = 4096;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String STOP = new String("stop");

  private final Subscriptions subscriptions;
  private final Set<String> channels = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final BlockingQueue<String> outbox = new ArrayBlockingQueue<>(OUTBOX);
  private final StringBuilder partial = new StringBuilder();
  private volatile WsSession session;
  private volatile boolean overflowed;
  private Thread sender;

  SubscriberSocket(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  @Override
  public void onOpen(WsSession session) {
    this.session = session;
    sender = Thread.ofVirtual().name("assistant-ws-out").start(this::drain);
  }

  @Override
  public void onMessage(WsSession session, String text, boolean last) {
    partial.append(text);
    if (!last) {
      return;
    }
    String request = partial.toString();
    partial.setLength(0);
    JsonNode node;
    try {
      node = MAPPER.readTree(request);
    } catch (java.io.IOException e) {
      reject("the request is not valid JSON");
      return;
    }
    String action = node == null ? "" : node.path("action").asText("");
    String channel = node == null ? "" : node.path("channel").asText("");
    if (channel.isBlank()) {
      reject("a request needs {\"action\": \"subscribe\", \"channel\": \"...\"}");
      return;
    }
    switch (action) {
      case "subscribe" -> {
        if (channels.add(channel)) {
          subscriptions.subscribe(channel, this);
        }
        enqueue(
            MAPPER
                .createObjectNode()
                .put("type", "subscribed")
                .put("channel", channel)
                .put("timestamp", System.currentTimeMillis() / 1000.0)
                .toString());
      }
      case "unsubscribe" -> {
        if (channels.remove(channel)) {
          subscriptions.unsubscribe(channel, this);
        }
        enqueue(
            MAPPER
                .createObjectNode()
                .put("type", "unsubscribed")
                .put("channel", channel)
                .put("timestamp", System.currentTimeMillis() / 1000.0)
                .toString());
      }
      default -> reject("unknown action '" + action + "': use subscribe or unsubscribe");
    }
  }

  @Override
  public void deliver(String frameJson) {
    enqueue(frameJson);
  }

  @Override
  public void onClose(WsSession session, int status, String reason) {
    stop();
  }

  @Override
  public void onError(WsSession session, Throwable t) {
    stop();
  }

  private void reject(String problem) {
    enqueue(Frame.error("Invalid request", problem, null, null).toJson());
  }

  private void enqueue(String text) {
    if (!outbox.offer(text) && !overflowed) {
      overflowed = true;
      outbox.clear();
      outbox.offer(STOP);
    }
  }

  private void drain() {
    try {
      while (true) {
        String next = outbox.take();
        if (next == STOP) {
          if (overflowed) {
            session.close(WsCloseCodes.VIOLATED_POLICY, "client too slow: frames were lost");
          }
          return;
        }
        session.send(next, true);
      }
    } catch (InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      stop(); // the client went away
    }
  }

  private void stop() {
    for (String channel : channels) {
      subscriptions.unsubscribe(channel, this);
    }
    channels.clear();
    Thread t = sender;
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
    }
  }
}
