package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The leak check finds what a test leaves behind, and nothing else. */
@Timeout(60)
class LeakCheckTest {
  private static final Duration SHORT = Duration.ofMillis(200);
  private static final Duration LONG = Duration.ofSeconds(5);
  private static final LeakFilter FILTER = LeakFilter.defaults();

  @Test
  void aPlatformThreadLeftRunningIsReportedWithItsStack() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();
    CountDownLatch release = new CountDownLatch(1);
    Thread leaky = Thread.ofPlatform().name("leaky-worker").start(() -> await(release));
    Leaks leaks = ResourceSnapshot.awaitNoLeaks(before, FILTER, SHORT);
    assertThat(leaks.threads())
        .singleElement()
        .asString()
        .contains("\"leaky-worker\"")
        .contains("CountDownLatch.await");
    assertThat(leaks.toString()).contains("1 leaked thread(s)");
    release.countDown();
    leaky.join();
    assertThat(ResourceSnapshot.awaitNoLeaks(before, FILTER, LONG).isEmpty()).isTrue();
  }

  @Test
  void aVirtualThreadLeftRunningIsReportedToo() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();
    CountDownLatch release = new CountDownLatch(1);
    Thread leaky = Thread.ofVirtual().name("leaky-virtual").start(() -> await(release));
    assertThat(ResourceSnapshot.awaitNoLeaks(before, FILTER, SHORT).threads())
        .singleElement()
        .asString()
        .contains("\"leaky-virtual\"")
        .contains("(virtual)");
    release.countDown();
    leaky.join();
    assertThat(ResourceSnapshot.awaitNoLeaks(before, FILTER, LONG).isEmpty()).isTrue();
  }

  @Test
  void anOpenSocketIsReportedAsAFileDescriptor() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Leaks leaks = ResourceSnapshot.awaitNoLeaks(before, FILTER, SHORT);
    assertThat(leaks.fileDescriptors()).singleElement().asString().contains("socket:");
    server.close();
    assertThat(ResourceSnapshot.awaitNoLeaks(before, FILTER, LONG).isEmpty()).isTrue();
  }

  @Test
  void anHttpClientLeftOpenIsReportedUntilItIsClosed() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();
    HttpClient client = HttpClient.newHttpClient();
    Leaks leaks = ResourceSnapshot.awaitNoLeaks(before, FILTER, SHORT);
    assertThat(leaks.threads()).anySatisfy(t -> assertThat(t).contains("HttpClient-"));
    client.close();
    assertThat(ResourceSnapshot.awaitNoLeaks(before, FILTER, LONG).isEmpty()).isTrue();
  }

  @Test
  void aFilterIgnoresWhatItNames() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();
    CountDownLatch release = new CountDownLatch(1);
    Thread pooled = Thread.ofPlatform().name("shared-pool-1").start(() -> await(release));
    try (Socket ignored = new Socket()) {
      LeakFilter filter = FILTER.ignoringThreads("shared-pool-").ignoringFiles("socket:");
      assertThat(ResourceSnapshot.awaitNoLeaks(before, filter, SHORT).isEmpty()).isTrue();
      assertThat(ResourceSnapshot.awaitNoLeaks(before, FILTER, SHORT).threads()).hasSize(1);
    } finally {
      release.countDown();
      pooled.join();
    }
  }

  @Test
  void theExtensionFailsATestThatLeavesAThreadBehind() throws Exception {
    LeakCheck check = LeakCheck.builder().timeout(SHORT).build();
    ExtensionContext context = context(Optional.empty());
    CountDownLatch release = new CountDownLatch(1);
    check.beforeEach(context);
    Thread leaky = Thread.ofVirtual().name("left-behind").start(() -> await(release));
    try {
      assertThatThrownBy(() -> check.afterEach(context))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("leaky() left resources behind after 200 ms")
          .hasMessageContaining("\"left-behind\"");
    } finally {
      release.countDown();
      leaky.join();
    }
    check.beforeEach(context);
    check.afterEach(context); // nothing left: passes
  }

  @Test
  void theExtensionStaysQuietWhenTheTestFailedAlready() throws Exception {
    LeakCheck check = new LeakCheck();
    ExtensionContext context = context(Optional.of(new AssertionError("the test's own failure")));
    CountDownLatch release = new CountDownLatch(1);
    check.beforeEach(context);
    Thread leaky = Thread.ofVirtual().start(() -> await(release));
    try {
      check.afterEach(context);
    } finally {
      release.countDown();
      leaky.join();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The little of JUnit's extension context the check uses, over a map. */
  private static ExtensionContext context(Optional<Throwable> failure) {
    Map<Object, Object> values = new HashMap<>();
    ExtensionContext.Store store =
        (ExtensionContext.Store)
            Proxy.newProxyInstance(
                LeakCheckTest.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.Store.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "put" -> values.put(args[0], args[1]);
                      case "remove" -> ((Class<?>) args[1]).cast(values.remove(args[0]));
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return (ExtensionContext)
        Proxy.newProxyInstance(
            LeakCheckTest.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getStore" -> store;
                  case "getUniqueId" -> "[test:leaky()]";
                  case "getDisplayName" -> "leaky()";
                  case "getExecutionException" -> failure;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
