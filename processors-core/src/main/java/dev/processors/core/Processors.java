package dev.processors.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Factories for the everyday processors and wrappers: map, filter, route, retry, cache, timeout,
 * error handling, and the bridges to {@link java.util.concurrent.Flow} (so Reactor and other
 * Reactive Streams libraries plug in).
 *
 * <p>All returned processors are stateless between runs and safe to share.
 */
public final class Processors {
  private Processors() {}

  /** Replaces each part by {@code fn(part)}. */
  public static PartProcessor map(Function<? super ProcessorPart, ProcessorPart> fn) {
    Objects.requireNonNull(fn, "fn");
    return (part, out) -> out.emit(Objects.requireNonNull(fn.apply(part), "map returned null"));
  }

  /** Replaces the text of text parts, keeping role, substream and metadata; other parts pass. */
  public static PartProcessor mapText(UnaryOperator<String> fn) {
    Objects.requireNonNull(fn, "fn");
    return new PartProcessor() {
      @Override
      public void process(ProcessorPart part, PartSink out) {
        String text = ((Content.Text) part.content()).text();
        out.emit(part.withContent(new Content.Text(fn.apply(text))));
      }

      @Override
      public boolean matches(ProcessorPart part) {
        return part.isText();
      }

      @Override
      public String name() {
        return "mapText";
      }
    };
  }

  /** Keeps the parts {@code keep} accepts and drops the others. */
  public static PartProcessor filter(Predicate<? super ProcessorPart> keep) {
    Objects.requireNonNull(keep, "keep");
    return (part, out) -> {
      if (keep.test(part)) {
        out.emit(part);
      }
    };
  }

  /** Emits every part unchanged. */
  public static PartProcessor passThrough() {
    return Identity.INSTANCE;
  }

  /**
   * Runs {@code scan} over the stream: a state carried from value to value, one summary per value
   * (a running average, a windowed maximum, a filter with memory). Each run starts from {@link
   * Scan#initial()}; a value whose update fails becomes an error part and the stream goes on. Use
   * {@link ScanStage#builder()} to swap the scan on a running stream or to limit time per value.
   */
  public static ScanStage scan(Scan<?> scan) {
    return ScanStage.builder().operator(scan).name(scan.name()).build();
  }

  /** A router builder; see {@link Router}. */
  public static Router route() {
    return new Router();
  }

  /**
   * Retries {@code processor} when an attempt fails before emitting any data, replaying the input
   * it read, with the policy's backoff. An attempt that already emitted data is not retried, so no
   * output is ever duplicated. Each retry emits a debug part saying why. A {@link PartProcessor} is
   * retried per part, as by {@link #retry(PartProcessor, RetryPolicy)}.
   */
  public static Processor retry(Processor processor, RetryPolicy policy) {
    if (processor instanceof PartProcessor part) {
      return retry(part, policy);
    }
    return Retry.of(
        Objects.requireNonNull(processor, "processor"), Objects.requireNonNull(policy, "policy"));
  }

  /** Retries a part processor per part, under the same rules. */
  public static PartProcessor retry(PartProcessor processor, RetryPolicy policy) {
    return Retry.of(
        Objects.requireNonNull(processor, "processor"), Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Serves repeated identical inputs from {@code cache}. The whole input is read before the
   * processor starts (it is the key), so use this for turn-based stages such as model calls. Only
   * successful runs are stored; out-of-band parts are not. A {@link PartProcessor} is cached per
   * part.
   */
  public static Processor cached(Processor processor, ProcessorCache cache) {
    if (processor instanceof PartProcessor part) {
      return cached(part, cache);
    }
    return Cached.of(
        Objects.requireNonNull(processor, "processor"), Objects.requireNonNull(cache, "cache"));
  }

  /** Serves repeated identical parts from {@code cache}. */
  public static PartProcessor cached(PartProcessor processor, ProcessorCache cache) {
    return Cached.of(
        Objects.requireNonNull(processor, "processor"), Objects.requireNonNull(cache, "cache"));
  }

  /**
   * Fails with {@link ProcessorTimeoutException} when {@code processor} has not finished its whole
   * input within {@code limit} on {@code clock}; the processor is interrupted. A {@link
   * PartProcessor} gets the limit per part.
   */
  public static Processor timeout(Processor processor, Duration limit, Clock clock) {
    if (processor instanceof PartProcessor part) {
      return timeout(part, limit, clock);
    }
    return Timeout.of(
        Objects.requireNonNull(processor, "processor"),
        Objects.requireNonNull(limit, "limit"),
        Objects.requireNonNull(clock, "clock"));
  }

  /** A per-part time limit for a part processor. */
  public static PartProcessor timeout(PartProcessor processor, Duration limit, Clock clock) {
    return Timeout.of(
        Objects.requireNonNull(processor, "processor"),
        Objects.requireNonNull(limit, "limit"),
        Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Turns a failure of {@code processor} into a status part (metadata {@code error=true} and the
   * stage name) instead of failing the run; the output before the failure is kept. Cancellation is
   * not an error and still propagates.
   */
  public static Processor errorsAsParts(Processor processor) {
    return ErrorsAsParts.of(Objects.requireNonNull(processor, "processor"));
  }

  /**
   * A cold {@link Flow.Publisher}: each subscriber gets its own run of {@code processor} over
   * {@code input}, delivered with backpressure; cancelling the subscription closes the run.
   */
  public static Flow.Publisher<ProcessorPart> toPublisher(
      Processor processor, Iterable<? extends ProcessorPart> input) {
    return FlowAdapters.publisher(processor, input);
  }

  /**
   * A {@link Flow.Publisher} as run input: subscribes at once and buffers at most 256 parts,
   * requesting more as they are read. Closing the run cancels the subscription. A publisher's error
   * fails the run.
   */
  public static PartStream fromPublisher(Flow.Publisher<? extends ProcessorPart> publisher) {
    return FlowAdapters.stream(publisher, 256);
  }

  private static final class Identity implements PartProcessor {
    static final Identity INSTANCE = new Identity();

    @Override
    public void process(ProcessorPart part, PartSink out) {
      out.emit(part);
    }

    @Override
    public String name() {
      return "passThrough";
    }
  }
}
