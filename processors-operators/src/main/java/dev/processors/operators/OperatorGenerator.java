package dev.processors.operators;

import dev.processors.core.Clock;
import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Natural language to a validated operator: asks the {@link SpecModel} for a spec, runs the checks
 * of {@link OperatorCompiler} (schema, compile, dry run), and on a failure sends the exact error
 * back in the next request, after an exponential backoff with jitter on the {@link Clock}.
 *
 * <pre>{@code
 * try (SpecModel model = OperatorModels.openAi("gpt-4.1-mini", key, Optional.empty())) {
 *   OperatorGenerator generator = OperatorGenerator.builder().model(model).build();
 *   GeneratedOperator avg = generator.generate("accumulate the average price");
 *   stage.install(avg.operator());
 * }
 * }</pre>
 *
 * <p><b>Backoff.</b> Before attempt n+1 the generator sleeps a random duration between half and all
 * of {@code min(maxBackoff, initialBackoff * 2^(n-1))}.
 *
 * <p><b>Threading.</b> {@link #generate} blocks its caller (cheap on a virtual thread); an
 * interrupt ends it with a {@link CancellationException}. The generator is immutable and can serve
 * several callers at once.
 *
 * <p><b>Errors.</b> {@link OperatorGenerationException} when every attempt was rejected, or at once
 * when the model refuses the request for good (a {@link ModelCallException} that is not retryable);
 * its {@code attempts()} tell the whole story.
 */
public final class OperatorGenerator {
  private final SpecModel model;
  private final OperatorCompiler compiler;
  private final Clock clock;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final RandomGenerator random;
  private final Consumer<Attempt> listener;

  private OperatorGenerator(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model is required");
    this.compiler = b.compiler;
    this.clock = b.clock;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.random = b.random;
    this.listener = b.listener;
  }

  /** A builder: 5 attempts, backoff from 500 ms up to 8 s, the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Generates a validated operator for {@code request}; blocks until one passes every check.
   *
   * @throws OperatorGenerationException when the attempts run out or the model refuses
   * @throws CancellationException when the calling thread is interrupted
   */
  public GeneratedOperator generate(String request) {
    return generate(request, Map.of());
  }

  /**
   * As {@link #generate(String)}, with parameters named by the user (the seed's {@code
   * operation_config}); the spec's parameters of the same names take these values.
   */
  public GeneratedOperator generate(String request, Map<String, ?> params) {
    Objects.requireNonNull(request, "request");
    OperatorCompiler withParams = params.isEmpty() ? compiler : compiler.withParams(params);
    List<ProcessorPart> conversation = new ArrayList<>();
    conversation.add(SpecPrompt.system(compiler.values(), compiler.limits()));
    conversation.add(SpecPrompt.request(request, Map.copyOf(params)));
    List<Attempt> attempts = new ArrayList<>();
    for (int n = 1; ; n++) {
      String answer = "";
      String error;
      Throwable cause;
      try {
        answer = model.answer(List.copyOf(conversation));
        Operator operator = withParams.compile(answer);
        Attempt accepted = new Attempt(n, answer, Optional.empty(), Duration.ZERO);
        attempts.add(accepted);
        listener.accept(accepted);
        return new GeneratedOperator(operator, attempts);
      } catch (InvalidSpecException e) {
        error = e.getMessage();
        cause = e;
      } catch (ModelCallException e) {
        if (!e.retryable()) {
          attempts.add(new Attempt(n, answer, Optional.of(e.getMessage()), Duration.ZERO));
          listener.accept(attempts.getLast());
          throw new OperatorGenerationException(
              "the model refused the request: " + e.getMessage(), attempts, e);
        }
        error = e.getMessage();
        cause = e;
      }
      boolean last = n >= maxAttempts;
      Duration backoff = last ? Duration.ZERO : backoff(n);
      Attempt rejected = new Attempt(n, answer, Optional.of(error), backoff);
      attempts.add(rejected);
      listener.accept(rejected);
      if (last) {
        throw new OperatorGenerationException(
            "no valid operator after " + n + " attempts; the last was rejected: " + error,
            attempts,
            cause);
      }
      if (!answer.isEmpty()) {
        conversation.add(ProcessorPart.text(answer).withRole(ProcessorPart.MODEL));
      }
      conversation.add(SpecPrompt.feedback(error));
      sleep(backoff);
    }
  }

  private Duration backoff(int attempt) {
    long base = initialBackoff.toNanos() << Math.min(attempt - 1, 30);
    long capped = Math.min(maxBackoff.toNanos(), base < 0 ? Long.MAX_VALUE : base);
    return Duration.ofNanos(capped / 2 + (long) (random.nextDouble() * (capped / 2.0)));
  }

  private void sleep(Duration d) {
    try {
      clock.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("operator generation was interrupted");
    }
  }

  /** Settings of an {@link OperatorGenerator}. */
  public static final class Builder {
    private SpecModel model;
    private OperatorCompiler compiler = OperatorCompiler.builder().build();
    private Clock clock = Clock.system();
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private RandomGenerator random = new SplittableRandom();
    private Consumer<Attempt> listener = a -> {};

    private Builder() {}

    /** The model asked for specs (required). */
    public Builder model(SpecModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** The compiler that checks each answer: value fields, limits, samples, clock. */
    public Builder compiler(OperatorCompiler compiler) {
      this.compiler = Objects.requireNonNull(compiler, "compiler");
      return this;
    }

    /** The clock the backoff sleeps on. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many answers to try at most.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The first backoff and the cap.
     *
     * @throws IllegalArgumentException if either is negative or the cap is below the first
     */
    public Builder backoff(Duration initial, Duration max) {
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "backoff needs 0 <= initial <= max, got " + initial + ", " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** The source of jitter (seed it for reproducible tests). */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Called after every attempt, on the generating thread (to show progress). */
    public Builder onAttempt(Consumer<Attempt> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The generator. */
    public OperatorGenerator build() {
      return new OperatorGenerator(this);
    }
  }
}
