package dev.processors.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded, reproducible plan of faults for a long conversation: for every turn, how many of its
 * attempts fail before one is answered (or that none ever is), and the exact prompt and answer of
 * the turn. {@link ModelChaos} and {@link LiveChaos} play a plan on a fake server; the test checks
 * that its client answered every turn exactly once or failed it with a typed error.
 *
 * <pre>{@code
 * ChaosPlan plan = ChaosPlan.builder().seed(42).turns(200).faultRate(0.3).build();
 * ModelChaos chaos = ModelChaos.install(fake, plan);
 * for (int t = 0; t < plan.turns(); t++) {
 *   String reply = ask(model, plan.prompt(t));                  // the client retries as it sees fit
 *   if (plan.answeredWithin(t, 3)) assertThat(reply).isEqualTo(plan.answer(t));
 * }
 * }</pre>
 *
 * <p>Every figure is a pure function of the seed, the turn and the attempt, so a failing run is
 * replayed exactly by its seed (print {@link #toString()} in the failure). Each prompt carries a
 * marker {@code [turn N]} that the chaos players find in the request ({@link #turnIn}); answers
 * never contain one. Immutable and thread-safe.
 */
public final class ChaosPlan {
  private static final Pattern MARKER = Pattern.compile("\\[turn (\\d{1,9})]");
  private static final String[] WORDS = {
    "amber", "basalt", "cobalt", "delta", "ember", "fjord", "granite", "harbor", "indigo",
        "juniper",
    "kelp", "lagoon", "meadow", "nectar", "onyx", "pebble", "quartz", "river", "saffron", "tundra"
  };

  private final long seed;
  private final int turns;
  private final double faultRate;
  private final int maxFaultsPerTurn;
  private final double hopelessRate;

  private ChaosPlan(Builder b) {
    this.seed = b.seed;
    this.turns = b.turns;
    this.faultRate = b.faultRate;
    this.maxFaultsPerTurn = b.maxFaultsPerTurn;
    this.hopelessRate = b.hopelessRate;
  }

  /** A builder: seed 1, 100 turns, fault rate 0.3, at most 2 faults per turn, no hopeless turn. */
  public static Builder builder() {
    return new Builder();
  }

  /** The seed everything is drawn from. */
  public long seed() {
    return seed;
  }

  /** The number of turns of the conversation. */
  public int turns() {
    return turns;
  }

  /** The user's message for {@code turn}, carrying its {@code [turn N]} marker. */
  public String prompt(int turn) {
    check(turn);
    return "[turn " + turn + "] Name the " + WORDS[turn % WORDS.length] + " in one sentence.";
  }

  /** The answer the fake gives to {@code turn} when it answers well, split into its deltas. */
  public List<String> answerDeltas(int turn) {
    check(turn);
    SplittableRandom r = random(turn, -1);
    List<String> deltas = new ArrayList<>();
    deltas.add("Turn " + turn + " answered:");
    int words = 2 + r.nextInt(6);
    for (int i = 0; i < words; i++) {
      deltas.add(" " + WORDS[r.nextInt(WORDS.length)]);
    }
    deltas.add(" (seed " + seed + ").");
    return List.copyOf(deltas);
  }

  /** The whole answer to {@code turn}: its deltas joined. */
  public String answer(int turn) {
    return String.join("", answerDeltas(turn));
  }

  /** Whether no attempt of {@code turn} is ever answered well: a client must fail it, typed. */
  public boolean hopeless(int turn) {
    check(turn);
    return hopelessRate > 0 && random(turn, -2).nextDouble() < hopelessRate;
  }

  /**
   * How many attempts of {@code turn} fail before the next one is answered; empty for a {@link
   * #hopeless} turn.
   */
  public OptionalInt faultsBeforeAnswer(int turn) {
    if (hopeless(turn)) {
      return OptionalInt.empty();
    }
    SplittableRandom r = random(turn, -3);
    int n = 0;
    while (n < maxFaultsPerTurn && r.nextDouble() < faultRate) {
      n++;
    }
    return OptionalInt.of(n);
  }

  /** Whether attempt {@code attempt} (0-based) of {@code turn} is to fail. */
  public boolean faulted(int turn, int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative, got " + attempt);
    }
    OptionalInt faults = faultsBeforeAnswer(turn);
    return faults.isEmpty() || attempt < faults.getAsInt();
  }

  /**
   * Whether a client making up to {@code maxAttempts} attempts per turn gets {@code turn} answered.
   */
  public boolean answeredWithin(int turn, int maxAttempts) {
    OptionalInt faults = faultsBeforeAnswer(turn);
    return faults.isPresent() && faults.getAsInt() < maxAttempts;
  }

  /**
   * A random source for choices about {@code attempt} of {@code turn} (which fault, where in the
   * stream), the same on every call.
   */
  public SplittableRandom random(int turn, int attempt) {
    long mixed = seed * 0x9E3779B97F4A7C15L + turn * 0xC2B2AE3D27D4EB4FL + attempt * 0x165667B1L;
    return new SplittableRandom(mixed);
  }

  /** The turn named by the last {@code [turn N]} marker in {@code text}, if any. */
  public static OptionalInt turnIn(String text) {
    Matcher m = MARKER.matcher(Objects.requireNonNull(text, "text"));
    int turn = -1;
    while (m.find()) {
      turn = Integer.parseInt(m.group(1));
    }
    return turn < 0 ? OptionalInt.empty() : OptionalInt.of(turn);
  }

  @Override
  public String toString() {
    return "ChaosPlan[seed "
        + seed
        + ", "
        + turns
        + " turns, fault rate "
        + faultRate
        + ", at most "
        + maxFaultsPerTurn
        + " faults per turn, hopeless rate "
        + hopelessRate
        + "]";
  }

  private void check(int turn) {
    if (turn < 0 || turn >= turns) {
      throw new IllegalArgumentException("turn must be 0 to " + (turns - 1) + ", got " + turn);
    }
  }

  /** Settings of a {@link ChaosPlan}. Not thread-safe. */
  public static final class Builder {
    private long seed = 1;
    private int turns = 100;
    private double faultRate = 0.3;
    private int maxFaultsPerTurn = 2;
    private double hopelessRate;

    private Builder() {}

    /** The seed (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The number of turns, 1 to 1,000,000 (default 100).
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder turns(int turns) {
      if (turns < 1 || turns > 1_000_000) {
        throw new IllegalArgumentException("turns must be 1 to 1,000,000, got " + turns);
      }
      this.turns = turns;
      return this;
    }

    /**
     * The chance that an attempt fails (the next attempt is drawn again), 0 to 1 (default 0.3).
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder faultRate(double rate) {
      this.faultRate = rate(rate, "faultRate");
      return this;
    }

    /**
     * The most attempts of one turn that fail before one is answered, 0 to 100 (default 2).
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxFaultsPerTurn(int max) {
      if (max < 0 || max > 100) {
        throw new IllegalArgumentException("maxFaultsPerTurn must be 0 to 100, got " + max);
      }
      this.maxFaultsPerTurn = max;
      return this;
    }

    /**
     * The chance that a turn is never answered, 0 to 1 (default 0).
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder hopelessRate(double rate) {
      this.hopelessRate = rate(rate, "hopelessRate");
      return this;
    }

    /** The plan. */
    public ChaosPlan build() {
      return new ChaosPlan(this);
    }

    private static double rate(double rate, String name) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException(name + " must be 0 to 1, got " + rate);
      }
      return rate;
    }
  }
}
