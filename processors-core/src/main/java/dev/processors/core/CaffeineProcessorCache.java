package dev.processors.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Optional;

/** The in-memory {@link ProcessorCache}: a bounded Caffeine cache. Thread-safe. */
final class CaffeineProcessorCache implements ProcessorCache {
  private final Cache<List<ProcessorPart>, List<ProcessorPart>> cache;

  CaffeineProcessorCache(ProcessorCache.Builder b) {
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

  @Override
  public Optional<List<ProcessorPart>> get(List<ProcessorPart> input) {
    return Optional.ofNullable(cache.getIfPresent(input));
  }

  @Override
  public void put(List<ProcessorPart> input, List<ProcessorPart> output) {
    cache.put(List.copyOf(input), List.copyOf(output));
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  @Override
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  @Override
  public long hits() {
    return cache.stats().hitCount();
  }

  @Override
  public long misses() {
    return cache.stats().missCount();
  }
}
