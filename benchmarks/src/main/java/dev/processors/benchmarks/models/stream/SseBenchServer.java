package dev.processors.benchmarks.models.stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A neutral SSE server for the model streaming benchmarks: answers {@code POST
 * /v1/chat/completions}, {@code POST /v1/responses} and {@code POST
 * /v1beta/models/{model}:streamGenerateContent} with a {@link WireScript}, on 127.0.0.1 only. It
 * knows no contender; the request's model name says what to send: {@code bench-n<N>-p<µs>} streams
 * N deltas, all at once when the pace is 0 (burst), else one every {@code µs} microseconds on a
 * drift-free schedule (paced), each event flushed on its own.
 *
 * <p>Runs in its own JVM ({@link BenchServerProcess}) so that its CPU time and allocation never
 * count against a contender. Prints {@code port=<port>} on standard output once listening and exits
 * when its standard input closes (so it dies with the JVM that started it). Needs {@code
 * -Dsun.net.httpserver.nodelay=true}: with Nagle's algorithm a paced event could wait for the
 * client's delayed ACK.
 */
public final class SseBenchServer {
  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern SPEC = Pattern.compile("bench-n(\\d+)-p(\\d+)");
  private static final String GEMINI_PREFIX = "/v1beta/models/";
  private static final String GEMINI_SUFFIX = ":streamGenerateContent";

  private final Map<String, WireScript> scripts = new ConcurrentHashMap<>();
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

  private SseBenchServer() {}

  /** Starts the server; see the class comment. */
  public static void main(String[] args) throws Exception {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    SseBenchServer server = new SseBenchServer();
    http.createContext("/", server::handle);
    http.start();
    System.out.println("port=" + http.getAddress().getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to go
    }
    http.stop(0);
    System.exit(0);
  }

  private void handle(HttpExchange ex) {
    try {
      byte[] request;
      try (InputStream in = ex.getRequestBody()) {
        request = in.readAllBytes();
      }
      String path = ex.getRequestURI().getPath();
      WireScript.Api api;
      String model;
      if (path.endsWith("/chat/completions") || path.endsWith("/responses")) {
        api = path.endsWith("/responses") ? WireScript.Api.RESPONSES : WireScript.Api.CHAT;
        Matcher m = MODEL.matcher(new String(request, StandardCharsets.UTF_8));
        model = m.find() ? m.group(1) : "";
      } else if (path.startsWith(GEMINI_PREFIX) && path.endsWith(GEMINI_SUFFIX)) {
        api = WireScript.Api.GEMINI;
        model = path.substring(GEMINI_PREFIX.length(), path.length() - GEMINI_SUFFIX.length());
      } else {
        reject(ex, 404, "no such endpoint: " + path);
        return;
      }
      Matcher spec = SPEC.matcher(model);
      if (!spec.matches()) {
        reject(ex, 400, "model must be bench-n<deltas>-p<pace micros>, got '" + model + "'");
        return;
      }
      int n = Integer.parseInt(spec.group(1));
      long paceNanos = Long.parseLong(spec.group(2)) * 1000;
      String key = api + "/" + model;
      WireScript script = scripts.computeIfAbsent(key, k -> WireScript.of(api, model, n));
      ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      ex.sendResponseHeaders(200, 0); // chunked, as the services stream
      OutputStream out = ex.getResponseBody();
      if (paceNanos == 0) {
        out.write(bodies.computeIfAbsent(key, k -> script.all()));
      } else {
        paced(script, paceNanos, out);
      }
      out.close();
    } catch (IOException e) {
      // The client went away (a cancelled contender): nothing to do.
    } finally {
      ex.close();
    }
  }

  private static void paced(WireScript script, long paceNanos, OutputStream out)
      throws IOException {
    List<byte[]> deltas = script.deltas();
    long start = System.nanoTime();
    for (int i = 0; i < deltas.size(); i++) {
      long due = start + i * paceNanos;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      if (i == 0) {
        out.write(script.head());
      }
      out.write(deltas.get(i));
      if (i == deltas.size() - 1) {
        out.write(script.tail());
      }
      out.flush();
    }
  }

  private static void reject(HttpExchange ex, int status, String message) throws IOException {
    byte[] body =
        ("{\"error\":{\"message\":\"" + message.replace("\"", "'") + "\",\"code\":" + status + "}}")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }
}
