package dev.processors.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bounded cache of processor results keyed by the input parts (compared by value), on Caffeine.
 * Share one instance between the processors that should share results; see {@link
 * Processors#cached}. Thread-safe.
 *
 * <pre>{@code
 * ProcessorCache cache = ProcessorCache.builder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
 * Processor model = Processors.cached(geminiModel, cache);
 * }</pre>
 */
public final class ProcessorCache {
  private final Cache<List<ProcessorPart>, List<ProcessorPart>> cache;

  private ProcessorCache(Builder b) {
    Caffeine<Object, Object> caffeine =
        Caffeine.newBuilder().maximumSize(b.maximumSize).ticker(b.clock::nanoTime).recordStats();
    if (b.expireAfterWrite != null) {
      caffeine.expireAfterWrite(b.expireAfterWrite);
    }
    if (b.clock != Clock.system()) {
      caffeine.executor(Runnable::run);
    }
    this.cache = caffeine.build();
  }

  /** A builder: at most 1,000 entries, no expiry, system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The cached output for {@code input}, if any. */
  public Optional<List<ProcessorPart>> get(List<ProcessorPart> input) {
    return Optional.ofNullable(cache.getIfPresent(input));
  }

  /** Stores the output for an input (both copied). */
  public void put(List<ProcessorPart> input, List<ProcessorPart> output) {
    cache.put(List.copyOf(input), List.copyOf(output));
  }

  /** Removes every entry. */
  public void clear() {
    cache.invalidateAll();
  }

  /** The number of entries (approximate while writes are in flight). */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Lookups that found an entry. */
  public long hits() {
    return cache.stats().hitCount();
  }

  /** Lookups that found none. */
  public long misses() {
    return cache.stats().missCount();
  }

  /** Builds a {@link ProcessorCache}. */
  public static final class Builder {
    private long maximumSize = 1_000;
    private Duration expireAfterWrite;
    private Clock clock = Clock.system();

    private Builder() {}

    /** The most entries kept; least recently used ones go first. */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 0) {
        throw new IllegalArgumentException("maximumSize must not be negative, got " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /** Entries expire this long after they were written. */
    public Builder expireAfterWrite(Duration ttl) {
      if (Objects.requireNonNull(ttl, "ttl").isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("expireAfterWrite must be positive, got " + ttl);
      }
      this.expireAfterWrite = ttl;
      return this;
    }

    /** The clock expiry is measured on (a {@link VirtualClock} in tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The cache. */
    public ProcessorCache build() {
      return new ProcessorCache(this);
    }
  }
}
