package dev.processors.live;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The prompt of a live conversation that stays bounded however long it runs: a time window on a
 * {@link Clock}, a part budget and an estimated-token budget. When a limit is passed, the oldest
 * parts are compressed into one summary part, except the ones worth keeping verbatim: system parts,
 * function calls and responses, and parts whose metadata marks them {@value #IMPORTANT}.
 *
 * <pre>{@code
 * RollingPrompt prompt = RollingPrompt.builder()
 *     .window(Duration.ofMinutes(10)).maxParts(500).maxTokens(30_000)
 *     .summarizer(Summarizer.extractive())
 *     .build();
 * prompt.add(ProcessorPart.text("hi"));
 * List<ProcessorPart> contents = prompt.snapshot(); // summary first, then parts in order
 * }</pre>
 *
 * <p>While the model speaks, new input is {@link #stash stashed} and {@link #applyStash applied}
 * after the turn, so the prompt keeps the order in which things were said and heard.
 *
 * <p><b>Threading.</b> Thread-safe: every method takes the prompt's lock briefly (compression runs
 * the summariser under it). <b>Errors.</b> A failing summariser does not lose parts: the prompt
 * falls back to the extractive summary.
 */
public final class RollingPrompt {
  /** Metadata key: a part marked {@code important=true} is never compressed. */
  public static final String IMPORTANT = "important";

  /**
   * The keywords genai-processors' real-time guide treats as important ({@code error}, {@code
   * warning}, {@code critical}, {@code important}, {@code remember}), for {@link
   * Builder#importantKeywords}.
   */
  public static final List<String> GUIDE_KEYWORDS =
      List.of("error", "warning", "critical", "important", "remember");

  /** Metadata key carried by the summary part. */
  public static final String SUMMARY = "summary";

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final List<ProcessorPart> stash = new ArrayList<>();
  private final Duration window;
  private final int maxParts;
  private final long maxTokens;
  private final Summarizer summarizer;
  private final boolean compression;
  private final List<String> importantKeywords;
  private final Clock clock;
  private String summary;
  private long dropped;
  private long summarizedParts;
  private long tokens;
  private long compressions;

  private record Entry(ProcessorPart part, long addedNanos, long tokens, boolean kept) {}

  private RollingPrompt(Builder b) {
    this.window = b.window;
    this.maxParts = b.maxParts;
    this.maxTokens = b.maxTokens;
    this.summarizer = b.summarizer;
    this.compression = b.compression;
    this.importantKeywords = b.importantKeywords;
    this.clock = b.clock;
  }

  /** A builder: a 10-minute window, 500 parts, 32,000 estimated tokens, extractive summaries. */
  public static Builder builder() {
    return new Builder();
  }

  /** Adds a part at the current time, then compresses if a limit is passed. */
  public void add(ProcessorPart part) {
    Objects.requireNonNull(part, "part");
    lock.lock();
    try {
      append(part);
      compressIfNeeded();
    } finally {
      lock.unlock();
    }
  }

  /** Adds parts in order. */
  public void addAll(List<ProcessorPart> parts) {
    lock.lock();
    try {
      for (ProcessorPart p : parts) {
        append(Objects.requireNonNull(p, "part"));
      }
      compressIfNeeded();
    } finally {
      lock.unlock();
    }
  }

  /** Holds a part back until {@link #applyStash()} (input that arrives while the model speaks). */
  public void stash(ProcessorPart part) {
    Objects.requireNonNull(part, "part");
    lock.lock();
    try {
      stash.add(part);
      if (stash.size() > maxParts) {
        // An endless monologue while the model speaks: keep the newest, the prompt would drop the
        // oldest anyway.
        stash.remove(0);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Adds the stashed parts in the order they arrived. */
  public void applyStash() {
    lock.lock();
    try {
      List<ProcessorPart> parts = new ArrayList<>(stash);
      stash.clear();
      for (ProcessorPart p : parts) {
        append(p);
      }
      compressIfNeeded();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replaces the parts of utterance {@code utteranceId} (metadata {@link
   * PlaybackTracker#UTTERANCE_ID}) by {@code replacement}, in place; used to keep only what the
   * user heard of an interrupted answer. Returns false if no part of that utterance is in the
   * prompt.
   */
  public boolean replaceUtterance(String utteranceId, List<ProcessorPart> replacement) {
    Objects.requireNonNull(utteranceId, "utteranceId");
    lock.lock();
    try {
      List<Entry> rebuilt = new ArrayList<>(entries.size());
      boolean found = false;
      for (Entry e : entries) {
        if (utteranceId.equals(e.part.metadata().get(PlaybackTracker.UTTERANCE_ID))) {
          if (!found) {
            found = true;
            for (ProcessorPart r : replacement) {
              rebuilt.add(entry(r, e.addedNanos));
            }
          }
        } else {
          rebuilt.add(e);
        }
      }
      if (found) {
        entries.clear();
        tokens = 0;
        for (Entry e : rebuilt) {
          entries.add(e);
          tokens += e.tokens;
        }
      }
      return found;
    } finally {
      lock.unlock();
    }
  }

  /** The prompt now: the summary part (if any) first, then the parts in the order they came. */
  public List<ProcessorPart> snapshot() {
    lock.lock();
    try {
      compressIfNeeded();
      List<ProcessorPart> parts = new ArrayList<>(entries.size() + 1);
      if (summary != null) {
        parts.add(summaryPart());
      }
      for (Entry e : entries) {
        parts.add(e.part);
      }
      return parts;
    } finally {
      lock.unlock();
    }
  }

  /** The number of parts held verbatim (the summary not counted). */
  public int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  /** The estimated tokens of the parts held verbatim. */
  public long estimatedTokens() {
    lock.lock();
    try {
      return tokens;
    } finally {
      lock.unlock();
    }
  }

  /** How many times the prompt was compressed. */
  public long compressions() {
    lock.lock();
    try {
      return compressions;
    } finally {
      lock.unlock();
    }
  }

  /** How many parts were dropped without a summary because compression is off. */
  public long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /** The current summary text, if anything was compressed. */
  public Optional<String> summary() {
    lock.lock();
    try {
      return Optional.ofNullable(summary);
    } finally {
      lock.unlock();
    }
  }

  /** Removes every part, the stash and the summary. */
  public void clear() {
    lock.lock();
    try {
      entries.clear();
      stash.clear();
      summary = null;
      summarizedParts = 0; // the next summary counts only what it summarises
      tokens = 0;
    } finally {
      lock.unlock();
    }
  }

  private void append(ProcessorPart part) {
    if (part.isOutOfBand()) {
      return; // status and debug parts are for people, not for the model
    }
    Entry e = entry(part, clock.nanoTime());
    entries.add(e);
    tokens += e.tokens;
  }

  private Entry entry(ProcessorPart part, long at) {
    return new Entry(part, at, TokenEstimate.of(part), isKept(part));
  }

  private boolean isKept(ProcessorPart part) {
    return part.role().equals(ProcessorPart.SYSTEM)
        || part.content() instanceof Content.FunctionCall
        || part.content() instanceof Content.FunctionResponse
        || Boolean.TRUE.equals(part.metadata().get(IMPORTANT))
        || hasImportantKeyword(part);
  }

  private boolean hasImportantKeyword(ProcessorPart part) {
    if (importantKeywords.isEmpty() || !(part.content() instanceof Content.Text t)) {
      return false;
    }
    String text = t.text().toLowerCase(Locale.ROOT);
    for (String keyword : importantKeywords) {
      if (text.contains(keyword)) {
        return true;
      }
    }
    return false;
  }

  private void compressIfNeeded() {
    long cutoff = clock.nanoTime() - window.toNanos();
    List<Entry> compress = new ArrayList<>();
    // 1. Everything compressible that left the time window. Entries are in time order, so the
    //    walk stops at the first young one: adding costs O(1) unless old kept parts pile up.
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.addedNanos >= cutoff) {
        break;
      }
      if (!e.kept) {
        compress.add(e);
        it.remove();
        tokens -= e.tokens;
      }
    }
    // 2. Over budget: the oldest half of what is compressible, then, if kept parts alone are over
    //    budget, the oldest kept parts that are not system parts.
    if (entries.size() > maxParts || tokens > maxTokens) {
      takeOldest(compress, false, Math.max(1, countCompressible() / 2 + 1));
      while ((entries.size() > maxParts || tokens > maxTokens) && takeOldest(compress, false, 1)) {}
      while ((entries.size() > maxParts || tokens > maxTokens) && takeOldest(compress, true, 1)) {}
    }
    if (!compress.isEmpty() && !compression) {
      dropped += compress.size();
    } else if (!compress.isEmpty()) {
      compress.sort((a, b) -> Long.compare(a.addedNanos, b.addedNanos));
      List<ProcessorPart> parts = new ArrayList<>(compress.size());
      for (Entry e : compress) {
        parts.add(e.part);
      }
      String text;
      try {
        text = summarizer.summarize(Optional.ofNullable(summary), parts);
      } catch (Exception ex) {
        text = ExtractiveSummarizer.INSTANCE.summarize(Optional.ofNullable(summary), parts);
      }
      summary = text;
      summarizedParts += parts.size();
      compressions++;
    }
  }

  private int countCompressible() {
    int n = 0;
    for (Entry e : entries) {
      if (!e.kept) {
        n++;
      }
    }
    return n;
  }

  private boolean takeOldest(List<Entry> into, boolean keptToo, int count) {
    int taken = 0;
    for (Iterator<Entry> it = entries.iterator(); it.hasNext() && taken < count; ) {
      Entry e = it.next();
      boolean eligible = keptToo ? !e.part.role().equals(ProcessorPart.SYSTEM) : !e.kept;
      if (eligible) {
        into.add(e);
        it.remove();
        tokens -= e.tokens;
        taken++;
      }
    }
    return taken > 0;
  }

  private ProcessorPart summaryPart() {
    return ProcessorPart.text("Summary of the earlier conversation:\n" + summary)
        .withRole(ProcessorPart.SYSTEM)
        .withMetadata(SUMMARY, true)
        .withMetadata("summarized_parts", summarizedParts);
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "RollingPrompt["
          + entries.size()
          + " parts, ~"
          + tokens
          + " tokens, "
          + compressions
          + " compressions]";
    } finally {
      lock.unlock();
    }
  }

  /** Builds a {@link RollingPrompt}; each setter validates its argument. */
  public static final class Builder {
    private Duration window = Duration.ofMinutes(10);
    private int maxParts = 500;
    private long maxTokens = 32_000;
    private Summarizer summarizer = Summarizer.extractive();
    private boolean compression = true;
    private List<String> importantKeywords = List.of();
    private Clock clock = Clock.system();

    private Builder() {}

    /** Parts older than this are compressed (kept parts excepted). */
    public Builder window(Duration window) {
      if (Objects.requireNonNull(window, "window").isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window must be positive, got " + window);
      }
      this.window = window;
      return this;
    }

    /** The most parts held verbatim; at least 2. */
    public Builder maxParts(int maxParts) {
      if (maxParts < 2) {
        throw new IllegalArgumentException("maxParts must be at least 2, got " + maxParts);
      }
      this.maxParts = maxParts;
      return this;
    }

    /** The most estimated tokens held verbatim; at least 1. */
    public Builder maxTokens(long maxTokens) {
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /** How compressed parts are summarised. */
    public Builder summarizer(Summarizer summarizer) {
      this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
      return this;
    }

    /**
     * Whether parts leaving the window or the budget are summarised (the default) or dropped
     * without a summary: with {@code false} the prompt is a plain rolling window, and {@link
     * RollingPrompt#dropped()} counts what it let go. Kept parts are kept either way.
     */
    public Builder compression(boolean enabled) {
      this.compression = enabled;
      return this;
    }

    /**
     * Text parts that contain any of these words (case-insensitive, as substrings) are kept
     * verbatim like parts marked {@value RollingPrompt#IMPORTANT}. None by default; {@link
     * RollingPrompt#GUIDE_KEYWORDS} is genai-processors' list.
     *
     * @throws IllegalArgumentException if a keyword is blank
     */
    public Builder importantKeywords(List<String> keywords) {
      List<String> lower = new ArrayList<>(keywords.size());
      for (String k : keywords) {
        if (Objects.requireNonNull(k, "keyword").isBlank()) {
          throw new IllegalArgumentException("an important keyword is blank");
        }
        lower.add(k.toLowerCase(Locale.ROOT));
      }
      this.importantKeywords = List.copyOf(lower);
      return this;
    }

    /** The clock the window is measured on. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The prompt. */
    public RollingPrompt build() {
      return new RollingPrompt(this);
    }
  }
}
