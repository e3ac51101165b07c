package dev.processors.model;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;

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
 * <p><b>Threading.</b> The model runs on the stage's thread (a nested pipeline runs in the same
 * run); tool calls run on virtual threads, at most {@code maxConcurrentCalls} at once. Model
 * failures fail the run as usual.
 */
public final class FunctionCalling implements Processor {
  private final Processor model;
  private final Tools tools;
  private final int maxRounds;
  private final int maxConcurrentCalls;

  private FunctionCalling(Builder b) {
    this.model = b.model;
    this.tools = b.tools;
    this.maxRounds = b.maxRounds;
    this.maxConcurrentCalls = b.maxConcurrentCalls;
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
    List<ProcessorPart> conversation = new ArrayList<>(in.toList());
    for (int round = 1; ; round++) {
      List<ProcessorPart> reply = new ArrayList<>();
      List<Content.FunctionCall> calls = new ArrayList<>();
      model.process(
          PartStream.of(conversation),
          part -> {
            out.emit(part);
            if (!part.isOutOfBand()) {
              reply.add(part);
              if (part.content() instanceof Content.FunctionCall c) {
                calls.add(c);
              }
            }
          });
      if (calls.isEmpty()) {
        return;
      }
      conversation.addAll(reply);
      List<ProcessorPart> responses = execute(calls);
      for (ProcessorPart r : responses) {
        out.emit(r);
      }
      conversation.addAll(responses);
      if (round >= maxRounds) {
        out.emit(
            ProcessorPart.status(
                    "stopped after "
                        + maxRounds
                        + " rounds of tool calls; the model did not answer")
                .withMetadata("error", true));
        return;
      }
    }
  }

  private List<ProcessorPart> execute(List<Content.FunctionCall> calls)
      throws InterruptedException {
    Semaphore permits = new Semaphore(maxConcurrentCalls);
    ProcessorPart[] results = new ProcessorPart[calls.size()];
    List<Thread> threads = new ArrayList<>();
    try {
      for (int i = 0; i < calls.size(); i++) {
        Content.FunctionCall call = calls.get(i);
        int index = i;
        permits.acquire();
        threads.add(
            Thread.ofVirtual()
                .name("processors:tool " + call.name())
                .start(
                    () -> {
                      try {
                        results[index] = respond(call);
                      } finally {
                        permits.release();
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
    } finally {
      for (Thread t : threads) {
        t.interrupt();
      }
    }
    List<ProcessorPart> out = new ArrayList<>(calls.size());
    for (ProcessorPart r : results) {
      out.add(r);
    }
    return out;
  }

  private ProcessorPart respond(Content.FunctionCall call) {
    Object result;
    try {
      result = tools.call(call.name(), call.argumentsNode());
    } catch (Exception e) {
      result =
          Map.of(
              "error",
              e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    try {
      return ProcessorPart.functionResponse(
          call.id(), call.name(), result == null ? Map.of() : result);
    } catch (IllegalArgumentException e) {
      return ProcessorPart.functionResponse(
          call.id(),
          call.name(),
          Map.of("error", "the result cannot be written as JSON: " + e.getMessage()));
    }
  }

  /** Builds a {@link FunctionCalling}; each setter validates its argument. */
  public static final class Builder {
    private final Processor model;
    private final Tools tools;
    private int maxRounds = 5;
    private int maxConcurrentCalls = 4;

    private Builder(Processor model, Tools tools) {
      this.model = model;
      this.tools = tools;
    }

    /** The most model rounds (default 5). */
    public Builder maxRounds(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxRounds must be at least 1, got " + n);
      }
      this.maxRounds = n;
      return this;
    }

    /** The most tool calls running at once (default 4). */
    public Builder maxConcurrentCalls(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, got " + n);
      }
      this.maxConcurrentCalls = n;
      return this;
    }

    /** The processor. */
    public FunctionCalling build() {
      return new FunctionCalling(this);
    }
  }
}
