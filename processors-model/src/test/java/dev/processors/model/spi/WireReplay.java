package dev.processors.model.spi;

import dev.processors.core.Content;
import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.model.ModelException;
import dev.processors.model.ModelParts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Recorded wire text played back to the real SDKs: an OkHttp interceptor, last in the chain,
 * answers each call with the next recorded response (status, content type, body bytes), so the SDKs
 * build, send and parse exactly as against a server. Each provider's tests extend it with a factory
 * for the SDK-parsing model processors and the lean ones over the same recordings, for side-by-side
 * comparison. Fixtures are read from {@code /wire/} on the test class path. Thread-safe.
 */
public class WireReplay {
  /** One recorded answer. */
  public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static Answer sse(byte[] body) {
      return new Answer(200, "text/event-stream; charset=utf-8", body, Map.of());
    }

    public static Answer sse(String body) {
      return sse(body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger calls = new AtomicInteger();

  protected WireReplay(Answer... answers) {
    this.answers.addAll(List.of(answers));
  }

  /** How many HTTP calls were answered. */
  public int calls() {
    return calls.get();
  }

  private final Interceptor interceptor =
      chain -> {
        Answer a = answers.poll();
        if (a == null) {
          throw new IOException("no recorded answer left for " + chain.request().url());
        }
        calls.incrementAndGet();
        Response.Builder r =
            new Response.Builder()
                .request(chain.request())
                .protocol(Protocol.HTTP_1_1)
                .code(a.status())
                .message("recorded")
                .header("Content-Type", a.contentType())
                .body(ResponseBody.create(a.body(), MediaType.get(a.contentType())));
        a.headers().forEach(r::header);
        return r.build();
      };

  /** The bytes of {@code /wire/<name>} on the test class path. */
  public static byte[] fixture(String name) {
    try (InputStream in = WireReplay.class.getResourceAsStream("/wire/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing wire fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read wire fixture " + name, e);
    }
  }

  /** The text of {@code /wire/<name>} on the test class path. */
  public static String fixtureText(String name) {
    return new String(fixture(name), StandardCharsets.UTF_8);
  }

  /** No retries: one attempt. */
  public static RetryPolicy once() {
    return attempts(1);
  }

  /** Up to {@code n} attempts on retryable errors, without waiting. */
  public static RetryPolicy attempts(int n) {
    return RetryPolicy.builder()
        .maxAttempts(n)
        .initialDelay(Duration.ZERO)
        .maxDelay(Duration.ZERO)
        .jitter(0)
        .retryOn(t -> t instanceof ModelException e && e.retryable())
        .build();
  }

  /**
   * An OkHttp client for an SDK: the models' cancellation interceptor, then {@code before}, then
   * this replay answering every call.
   */
  public OkHttpClient http(Interceptor... before) {
    OkHttpClient.Builder b = new OkHttpClient.Builder().addInterceptor(OkHttpCalls.INTERCEPTOR);
    for (Interceptor i : before) {
      b.addInterceptor(i);
    }
    return b.addInterceptor(interceptor).build();
  }

  /** Runs {@code model} on one question; the parts it emitted, and how it ended. */
  public static Outcome run(Processor model) {
    List<ProcessorPart> parts = new ArrayList<>();
    try {
      model.process(PartStream.of(List.of(ProcessorPart.text("hi"))), parts::add);
      return new Outcome(parts, null);
    } catch (Exception e) {
      return new Outcome(parts, e);
    }
  }

  /** What a generation emitted, and its failure (null if it ended normally). */
  public record Outcome(List<ProcessorPart> parts, Exception failure) {
    /**
     * The parts without what is random per generation, for comparison: the utterance id, also where
     * it is part of a made-up call id.
     */
    public List<ProcessorPart> comparable() {
      List<ProcessorPart> out = new ArrayList<>();
      for (ProcessorPart p : parts) {
        String utterance = p.metadataString(PlaybackTracker.UTTERANCE_ID).orElse("");
        Map<String, Object> meta = new LinkedHashMap<>(p.metadata());
        meta.remove(PlaybackTracker.UTTERANCE_ID);
        meta.computeIfPresent(
            ModelParts.CALL_ID, (k, v) -> v.toString().replace(utterance, "<utterance>"));
        ProcessorPart q = p.withMetadata(meta);
        if (p.content() instanceof Content.FunctionCall c && !utterance.isEmpty()) {
          q =
              q.withContent(
                  new Content.FunctionCall(
                      c.id().replace(utterance, "<utterance>"), c.name(), c.arguments()));
        }
        out.add(q);
      }
      return out;
    }

    /** {@link #comparable()} without the model version either. */
    public List<ProcessorPart> comparableWithoutModelVersion() {
      List<ProcessorPart> out = new ArrayList<>();
      for (ProcessorPart p : comparable()) {
        Map<String, Object> meta = new LinkedHashMap<>(p.metadata());
        meta.remove(ModelParts.MODEL_VERSION);
        out.add(p.withMetadata(meta));
      }
      return out;
    }
  }
}
