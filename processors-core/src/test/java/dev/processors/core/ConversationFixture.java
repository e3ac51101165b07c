package dev.processors.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small live conversation for the record and replay tests: a user asks, a streaming model answers
 * part by part on the clock, the user barges in, a speaker paces the answer and drops what is
 * queued when interrupted.
 */
final class ConversationFixture {
  private ConversationFixture() {}

  static final Duration FIRST_DELTA = Duration.ofMillis(40);
  static final Duration BETWEEN_DELTAS = Duration.ofMillis(30);
  static final Duration SPEAKER_PACE = Duration.ofMillis(45);

  /** The agent: the model (recorded as "model") followed by the speaker. */
  static Processor agent(Clock clock, Recorder recorder, Processor model) {
    return agent(clock, recorder, model, SPEAKER_PACE);
  }

  /** The agent with another speaker pace. */
  static Processor agent(Clock clock, Recorder recorder, Processor model, Duration pace) {
    return Processor.chain(recorder.record("model", model), speaker(clock, pace));
  }

  /**
   * A streaming model: answers each text with five parts (the first after 40 ms, then every 30 ms)
   * and an end of turn; a start of speech while it answers stops the answer and emits an
   * interrupted signal at once.
   */
  static Processor model(Clock clock) {
    return new Processor() {
      @Override
      public void process(PartStream in, PartSink out) {
        PartSink shared = out.shared();
        try (TaskScope scope = TaskScope.open()) {
          Fork<?> answering = null;
          for (ProcessorPart part : in) {
            if (part.isSignal(SignalKind.START_OF_SPEECH)) {
              if (answering != null && !answering.isDone()) {
                answering.cancel();
                shared.emit(ProcessorPart.interrupted());
              }
            } else if (part.text().isPresent()) {
              String question = part.text().get();
              answering =
                  scope.fork(
                      "answer",
                      () -> {
                        for (int i = 1; i <= 5; i++) {
                          clock.sleep(i == 1 ? FIRST_DELTA : BETWEEN_DELTAS);
                          shared.emit(
                              ProcessorPart.text("answer to '" + question + "' " + i + "/5")
                                  .withRole(ProcessorPart.MODEL));
                        }
                        shared.emit(ProcessorPart.endOfTurn());
                      });
            }
          }
          scope.join();
        }
      }

      @Override
      public String name() {
        return "streaming model";
      }
    };
  }

  /**
   * Releases data parts at most one per {@code pace}, queueing the rest; an interrupted signal
   * drops the queue and goes out at once. Signals other than interruptions keep their place.
   */
  static Processor speaker(Clock clock, Duration pace) {
    return new Processor() {
      @Override
      public void process(PartStream in, PartSink out) throws Exception {
        PartSink shared = out.shared();
        ReentrantLock lock = new ReentrantLock();
        ArrayDeque<ProcessorPart> queue = new ArrayDeque<>();
        Wakeup news = Wakeup.create();
        boolean[] ended = new boolean[1];
        try (TaskScope scope = TaskScope.open()) {
          scope.fork(
              "speaker input",
              () -> {
                for (ProcessorPart part : in) {
                  if (part.isSignal(SignalKind.INTERRUPTED)) {
                    lock.lock();
                    try {
                      queue.clear();
                    } finally {
                      lock.unlock();
                    }
                    shared.emit(part);
                  } else {
                    lock.lock();
                    try {
                      queue.add(part);
                    } finally {
                      lock.unlock();
                    }
                  }
                  news.signal();
                }
                lock.lock();
                try {
                  ended[0] = true;
                } finally {
                  lock.unlock();
                }
                news.signal();
              });
          long nextRelease = 0;
          while (true) {
            ProcessorPart next;
            boolean done;
            lock.lock();
            try {
              next = queue.peek();
              done = ended[0];
            } finally {
              lock.unlock();
            }
            if (next == null) {
              if (done) {
                break;
              }
              clock.awaitUntil(Long.MAX_VALUE, news);
              continue;
            }
            if (next.isText() && clock.nanoTime() < nextRelease) {
              clock.awaitUntil(nextRelease, news); // news may be an interruption: look again
              continue;
            }
            lock.lock();
            try {
              if (queue.peek() != next) {
                continue;
              }
              queue.poll();
            } finally {
              lock.unlock();
            }
            if (next.isText()) {
              nextRelease = clock.nanoTime() + pace.toNanos();
            }
            shared.emit(next);
          }
          scope.join();
        }
      }

      @Override
      public String name() {
        return "speaker";
      }
    };
  }

  /** A recording of the user alone: what the agent is fed, at what time. */
  static Recording userScript() {
    List<RecordingEntry> entries = new ArrayList<>();
    entries.add(new RecordingEntry.Started(0, "agent", 0));
    long seq = 0;
    entries.add(input(100, seq++, ProcessorPart.text("weather in Paris?")));
    entries.add(input(215, seq++, ProcessorPart.signal(SignalKind.START_OF_SPEECH)));
    entries.add(input(260, seq++, ProcessorPart.text("and in Rome?")));
    entries.add(new RecordingEntry.InputEnded(ms(700), "agent", 0));
    return Recording.of(entries);
  }

  private static RecordingEntry input(long millis, long seq, ProcessorPart part) {
    return new RecordingEntry.Input(ms(millis), "agent", 0, seq, part);
  }

  static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }
}
