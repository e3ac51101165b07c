package dev.processors.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Small processors and helpers the core tests share. */
final class TestProcessors {
  private TestProcessors() {}

  static List<ProcessorPart> texts(String... texts) {
    List<ProcessorPart> parts = new ArrayList<>();
    for (String t : texts) {
      parts.add(ProcessorPart.text(t));
    }
    return parts;
  }

  static List<String> textsOf(List<ProcessorPart> parts) {
    List<String> out = new ArrayList<>();
    for (ProcessorPart p : parts) {
      out.add(p.text().orElse("<" + p.mimeType() + ">"));
    }
    return out;
  }

  /** Emits a marker text before each part it gets. */
  static PartProcessor marker(String marker) {
    return (part, out) -> {
      out.emitText(marker);
      out.emit(part);
    };
  }

  /** Virtual threads that count themselves while alive. */
  static final class CountingThreads implements ThreadFactory {
    final AtomicInteger alive = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    private final ThreadFactory delegate = Thread.ofVirtual().factory();

    @Override
    public Thread newThread(Runnable r) {
      return delegate.newThread(
          () -> {
            alive.incrementAndGet();
            started.incrementAndGet();
            try {
              r.run();
            } finally {
              alive.decrementAndGet();
            }
          });
    }

    RunOptions options() {
      return RunOptions.defaults().withThreadFactory(this);
    }
  }
}
