package dev.processors.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The response side of one request to a fake model server: a whole answer, or server-sent events in
 * HTTP chunks. It plays the scripted cuts (at a step or at a wire event number), writes an SSE
 * comment line while a step waits so that it notices a client hanging up, and stays silent in a
 * stall. Used by one handler thread; {@link #abort} and {@link #wake} may come from any thread.
 */
final class ModelExchange {
  private static final long HEARTBEAT_NANOS = Duration.ofMillis(20).toNanos();
  private static final byte[] HEARTBEAT = ":\n".getBytes(StandardCharsets.US_ASCII);

  /** What the exchange tells its server. */
  interface Observer {
    /** A client went away before its response ended. */
    void clientGone();

    /** An event was about to be written and flushed, at {@code nanos}. */
    void flushed(long nanos);

    /** The response is about to end as scripted (its last bytes, or a scripted drop, follow). */
    void ending();

    /** Whether the server is closing. */
    boolean closed();
  }

  private final HttpExchange http;
  private final Observer observer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private OutputStream body;
  private volatile boolean done; // the response is complete (or abandoned): nothing more to see
  private volatile boolean clientGone;
  private boolean dropped;
  private int eventsWritten;
  private int cutAt = -1; // cut before this wire event
  private Cut cutKind;

  ModelExchange(HttpExchange http, Observer observer) {
    this.http = http;
    this.observer = observer;
  }

  /** Whether the client is still there, the server running and the response not yet ended. */
  boolean live() {
    return !done && !clientGone && !observer.closed();
  }

  /** Whether the client went away before the response ended. */
  boolean clientGone() {
    return clientGone;
  }

  /** Whether the script asked to drop the connection (the handler then aborts the exchange). */
  boolean dropped() {
    return dropped;
  }

  /** Sends a whole response and ends the exchange. */
  void plain(int status, String contentType, String text, Map<String, String> headers)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    http.getResponseHeaders().set("Content-Type", contentType);
    http.getResponseHeaders().set("Connection", "close");
    headers.forEach((k, v) -> http.getResponseHeaders().set(k, v));
    // The client may hang up as soon as it has the whole answer: that is not a disconnect.
    done = true;
    observer.ending();
    http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = http.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Cuts the stream before wire event {@code index}. */
  void cutAtEvent(int index, Cut kind) {
    cutAt = index;
    cutKind = kind;
  }

  /** Cuts the stream now; a mid-event cut falls inside the next event. */
  void cutNow(Cut kind) throws IOException {
    cutAtEvent(eventsWritten, kind);
    if (!kind.midEvent()) {
      applyCut(null);
    }
  }

  /** Writes a block of one or more whole SSE events, each as it would be sent, then flushes. */
  void send(String block) throws IOException {
    start();
    if (!live()) {
      return;
    }
    for (String event : events(block)) {
      if (eventsWritten == cutAt) {
        applyCut(event);
        return;
      }
      eventsWritten++;
      write(event.getBytes(StandardCharsets.UTF_8), true);
    }
  }

  /** Writes bytes into the body as they are (no event is counted). */
  void raw(byte[] bytes) throws IOException {
    start();
    if (live()) {
      write(bytes, true);
    }
  }

  /**
   * Ends a stream that played to the end of its script: sends {@code endBlock}, unless a cut is
   * still pending, in which case every event of it but the last is sent and the cut replaces the
   * last (the terminal event; {@code terminal} when the end block is empty).
   */
  void finish(String endBlock, String terminal) throws IOException {
    start();
    if (!live()) {
      return;
    }
    if (cutAt >= 0) {
      String block = endBlock.isEmpty() ? terminal : endBlock;
      cutAt = Math.min(cutAt, eventsWritten + events(block).size() - 1);
      send(block); // the cut falls inside it
      return;
    }
    send(endBlock);
    endBody();
  }

  /** Ends the body properly (the last chunk) unless the stream has ended already. */
  void endBody() throws IOException {
    if (done || body == null) {
      return;
    }
    done = true;
    if (!clientGone && !observer.closed()) {
      observer.ending(); // before the last chunk: a client may look as soon as it has it
    }
    try {
      body.close();
    } catch (IOException e) {
      gone();
    }
  }

  /** Sleeps, writing heartbeats; false if the client went away or the server closed. */
  boolean sleep(Duration d) throws InterruptedException {
    return waitUntil(System.nanoTime() + d.toNanos(), true);
  }

  /** Waits at a gate, writing heartbeats; false if the client went away or the server closed. */
  boolean pass(Gate gate) throws InterruptedException {
    return gate.pass(this::live, this::heartbeat, HEARTBEAT_NANOS);
  }

  /** Writes nothing for {@code d} (or until the server closes); false if no longer live. */
  boolean stall(Optional<Duration> d) throws InterruptedException {
    return waitUntil(
        System.nanoTime() + d.map(Duration::toNanos).orElse(Long.MAX_VALUE / 4), false);
  }

  /** Wakes a waiting step (the server is closing). */
  void wake() {
    lock.lock();
    try {
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Abandons the exchange: the server is closing. */
  void abort() {
    done = true;
    wake();
  }

  /** Waits until {@code deadline} (nanoTime) or until no longer live, with heartbeats if asked. */
  private boolean waitUntil(long deadline, boolean beat) throws InterruptedException {
    long nextBeat = System.nanoTime() + HEARTBEAT_NANOS;
    while (live()) {
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        break;
      }
      if (beat && now - nextBeat >= 0) {
        heartbeat();
        nextBeat = now + HEARTBEAT_NANOS;
        continue;
      }
      long pause = Math.min(deadline - now, beat ? nextBeat - now : HEARTBEAT_NANOS);
      lock.lock();
      try {
        woken.awaitNanos(pause);
      } finally {
        lock.unlock();
      }
    }
    return live();
  }

  private void heartbeat() {
    if (body != null && live()) {
      try {
        body.write(HEARTBEAT);
        body.flush();
      } catch (IOException e) {
        gone();
      }
    }
  }

  private void applyCut(String event) throws IOException {
    if (cutKind.midEvent()) {
      byte[] bytes = (event != null ? event : "").getBytes(StandardCharsets.UTF_8);
      write(java.util.Arrays.copyOf(bytes, Math.max(1, bytes.length / 2)), false);
    }
    cutAt = -1;
    if (cutKind.drops()) {
      dropped = true;
      done = true;
      observer.ending();
    } else {
      endBody();
    }
  }

  private void start() throws IOException {
    if (body != null || done) {
      return;
    }
    http.getResponseHeaders().set("Content-Type", "text/event-stream");
    http.getResponseHeaders().set("Cache-Control", "no-cache");
    http.getResponseHeaders().set("Connection", "close");
    try {
      http.sendResponseHeaders(200, 0);
      body = http.getResponseBody();
      body.flush(); // the status and headers go out at once, as a real server sends them
    } catch (IOException e) {
      gone();
    }
  }

  private void write(byte[] bytes, boolean event) throws IOException {
    if (body == null || done) {
      return;
    }
    try {
      if (event) {
        observer.flushed(System.nanoTime());
      }
      body.write(bytes);
      body.flush();
    } catch (IOException e) {
      gone();
    }
  }

  private void gone() {
    if (done || clientGone || observer.closed()) {
      return;
    }
    clientGone = true;
    observer.clientGone();
  }

  /** Splits a block into whole events, each with its blank-line terminator. */
  static List<String> events(String block) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < block.length()) {
      int end = -1;
      if (block.startsWith("\r\n\r\n", i)) {
        end = i + 4;
      } else if (block.startsWith("\n\n", i)) {
        end = i + 2;
      }
      if (end > 0) {
        out.add(block.substring(start, end));
        start = end;
        i = end;
      } else {
        i++;
      }
    }
    if (start < block.length()) {
      out.add(block.substring(start));
    }
    return out;
  }
}
