package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;

/** What the model's handle on an HTTP call records, and the OkHttp client settings it relies on. */
class CallControlTest {

  @Test
  void silenceCountsOnlyOnceTheCallIsAttached() {
    try (HttpCallControl call = HttpCallControl.open()) {
      assertThat(call.attached()).isFalse();
      call.attach(() -> {});
      assertThat(call.attached()).isTrue();
      assertThat(call.lastReceived()).isNotZero();
    }
  }

  @Test
  void aStallCancelsTheCallAndRemembersTheSilence() {
    AtomicInteger cancels = new AtomicInteger();
    try (HttpCallControl call = HttpCallControl.open()) {
      call.attach(cancels::incrementAndGet);
      assertThat(call.stalledAfter()).isEmpty();
      call.stall(Duration.ofSeconds(3));
      assertThat(cancels).hasValue(1);
      assertThat(call.stalledAfter()).contains(Duration.ofSeconds(3));
    }
  }

  @Test
  void theCallOfTheCurrentThreadIsFoundUntilItIsClosed() {
    HttpCallControl call = HttpCallControl.open();
    assertThat(HttpCallControl.current()).containsSame(call);
    call.close();
    assertThat(HttpCallControl.current()).isEmpty();
  }

  @Test
  void onlyAModelThatLogsItsTrafficGetsTheHttpLog() {
    ModelLog quiet = new ModelLog("acme", new TestModelBuilder().model("m").settings());
    ModelLog loud =
        new ModelLog(
            "acme", new TestModelBuilder().model("m").logRequestsAndResponses(true).settings());
    try (HttpCallControl none = HttpCallControl.open()) {
      assertThat(none.trafficLog()).isEmpty();
    }
    try (HttpCallControl q = HttpCallControl.open(quiet)) {
      assertThat(q.trafficLog()).isEmpty();
    }
    try (HttpCallControl l = HttpCallControl.open(loud)) {
      assertThat(l.trafficLog()).containsSame(loud);
    }
  }

  @Test
  void aRetryAfterOfZeroSecondsMeansRetryNow() {
    assertThat(HttpCallControl.retryAfter(Map.of("Retry-After", "0")::get)).contains(Duration.ZERO);
  }

  @Test
  void theStreamingClientHasNoReadOrCallTimeoutButBoundsConnectAndWrite() {
    OkHttpClient client = OkHttpCalls.client(Duration.ofSeconds(3), Duration.ofSeconds(4)).build();
    assertThat(client.connectTimeoutMillis()).isEqualTo(3000);
    assertThat(client.writeTimeoutMillis()).isEqualTo(4000);
    assertThat(client.readTimeoutMillis()).isZero();
    assertThat(client.callTimeoutMillis()).isZero();
    List<Protocol> protocols = client.protocols();
    if (Runtime.version().feature() >= 24) {
      assertThat(protocols).contains(Protocol.HTTP_2);
    } else {
      assertThat(protocols).containsExactly(Protocol.HTTP_1_1);
    }
  }
}
