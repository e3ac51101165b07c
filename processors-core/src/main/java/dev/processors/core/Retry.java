package dev.processors.core;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/**
 * Retries a processor whose attempt failed before emitting any data: the input read so far is
 * replayed, then reading continues. An attempt that already emitted data is not retried (that would
 * duplicate output); its error propagates.
 */
final class Retry {
  private Retry() {}

  static Processor of(Processor processor, RetryPolicy policy) {
    return new Processor() {
      @Override
      public void process(PartStream in, PartSink out) throws Exception {
        List<ProcessorPart> seen = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
          CountingSink sink = new CountingSink(out);
          try {
            processor.process(new ReplayStream(seen, in), sink);
            return;
          } catch (Exception e) {
            retryOrThrow(e, attempt, sink.count, policy, processor.name(), out);
          }
        }
      }

      @Override
      public String name() {
        return processor.name();
      }
    };
  }

  static PartProcessor of(PartProcessor processor, RetryPolicy policy) {
    return new PartProcessor() {
      @Override
      public void process(ProcessorPart part, PartSink out) throws Exception {
        for (int attempt = 1; ; attempt++) {
          CountingSink sink = new CountingSink(out);
          try {
            processor.process(part, sink);
            return;
          } catch (Exception e) {
            retryOrThrow(e, attempt, sink.count, policy, processor.name(), out);
          }
        }
      }

      @Override
      public boolean matches(ProcessorPart part) {
        return processor.matches(part);
      }

      @Override
      public String name() {
        return processor.name();
      }
    };
  }

  private static void retryOrThrow(
      Exception e, int attempt, long emitted, RetryPolicy policy, String name, PartSink out)
      throws Exception {
    Throwable cause =
        e instanceof ProcessorException pe && pe.getCause() != null ? pe.getCause() : e;
    if (e instanceof CancellationException
        || Thread.currentThread().isInterrupted()
        || emitted > 0
        || !policy.shouldRetry(cause, attempt)) {
      throw e;
    }
    out.emit(
        ProcessorPart.debug(
            "retrying '"
                + name
                + "' after attempt "
                + attempt
                + " of "
                + policy.maxAttempts()
                + " failed: "
                + ProcessorException.describe(cause)));
    try {
      policy.pause(attempt, cause);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting to retry '" + name + "'");
    }
  }

  /** Counts the data parts that went out. */
  private static final class CountingSink implements PartSink {
    private final PartSink out;
    long count;

    CountingSink(PartSink out) {
      this.out = out;
    }

    @Override
    public void emit(ProcessorPart part) {
      if (!part.isOutOfBand()) {
        count++;
      }
      out.emit(part);
    }
  }

  /** Replays the parts an earlier attempt read, then reads on, remembering what it reads. */
  private static final class ReplayStream implements PartStream {
    private final List<ProcessorPart> seen;
    private final PartStream in;
    private int index;

    ReplayStream(List<ProcessorPart> seen, PartStream in) {
      this.seen = seen;
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      return index < seen.size() || in.hasNext();
    }

    @Override
    public ProcessorPart next() {
      if (index < seen.size()) {
        return seen.get(index++);
      }
      if (!in.hasNext()) {
        throw new NoSuchElementException("the stream has ended");
      }
      ProcessorPart p = in.next();
      seen.add(p);
      index++;
      return p;
    }
  }
}
