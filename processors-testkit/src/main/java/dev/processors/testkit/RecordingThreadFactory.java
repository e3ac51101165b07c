package dev.processors.testkit;

import dev.processors.core.RunOptions;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * A thread factory that remembers every thread it makes, to prove that a processor starts its
 * threads through the run ({@link RunOptions#threadFactory()}) and that closing the run ends them.
 *
 * <pre>{@code
 * RecordingThreadFactory threads = RecordingThreadFactory.create();
 * Detector detector = part -> {
 *   assertThat(threads.made(Thread.currentThread())).isTrue();   // a thread of the run
 *   return Optional.of(Detection.of("on"));
 * };
 * try (ProcessorRun run = events.start(input, threads.options())) { ... }
 * assertThat(threads.alive()).isEmpty();                         // close() joined them all
 * }</pre>
 *
 * <p>Makes virtual threads, like the default factory. Thread-safe.
 */
public final class RecordingThreadFactory implements ThreadFactory {
  private final ThreadFactory delegate = Thread.ofVirtual().factory();
  private final List<Thread> made = new CopyOnWriteArrayList<>();

  private RecordingThreadFactory() {}

  /** A factory that has made no thread yet. */
  public static RecordingThreadFactory create() {
    return new RecordingThreadFactory();
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = delegate.newThread(Objects.requireNonNull(task, "task"));
    made.add(thread);
    return thread;
  }

  /** The default run options with this factory. */
  public RunOptions options() {
    return RunOptions.defaults().withThreadFactory(this);
  }

  /** Every thread made so far, in the order they were made. */
  public List<Thread> threads() {
    return List.copyOf(made);
  }

  /** The names of every thread made so far (a run names each thread after its stage or task). */
  public List<String> names() {
    return made.stream().map(Thread::getName).toList();
  }

  /** True if this factory made {@code thread}. */
  public boolean made(Thread thread) {
    return made.contains(thread);
  }

  /** The threads made so far that have not ended (started and running, or not yet started). */
  public List<Thread> alive() {
    return made.stream().filter(t -> t.getState() != Thread.State.TERMINATED).toList();
  }

  @Override
  public String toString() {
    return "RecordingThreadFactory[" + made.size() + " made, " + alive().size() + " alive]";
  }
}
