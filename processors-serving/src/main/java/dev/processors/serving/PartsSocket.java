package dev.processors.serving;

import dev.processors.core.Content;
import dev.processors.core.PartJson;
import dev.processors.core.PartQueue;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.RunOptions;
import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One WebSocket connection of the parts endpoint: a run of the processor fed by the frames the
 * client sends (text frames are part JSON, binary frames audio), whose output goes back the same
 * way. Helidon calls the listener methods on the connection's virtual thread; the output is sent
 * from a virtual thread of its own, and sends are serialised by a lock. While nothing was sent for
 * a heartbeat interval, a third virtual thread sends a ping, so a connection that dropped without a
 * close frame (Helidon tells the listener nothing then) fails a send. The run is cancelled when the
 * client closes, the connection fails or a send fails.
 */
final class PartsSocket implements WsListener {
  private final Processor processor;
  private final RunOptions options;
  private final ActiveRuns runs;
  private final long heartbeatNanos;
  private final ReentrantLock sendLock = new ReentrantLock();
  private final Condition outputEnded = sendLock.newCondition();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private String inputAudio;
  private String outputAudio = "";
  private PartQueue input;
  private ProcessorRun run;
  private Thread pump;
  private volatile boolean open;
  private boolean ended; // guarded by sendLock: the pump has finished
  private long lastSend; // guarded by sendLock

  PartsSocket(
      Processor processor,
      RunOptions options,
      ActiveRuns runs,
      String inputAudio,
      Duration heartbeat) {
    this.processor = processor;
    this.options = options;
    this.runs = runs;
    this.inputAudio = inputAudio;
    this.heartbeatNanos = heartbeat.toNanos();
  }

  @Override
  public void onOpen(WsSession session) {
    open = true;
    input = PartQueue.create(256);
    run = processor.start(input, options);
    runs.add(run);
    lastSend = System.nanoTime();
    pump = Thread.ofVirtual().name("processors:ws-out").start(() -> pump(session));
    Thread.ofVirtual().name("processors:ws-heartbeat").start(() -> beat(session));
  }

  @Override
  public void onMessage(WsSession session, String frame, boolean last) {
    text.append(frame);
    if (!last) {
      return;
    }
    String json = text.toString();
    text.setLength(0);
    ProcessorPart part;
    try {
      part = PartJson.read(json);
      var format = WebSocketParts.announcedFormat(part);
      if (format.isPresent()) {
        inputAudio = format.get();
        return;
      }
    } catch (IllegalArgumentException e) {
      send(session, WebSocketParts.error("bad part JSON, frame ignored: " + e.getMessage()));
      return;
    }
    offer(part);
  }

  @Override
  public void onMessage(WsSession session, BufferData buffer, boolean last) {
    byte[] bytes = new byte[buffer.available()];
    buffer.read(bytes);
    binary.writeBytes(bytes);
    if (!last) {
      return;
    }
    byte[] audio = binary.toByteArray();
    binary.reset();
    offer(ProcessorPart.blob(audio, inputAudio));
  }

  @Override
  public void onClose(WsSession session, int status, String reason) {
    stop();
  }

  @Override
  public void onError(WsSession session, Throwable t) {
    stop();
  }

  private void offer(ProcessorPart part) {
    try {
      input.put(part);
    } catch (IllegalStateException e) {
      // the run has ended; the pump tells the client and closes
    }
  }

  private void pump(WsSession session) {
    try {
      forward(session);
    } finally {
      runs.remove(run); // the run is over: it ended, failed or was cancelled
      sendLock.lock();
      try {
        ended = true;
        outputEnded.signalAll();
      } finally {
        sendLock.unlock();
      }
    }
  }

  private void forward(WsSession session) {
    int code = WsCloseCodes.NORMAL_CLOSE;
    String reason = "the run ended";
    try {
      for (ProcessorPart part : run) {
        if (!send(session, part)) {
          return;
        }
      }
    } catch (ProcessorException e) {
      send(session, WebSocketParts.error("the run failed: " + Errors.describe(e)));
      code = WsCloseCodes.UNEXPECTED_CONDITION;
      reason = "the run failed";
    } catch (CancellationException e) {
      if (!open) {
        return;
      }
      code = WsCloseCodes.GOING_AWAY;
      reason = "the server is closing";
    }
    if (open) {
      sendLock.lock();
      try {
        session.close(code, reason);
      } catch (RuntimeException e) {
        // already gone
      } finally {
        sendLock.unlock();
      }
    }
  }

  /** Sends one part: audio as a binary frame (after its format, when it changed), else JSON. */
  private boolean send(WsSession session, ProcessorPart part) {
    sendLock.lock();
    try {
      if (!open) {
        return false;
      }
      if (WebSocketParts.travelsAsBinary(part)) {
        Content.Blob blob = (Content.Blob) part.content();
        if (!blob.mimeType().equals(outputAudio)) {
          outputAudio = blob.mimeType();
          session.send(PartJson.write(WebSocketParts.audioFormat(outputAudio)), true);
        }
        session.send(BufferData.create(blob.bytes()), true);
      } else {
        session.send(PartJson.write(part), true);
      }
      lastSend = System.nanoTime();
      return true;
    } catch (RuntimeException e) {
      open = false;
      run.close();
      return false;
    } finally {
      sendLock.unlock();
    }
  }

  /** Pings while nothing was sent for a heartbeat interval; a failed ping cancels the run. */
  private void beat(WsSession session) {
    sendLock.lock();
    try {
      while (open && !ended) {
        long idle = System.nanoTime() - lastSend;
        if (idle < heartbeatNanos) {
          outputEnded.awaitNanos(heartbeatNanos - idle);
          continue;
        }
        try {
          session.ping(BufferData.empty());
          lastSend = System.nanoTime();
        } catch (RuntimeException e) {
          open = false; // the connection is gone: the pump ends without closing it
          run.close();
        }
      }
    } catch (InterruptedException e) {
      // not interrupted by this class; end the heartbeat
    } finally {
      sendLock.unlock();
    }
  }

  /** Cancels the run and waits for the output thread (which stops tracking the run). */
  private void stop() {
    open = false;
    if (run == null) {
      return;
    }
    input.close();
    run.close();
    try {
      pump.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
