package dev.processors.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol (the JDK's WebSocket client):
 * opens a page and evaluates JavaScript in it, so a test can wait for what a live page does after
 * it loaded (a WebSocket conversation), which {@code --dump-dom} cannot.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final HttpClient http = HttpClient.newHttpClient();
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final ConcurrentHashMap<Integer, CompletableFuture<JsonNode>> pending =
      new ConcurrentHashMap<>();
  private String session;

  /** Chromium on the PATH (Debian installs /usr/bin/chromium). */
  static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin");
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  HeadlessChromium(Path browser) throws Exception {
    profile = Files.createTempDirectory("chromium-profile");
    process =
        new ProcessBuilder(
                browser.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-allow-origins=*",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String url = devToolsUrl();
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(url), new Listener())
            .get(20, TimeUnit.SECONDS);
  }

  private String devToolsUrl() throws IOException {
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
      Matcher m = DEVTOOLS.matcher(line);
      if (m.find()) {
        Thread.ofVirtual().start(() -> drain(err));
        return m.group(1);
      }
      seen.append(line).append('\n');
    }
    throw new IOException("chromium printed no DevTools address; its output:\n" + seen);
  }

  private static void drain(BufferedReader err) {
    try {
      while (err.readLine() != null) {
        // keep the pipe from filling up
      }
    } catch (IOException ignored) {
      // chromium exited
    }
  }

  /** Opens {@code url} in a new tab and attaches to it. */
  void open(String url) throws Exception {
    String target =
        call(null, "Target.createTarget", params().put("url", url)).path("targetId").asText();
    session =
        call(null, "Target.attachToTarget", params().put("targetId", target).put("flatten", true))
            .path("sessionId")
            .asText();
  }

  /** Evaluates a JavaScript expression in the page and returns its value as text. */
  String evaluate(String expression) throws Exception {
    JsonNode result =
        call(
            session,
            "Runtime.evaluate",
            params().put("expression", expression).put("returnByValue", true));
    return result.path("result").path("value").asText("");
  }

  /** Evaluates {@code expression} until it is {@code "true"}; false if {@code timeout} passed. */
  boolean await(String expression, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (evaluate(expression).equals("true")) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private JsonNode call(String sessionId, String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(message.toString(), true).join();
    JsonNode reply = answer.get(30, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IOException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  private static ObjectNode params() {
    return JSON.createObjectNode();
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    } catch (RuntimeException ignored) {
      // going anyway
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
    http.close();
    try (var paths = Files.walk(profile)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode node = JSON.readTree(text.toString());
          if (node.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(node.get("id").asInt());
            if (f != null) {
              f.complete(node);
            }
          }
        } catch (IOException e) {
          // not a reply
        }
        text.setLength(0);
      }
      ws.request(1);
      return CompletableFuture.completedFuture(null);
    }
  }
}
