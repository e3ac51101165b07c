package dev.processors.model;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.TaskScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a model with tools until it answers: every {@link Content.FunctionCall} the model emits is
 * executed (concurrently, bounded), the {@link Content.FunctionResponse}s are added to the
 * conversation, and the model runs again, for at most {@code maxRounds} rounds.
 *
 * <pre>{@code
 * Processor agent = FunctionCalling.builder(model, tools).maxRounds(5).build();
 * agent.apply("What's the weather in Paris?");   // call, response, then the model's answer
 * }</pre>
 *
 * <p><b>Output.</b> Everything the model emits streams out as it comes, followed by the function
 * responses of each round (in the order of the calls), then the next round's output. A tool that
 * throws, or a call to an unknown tool, answers {@code {"error": "..."}} to the model instead of
 * failing the run. When the rounds run out while the model still calls tools, a status part says so
 * and the run ends.
 *
 * <p><b>Threading.</b> The model runs on the stage's thread, so a pipeline inside it is nested in
 * the caller's run (its options, thread factory and cancellation). Each tool call is a task of the
 * run ({@link TaskScope}), at most {@code maxConcurrentCalls} at once; the tool itself runs on a
 * thread made by the run's thread factory ({@link dev.processors.core.RunOptions#threadFactory()})
 * named {@code processors:tool NAME (call ID)}. A tool runs outside the run's scope: a run it
 * starts itself takes the options it is given.
 *
 * <p><b>Cancellation.</b> Closing or cancelling the run interrupts running tools and waits up to
 * {@link Builder#abandonToolsAfter} (default 200 ms) for each. A tool that ignores the interrupt is
 * let go so that the run still ends: its thread runs on until the tool returns, its result is
 * dropped (nothing more is emitted for the closed run), and a warning names the tool.
 *
 * <p><b>Errors.</b> Model failures fail the run as usual. A tool that throws an {@link Exception}
 * (or is called with arguments that do not fit its schema, see {@link Tools}) answers the model
 * with {@code {"error": ...}}; a tool that throws an {@link Error} fails the run with a {@link
 * dev.processors.core.ProcessorException} naming the tool task, the error as its cause.
 */
public final class FunctionCalling implements Processor {
  private final Processor model;
  private final Tools tools;
  private final int maxRounds;
  private final int maxConcurrentCalls;
  private final Duration abandonAfter;

  private FunctionCalling(Builder b) {
    this.model = b.model;
    this.tools = b.tools;
    this.maxRounds = b.maxRounds;
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.abandonAfter = b.abandonAfter;
  }

  /** A builder for {@code model} (configured with {@code tools.declarations()}) and its tools. */
  public static Builder builder(Processor model, Tools tools) {
    return new Builder(
        Objects.requireNonNull(model, "model"), Objects.requireNonNull(tools, "tools"));
  }

  @Override
  public String name() {
    return "tools(" + model.name() + ")";
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    PartSink shared = out.shared();
    List<ProcessorPart> conversation = new ArrayList<>(in.toList());
    try (TaskScope scope = TaskScope.open()) {
      ToolRound tasks = new ToolRound(tools, scope, maxConcurrentCalls, abandonAfter);
      for (int round = 1; ; round++) {
        Reply reply = new Reply(shared);
        model.process(PartStream.of(conversation), reply);
        List<Content.FunctionCall> calls = reply.calls();
        if (calls.isEmpty()) {
          return;
        }
        conversation.addAll(reply.parts());
        List<ProcessorPart> responses = tasks.run(calls);
        for (ProcessorPart r : responses) {
          shared.emit(r);
        }
        conversation.addAll(responses);
        if (round >= maxRounds) {
          shared.emit(
              ProcessorPart.status(
                      "stopped after "
                          + maxRounds
                          + " rounds of tool calls; the model did not answer")
                  .withMetadata("error", true));
          return;
        }
      }
    }
  }

  /** What the model says in one round: passed on at once, and kept for the next round. */
  private static final class Reply implements PartSink {
    private final PartSink out;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ProcessorPart> parts = new ArrayList<>();
    private final List<Content.FunctionCall> calls = new ArrayList<>();

    Reply(PartSink out) {
      this.out = out;
    }

    @Override
    public void emit(ProcessorPart part) {
      out.emit(part);
      if (part.isOutOfBand()) {
        return;
      }
      lock.lock();
      try {
        parts.add(part);
        if (part.content() instanceof Content.FunctionCall c) {
          calls.add(c);
        }
      } finally {
        lock.unlock();
      }
    }

    List<ProcessorPart> parts() {
      lock.lock();
      try {
        return List.copyOf(parts);
      } finally {
        lock.unlock();
      }
    }

    List<Content.FunctionCall> calls() {
      lock.lock();
      try {
        return List.copyOf(calls);
      } finally {
        lock.unlock();
      }
    }
  }

  /** Builds a {@link FunctionCalling}; each setter validates its argument. */
  public static final class Builder {
    private final Processor model;
    private final Tools tools;
    private int maxRounds = 5;
    private int maxConcurrentCalls = 4;
    private Duration abandonAfter = Duration.ofMillis(200);

    private Builder(Processor model, Tools tools) {
      this.model = model;
      this.tools = tools;
    }

    /** The most model rounds (default 5). */
    public Builder maxRounds(int n) {
      this.maxRounds = Checks.atLeast(n, 1, "maxRounds");
      return this;
    }

    /** The most tool calls running at once (default 4). */
    public Builder maxConcurrentCalls(int n) {
      this.maxConcurrentCalls = Checks.atLeast(n, 1, "maxConcurrentCalls");
      return this;
    }

    /**
     * How long a cancelled run waits for an interrupted tool before letting it go (default 200 ms);
     * zero lets it go at once.
     */
    public Builder abandonToolsAfter(Duration wait) {
      this.abandonAfter = Checks.notNegative(wait, "abandonToolsAfter");
      return this;
    }

    /** The processor. */
    public FunctionCalling build() {
      return new FunctionCalling(this);
    }
  }
}
