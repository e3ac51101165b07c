package dev.processors.assistant;

import com.rabbitmq.client.Connection;
import dev.processors.core.ProcessorCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The assistant streaming service: messages from RabbitMQ answered by a model, conversation state
 * in Redis, frames to WebSocket clients.
 *
 * <pre>{@code
 * AssistantSettings settings = AssistantSettings.fromEnvironment();
 * try (AssistantService service = AssistantService.builder(settings).build()) {
 *   service.awaitClose();                          // until Ctrl-C (a shutdown hook closes it)
 * }
 * }</pre>
 *
 * <p>With role {@code all} one process runs a router, a worker and a WebSocket server; {@code
 * worker} and {@code websocket} run one side only, so the two scale out independently (see the
 * README for the flow and {@code docs/decisions} for the ordering design).
 *
 * <p><b>Threading.</b> Everything runs on virtual threads: RabbitMQ's consumer callbacks, one
 * thread per message being answered, Helidon's connections. <b>Errors.</b> {@link Builder#build()}
 * throws {@link AssistantException} saying which server cannot be reached or which setting is
 * wrong; once running, bad messages and model failures become {@code error} frames and never stop
 * the service. {@link #close()} stops taking messages, lets the broker redeliver the ones in
 * progress, and closes every connection.
 */
public final class AssistantService implements AutoCloseable {
  private final List<AutoCloseable> closeables;
  private final Optional<FrameServer> frames;
  private final Optional<Worker> worker;
  private final ConversationModel model;
  private final CountDownLatch closed = new CountDownLatch(1);

  private AssistantService(
      List<AutoCloseable> closeables,
      Optional<FrameServer> frames,
      Optional<Worker> worker,
      ConversationModel model) {
    this.closeables = closeables;
    this.frames = frames;
    this.worker = worker;
    this.model = model;
  }

  /** A builder for a service with these settings. */
  public static Builder builder(AssistantSettings settings) {
    return new Builder(Objects.requireNonNull(settings, "settings"));
  }

  /** The WebSocket server, if this process runs one. */
  public Optional<FrameServer> frameServer() {
    return frames;
  }

  /** Who answers (never a secret). */
  public String modelDescription() {
    return model.description();
  }

  /** How many messages this process is answering right now. */
  public int inProgress() {
    return worker.map(Worker::inProgress).orElse(0);
  }

  /** How many messages this process has answered since it started. */
  public long answered() {
    return worker.map(Worker::answered).orElse(0L);
  }

  /** Blocks until {@link #close()} is called. */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Stops everything, in the reverse order of starting. Idempotent. */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // go on closing the rest
      }
    }
  }

  /** Builds an {@link AssistantService}. Not thread-safe. */
  public static final class Builder {
    private final AssistantSettings settings;
    private Map<String, String> environment = System.getenv();
    private ConversationModel model;
    private String bindHost = "0.0.0.0";

    private Builder(AssistantSettings settings) {
      this.settings = settings;
    }

    /** The environment the model and the weather tool are chosen from (default: the process's). */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /** The model to use instead of the one the environment names; the service closes it. */
    public Builder model(ConversationModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** The address the WebSocket server binds (default {@code 0.0.0.0}). */
    public Builder bindHost(String host) {
      this.bindHost = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Connects, declares the queues and starts consuming and serving.
     *
     * @throws AssistantException if RabbitMQ or Redis cannot be reached, or the port is taken
     */
    public AssistantService build() {
      List<AutoCloseable> started = new ArrayList<>();
      try {
        Redis redis = Redis.connect(settings.redisUrl(), settings.redisPrefix());
        started.add(redis);
        WeatherTool weather = WeatherTool.fromEnvironment(environment);
        Optional<ProcessorCache> cache =
            settings.responseCacheTtl().isZero()
                ? Optional.empty()
                : Optional.of(RedisResponseCache.on(redis, settings.responseCacheTtl()));
        ConversationModel m =
            model != null
                ? model
                : AssistantModels.fromEnvironment(
                    environment, weather.tools().declarations(), cache);
        started.add(m);
        ConversationStore store =
            new ConversationStore(redis, settings.threadExpiry(), settings.answeredTtl());
        FrameBus bus = new FrameBus(redis);
        Optional<Worker> worker = Optional.empty();
        if (settings.role().runsWorker()) {
          TurnOrder order =
              new TurnOrder(redis, settings.threadExpiry(), settings.answeredTtl(), true);
          started.add(order);
          Connection amqp = RabbitTopology.connect(settings.rabbitMqUrl(), "assistant-worker");
          started.add(amqp::close);
          RabbitTopology.declare(amqp, settings);
          AssistantTurn turn = new AssistantTurn(m, weather.tools(), store, bus);
          Worker w = new Worker(amqp, settings, order, store, turn);
          started.add(w);
          started.add(new Router(amqp, settings, order, bus, store));
          worker = Optional.of(w);
        }
        Optional<FrameServer> frames = Optional.empty();
        if (settings.role().runsWebSocket()) {
          FrameServer server =
              FrameServer.start(
                  redis, bindHost, settings.webSocketPort(), settings.webSocketPath());
          started.add(server);
          frames = Optional.of(server);
        }
        return new AssistantService(started, frames, worker, m);
      } catch (RuntimeException e) {
        for (int i = started.size() - 1; i >= 0; i--) {
          try {
            started.get(i).close();
          } catch (Exception ignored) {
            // reporting the first failure
          }
        }
        throw e;
      }
    }
  }
}
