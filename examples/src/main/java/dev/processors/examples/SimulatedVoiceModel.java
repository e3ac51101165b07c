package dev.processors.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.audio.PcmAudio;
import dev.processors.testkit.FakeLiveServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The offline stand-in for Gemini's Live API: a {@link FakeLiveServer} on 127.0.0.1 that answers
 * each of the user's turns (activity end) with the next scripted, clearly labelled simulated answer
 * (recorded speech plus its transcript), streamed five times faster than real time as a model
 * would, and stops with {@code interrupted} when the user starts speaking over it.
 */
final class SimulatedVoiceModel implements AutoCloseable {
  /** One scripted answer. */
  record Answer(String transcript, PcmAudio audio) {}

  private static final Duration CHUNK = Duration.ofMillis(40);
  private final FakeLiveServer server = FakeLiveServer.start();
  private final List<Answer> answers;
  private final double speed;
  private final AtomicInteger turn = new AtomicInteger();
  private final ReentrantLock sending = new ReentrantLock();
  private volatile Thread streaming;
  private boolean cancelled;

  SimulatedVoiceModel(List<Answer> answers, double speed) {
    this.answers = answers;
    this.speed = speed;
    server.onMessage(this::onMessage);
  }

  String baseUrl() {
    return server.baseUrl();
  }

  private void onMessage(FakeLiveServer.Session session, JsonNode message) {
    JsonNode input =
        message.has("realtimeInput")
            ? message.get("realtimeInput")
            : message.path("realtime_input");
    if (input.has("activityStart")) {
      sending.lock();
      try {
        Thread s = streaming;
        if (s != null && s.isAlive() && !cancelled) {
          cancelled = true; // the user barged in: stop at once, like the real service
          session.sendInterrupted();
        }
      } finally {
        sending.unlock();
      }
    } else if (input.has("activityEnd")) {
      int n = turn.getAndIncrement();
      if (n < answers.size()) {
        Answer answer = answers.get(n);
        sending.lock();
        try {
          cancelled = false;
        } finally {
          sending.unlock();
        }
        streaming = Thread.ofVirtual().name("simulated voice").start(() -> stream(session, answer));
      }
    }
  }

  private void stream(FakeLiveServer.Session session, Answer answer) {
    try {
      Thread.sleep(pause(Duration.ofMillis(300))); // "thinking"
      if (!send(() -> session.sendOutputTranscription(answer.transcript()))) {
        return;
      }
      for (PcmAudio chunk : answer.audio().chunks(CHUNK)) {
        Thread.sleep(pause(CHUNK.dividedBy(5)));
        byte[] pcm = new byte[chunk.size()];
        chunk.buffer().get(pcm);
        if (!send(() -> session.sendAudio(pcm, chunk.format().sampleRate()))) {
          return;
        }
      }
      send(session::sendGenerationComplete);
      send(session::sendTurnComplete);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends unless the answer was interrupted; under the lock, so nothing follows "interrupted". */
  private boolean send(Runnable message) {
    sending.lock();
    try {
      if (cancelled) {
        return false;
      }
      message.run();
      return true;
    } finally {
      sending.unlock();
    }
  }

  private long pause(Duration d) {
    return Math.max(1, (long) (d.toMillis() / speed));
  }

  @Override
  public void close() {
    Thread s = streaming;
    if (s != null) {
      s.interrupt();
    }
    server.close();
  }
}
