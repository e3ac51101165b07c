package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.core.VirtualClock;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeTurn;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, item 11: the model's RetryPolicy alone decides how long to wait. A 429 with {@code
 * Retry-After: 2} waits exactly 2 s on the policy's clock, and the GenAI SDK's RetryInterceptor is
 * told to leave error statuses alone (it would otherwise sleep its own backoff after the last
 * attempt, on the wall clock).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RetryAfterTest {
  private final FakeGeminiServer fake = FakeGeminiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aRateLimitWithRetryAfterWaitsExactlyThatLongOnThePolicysClock() throws Exception {
    VirtualClock clock = VirtualClock.create();
    fake.enqueue(FakeTurn.httpError(429, "slow down", Duration.ofSeconds(2)), FakeTurn.text("ok"));
    try (GenaiModel model =
            GenaiModel.builder()
                .model("gemini-2.5-flash")
                .apiKey("test-key")
                .baseUrl(fake.baseUrl())
                .retryPolicy(RetryPolicy.builder().maxAttempts(2).jitter(0).clock(clock).build())
                .build();
        var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      long start = clock.nanoTime();
      CompletableFuture<List<ProcessorPart>> answer =
          CompletableFuture.supplyAsync(
              () -> model.apply(List.of(ProcessorPart.text("hi"))), executor);
      clock.awaitSleepers(1);
      assertThat(clock.nextDeadline()).hasValue(start + Duration.ofSeconds(2).toNanos());
      clock.advance(Duration.ofSeconds(2));
      assertThat(ProcessorPart.textOf(answer.get(20, TimeUnit.SECONDS))).isEqualTo("ok");
    }
    assertThat(fake.requests()).hasSize(2);
  }

  @Test
  void theSdkIsToldToRetryNoStatusSoItNeverSleepsAfterAnError() throws Exception {
    List<HttpRetryOptions> seen = new CopyOnWriteArrayList<>();
    Interceptor spy =
        chain -> {
          HttpRetryOptions o = chain.request().tag(HttpRetryOptions.class);
          if (o != null) {
            seen.add(o);
          }
          return chain.proceed(chain.request());
        };
    OkHttpClient.Builder http = new OkHttpClient.Builder();
    GenaiModel.interceptors().forEach(http::addInterceptor);
    http.addInterceptor(spy);
    Client client =
        Client.builder()
            .apiKey("test-key")
            .vertexAI(false)
            .httpOptions(HttpOptions.builder().baseUrl(fake.baseUrl()).build())
            .clientOptions(ClientOptions.builder().customHttpClient(http.build()).build())
            .build();
    fake.enqueue(FakeTurn.httpError(500, "boom"));
    try (GenaiModel model =
        GenaiModel.builder()
            .model("gemini-2.5-flash")
            .client(client)
            .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
            .build()) {
      try {
        model.apply(List.of(ProcessorPart.text("hi")));
      } catch (RuntimeException expected) {
        // a ServerErrorException inside the run's ProcessorException
      }
    } finally {
      client.close();
    }
    assertThat(fake.requests()).hasSize(1);
    assertThat(seen).isNotEmpty();
    assertThat(seen).allSatisfy(o -> assertThat(o.httpStatusCodes()).hasValue(List.of()));
  }
}
