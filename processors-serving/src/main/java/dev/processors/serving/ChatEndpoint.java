package dev.processors.serving;

import dev.processors.core.PartJson;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.RunOptions;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * {@code POST /chat}: reads the request's parts, runs the processor on them and streams every
 * output part as an SSE {@code part} event, then {@code done} (or {@code error}). Runs on the
 * request's virtual thread; a client that goes away cancels the run.
 */
final class ChatEndpoint implements Handler {
  private final Processor processor;
  private final RunOptions options;
  private final Duration heartbeat;
  private final ActiveRuns runs;

  ChatEndpoint(Processor processor, RunOptions options, Duration heartbeat, ActiveRuns runs) {
    this.processor = processor;
    this.options = options;
    this.heartbeat = heartbeat;
    this.runs = runs;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    List<ProcessorPart> input;
    try {
      String contentType =
          req.headers().contentType().map(HttpMediaType::text).orElse("application/json");
      input = ChatRequest.parse(req.content().as(String.class), contentType);
    } catch (IllegalArgumentException e) {
      res.status(Status.BAD_REQUEST_400)
          .header(HeaderNames.CONTENT_TYPE, "application/json")
          .send(ChatRequest.error(e.getMessage()));
      return;
    }
    ProcessorRun run = processor.start(input, options);
    runs.add(run);
    try (SseStream sse = new SseStream(res.sink(SseSink.TYPE), heartbeat, run::close)) {
      stream(run, sse);
    } finally {
      run.close();
      runs.remove(run);
    }
  }

  private static void stream(ProcessorRun run, SseStream sse) {
    try {
      for (ProcessorPart part : run) {
        if (!sse.emit("part", PartJson.write(part))) {
          return;
        }
      }
      sse.emit("done", "{}");
    } catch (ProcessorException e) {
      sse.emit("error", Errors.json(e));
    } catch (CancellationException e) {
      if (!sse.clientGone()) {
        sse.emit("error", ChatRequest.error("the run was cancelled: the server is closing"));
      }
    }
  }
}
