package dev.processors.testkit;

import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails a test which leaves threads (platform or virtual) or open file
 * descriptors (sockets, pipes, files, event polls) behind: it takes a {@link ResourceSnapshot}
 * before each test and, after the test and its {@code @AfterEach} methods, waits up to a bounded
 * time for everything new to go away.
 *
 * <pre>{@code
 * @ExtendWith(LeakCheck.class)                 // defaults: 5 s, LeakFilter.defaults()
 * class CutStreamTest { ... }
 *
 * @RegisterExtension
 * static final LeakCheck LEAKS = LeakCheck.builder().timeout(Duration.ofSeconds(10))
 *     .filter(LeakFilter.defaults().ignoringThreads("my-shared-pool-")).build();
 * }</pre>
 *
 * <p>Resources made before the snapshot (in field initialisers, {@code @BeforeAll}) are not
 * counted; those made in {@code @BeforeEach} are, so close them in {@code @AfterEach}. Tests of one
 * class must not run in parallel with each other or with other tests, since the check sees the
 * whole JVM. The failure lists each leaked thread with its stack and each descriptor with its
 * target. Thread-safe.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LeakCheck.class);

  private final Duration timeout;
  private final LeakFilter filter;

  /** A check with a 5 s bound and {@link LeakFilter#defaults()} (for {@code @ExtendWith}). */
  public LeakCheck() {
    this(Duration.ofSeconds(5), LeakFilter.defaults());
  }

  private LeakCheck(Duration timeout, LeakFilter filter) {
    this.timeout = timeout;
    this.filter = filter;
  }

  /** A builder for a check with other settings. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put(context.getUniqueId(), ResourceSnapshot.take());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ResourceSnapshot before =
        context.getStore(NAMESPACE).remove(context.getUniqueId(), ResourceSnapshot.class);
    if (before == null || context.getExecutionException().isPresent()) {
      return; // the test failed already: its own failure says more
    }
    Leaks leaks = ResourceSnapshot.awaitNoLeaks(before, filter, timeout);
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          context.getDisplayName()
              + " left resources behind after "
              + timeout.toMillis()
              + " ms: "
              + leaks);
    }
  }

  /** Settings of a {@link LeakCheck}. Not thread-safe. */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(5);
    private LeakFilter filter = LeakFilter.defaults();

    private Builder() {}

    /**
     * How long to wait after the test for its threads and descriptors to go (default 5 s).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder timeout(Duration timeout) {
      if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** What not to count (default {@link LeakFilter#defaults()}). */
    public Builder filter(LeakFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** The check. */
    public LeakCheck build() {
      return new LeakCheck(timeout, filter);
    }
  }
}
