package dev.processors.operators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.processors.core.Clock;
import dev.processors.core.ProcessorPart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link WarpDownlink}: a keeper thread that connects, syncs and reconnects; a WebSocket
 * listener per connection that parses envelopes into a bounded inbox; and the reader's iterator.
 * One lock guards the inbox and the link state.
 */
final class WarpConnection implements WarpDownlink {
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final URI uri;
  private final String node;
  private final String lane;
  private final Clock clock;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int capacity;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<ProcessorPart> inbox = new ArrayDeque<>();
  private final AtomicBoolean iterated = new AtomicBoolean();
  private Thread keeper;
  private WebSocket socket;
  private Session session;
  private boolean paused;
  private boolean closing;
  private boolean ended;
  private boolean unlinkedAck;
  private RuntimeException failure;
  private int reconnects;

  private WarpConnection(WarpDownlink.Builder b) {
    this.uri = b.uri;
    this.node = b.node;
    this.lane = b.lane;
    this.clock = b.clock;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.capacity = b.capacity;
  }

  static WarpConnection open(WarpDownlink.Builder b) {
    WarpConnection c = new WarpConnection(b);
    c.keeper = Thread.ofVirtual().name("processors:warp " + b.node).start(c::keep);
    return c;
  }

  /** One WebSocket connection's state. */
  private final class Session implements WebSocket.Listener {
    private final StringBuilder frame = new StringBuilder();
    boolean over;
    boolean synced;

    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      frame.append(data);
      if (!last) {
        ws.request(1);
        return null;
      }
      String text = frame.toString();
      frame.setLength(0);
      lock.lock();
      try {
        onEnvelope(this, text);
        if (inbox.size() < capacity) {
          ws.request(1);
        } else {
          paused = true;
        }
      } finally {
        lock.unlock();
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      end();
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      end();
    }

    private void end() {
      lock.lock();
      try {
        over = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Handles one envelope; the lock is held. */
  private void onEnvelope(Session s, String text) {
    WarpEnvelope e;
    try {
      e = WarpEnvelope.parse(text);
    } catch (IllegalArgumentException bad) {
      inbox.add(status("malformed", "warp: ignored a malformed envelope: " + bad.getMessage()));
      changed.signalAll();
      return;
    }
    switch (e.tag()) {
      case "linked" -> inbox.add(status("linked", "warp: linked " + node + " " + lane));
      case "synced" -> {
        s.synced = true;
        inbox.add(status("synced", "warp: synced " + node + " " + lane));
      }
      case "event" -> {
        JsonNode body = e.body().orElse(JsonNodeFactory.instance.nullNode());
        JsonNode value =
            body.isObject() ? body : JsonNodeFactory.instance.objectNode().set("value", body);
        inbox.add(
            ProcessorPart.json(value.toString())
                .withMetadata(NODE, e.node())
                .withMetadata(LANE, e.lane()));
      }
      case "unlinked" -> {
        if (closing) {
          unlinkedAck = true;
        } else {
          failure = new WarpException("the server unlinked " + node + " " + lane);
          closing = true;
          ended = true;
          keeper.interrupt();
        }
      }
      default -> {} // commands, auth and the rest are not for a downlink
    }
    changed.signalAll();
  }

  private ProcessorPart status(String event, String message) {
    return ProcessorPart.status(message).withMetadata(LINK_EVENT, event);
  }

  /** The keeper thread: connect, sync, wait for the connection to end, back off, again. */
  private void keep() {
    Duration backoff = initialBackoff;
    boolean first = true;
    while (!isClosing()) {
      Session s = new Session();
      try {
        WebSocket ws =
            http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, s)
                .get();
        lock.lock();
        try {
          socket = ws;
          session = s;
          if (!first) {
            reconnects++;
          }
        } finally {
          lock.unlock();
        }
        ws.sendText(Recon.write("sync", node, lane), true).get();
        awaitEnd(s);
        if (s.synced) {
          backoff = initialBackoff;
        }
      } catch (InterruptedException e) {
        break;
      } catch (ExecutionException e) {
        // the connection failed or dropped: reconnect below
      }
      first = false;
      if (isClosing()) {
        break;
      }
      lock.lock();
      try {
        inbox.add(
            status(
                "reconnecting",
                "warp: connection lost; reconnecting in " + backoff.toMillis() + " ms"));
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      try {
        clock.sleep(backoff);
      } catch (InterruptedException e) {
        break;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    }
  }

  private void awaitEnd(Session s) throws InterruptedException {
    lock.lock();
    try {
      while (!s.over && !closing) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean isClosing() {
    lock.lock();
    try {
      return closing;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int reconnects() {
    lock.lock();
    try {
      return reconnects;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Iterator<ProcessorPart> iterator() {
    if (!iterated.compareAndSet(false, true)) {
      throw new IllegalStateException("a WarpDownlink can be iterated once");
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        lock.lock();
        try {
          while (inbox.isEmpty() && !ended) {
            changed.await();
          }
          if (inbox.isEmpty() && failure != null) {
            throw failure;
          }
          return !inbox.isEmpty();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancellationException("reading the WARP downlink was interrupted");
        } finally {
          lock.unlock();
        }
      }

      @Override
      public ProcessorPart next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        lock.lock();
        try {
          ProcessorPart part = inbox.poll();
          if (paused && inbox.size() < capacity && socket != null) {
            paused = false;
            socket.request(1);
          }
          return part;
        } finally {
          lock.unlock();
        }
      }
    };
  }

  @Override
  public void close() {
    WebSocket ws;
    Session s;
    lock.lock();
    try {
      if (closing && ended) {
        return;
      }
      closing = true;
      ws = socket;
      s = session;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      if (ws != null && s != null && !s.over) {
        ws.sendText(Recon.write("unlink", node, lane), true)
            .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        awaitUnlinked();
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "unlinked")
            .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the connection is already gone: nothing to unlink
    } finally {
      if (ws != null) {
        ws.abort();
      }
      keeper.interrupt();
      try {
        keeper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      http.shutdownNow();
      lock.lock();
      try {
        if (unlinkedAck) {
          inbox.add(status("unlinked", "warp: unlinked " + node + " " + lane));
        }
        ended = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void awaitUnlinked() throws InterruptedException {
    long left = CLOSE_WAIT.toNanos();
    lock.lock();
    try {
      while (!unlinkedAck && left > 0) {
        left = changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "WarpDownlink(" + uri + " " + node + " " + lane + ")";
  }
}
