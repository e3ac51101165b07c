package dev.processors.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cache of processor results keyed by the input parts (compared by value). Share one instance
 * between the processors that should share results; see {@link Processors#cached}.
 *
 * <p>{@link #builder()} makes the in-memory implementation, a bounded Caffeine cache. Other
 * implementations (a Redis-backed cache shared by several JVMs, for instance) implement this
 * interface; they must store copies, never the caller's lists, and return outputs equal by value to
 * what was put.
 *
 * <pre>{@code
 * ProcessorCache cache = ProcessorCache.builder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
 * Processor model = Processors.cached(geminiModel, cache);
 * }</pre>
 *
 * <p><b>Threading.</b> Implementations are thread-safe. <b>Errors.</b> The in-memory cache never
 * fails; a remote implementation throws an unchecked exception naming the store when it cannot be
 * reached, and the processor using it fails with it.
 */
public interface ProcessorCache {

  /** A builder of the in-memory cache: at most 1,000 entries, no expiry, system clock. */
  static Builder builder() {
    return new Builder();
  }

  /** The cached output for {@code input}, if any. */
  Optional<List<ProcessorPart>> get(List<ProcessorPart> input);

  /** Stores the output for an input (both copied). */
  void put(List<ProcessorPart> input, List<ProcessorPart> output);

  /** Removes every entry. */
  void clear();

  /** The number of entries (approximate while writes are in flight). */
  long size();

  /** Lookups that found an entry. */
  long hits();

  /** Lookups that found none. */
  long misses();

  /** Builds the in-memory (Caffeine) {@link ProcessorCache}. Not thread-safe. */
  final class Builder {
    long maximumSize = 1_000;
    Duration expireAfterWrite;
    Clock clock = Clock.system();

    private Builder() {}

    /** The most entries kept; least recently used ones go first. */
    public Builder maximumSize(long maximumSize) {
      this.maximumSize = Checks.notNegative(maximumSize, "maximumSize");
      return this;
    }

    /** Entries expire this long after they were written. */
    public Builder expireAfterWrite(Duration ttl) {
      this.expireAfterWrite = Checks.positive(ttl, "expireAfterWrite");
      return this;
    }

    /** The clock expiry is measured on (a {@link VirtualClock} in tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The cache. */
    public ProcessorCache build() {
      return new CaffeineProcessorCache(this);
    }
  }
}
