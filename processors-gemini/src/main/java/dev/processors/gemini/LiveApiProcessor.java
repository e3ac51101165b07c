package dev.processors.gemini;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.core.SignalKind;
import dev.processors.model.ModelParts;
import dev.processors.model.ToolDeclaration;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Gemini Live API session (BidiGenerateContent over WebSocket) as a processor: a native live
 * model with audio in and out, transcriptions, tool calls and server-side interruption.
 *
 * <pre>{@code
 * LiveApiProcessor live = LiveApiProcessor.builder()
 *     .apiKey(System.getenv("GEMINI_API_KEY"))
 *     .model("gemini-live-2.5-flash-preview")
 *     .systemInstruction("You are a friendly voice assistant.")
 *     .transcribeInput(true).transcribeOutput(true)
 *     .build();
 * Processor agent = microphone.andThen(live).andThen(rateLimiter).andThen(speaker);
 * }</pre>
 *
 * <p><b>Input.</b> Parts on the {@value #REALTIME} substream are streamed as realtime input: audio,
 * video frames and text; {@code start_of_speech}/{@code end_of_speech} signals there become
 * activity start/end (with {@code manualActivity(true)}). Parts on the default substream form a
 * turn sent when an {@code end_of_turn} signal arrives (or when the input ends). {@link
 * Content.FunctionResponse} parts are sent back as tool responses.
 *
 * <p><b>Output.</b> Model audio and text (role model); input and output transcriptions on the
 * {@value #INPUT_TRANSCRIPTION} and {@value #OUTPUT_TRANSCRIPTION} substreams; an {@code
 * interrupted} control signal when the server detects a barge-in (it drops audio queued
 * downstream); {@code generation_complete}; {@code end_of_turn} carrying the usage in metadata
 * {@code usage}; tool calls as {@link Content.FunctionCall} parts. Model output parts carry the
 * turn's utterance id in metadata {@link PlaybackTracker#UTTERANCE_ID}, a new one per model turn.
 *
 * <p>With {@code manualActivity(true)}, a {@code start_of_speech} from the local VAD also emits an
 * {@code interrupted} signal if the model spoke since the last one: the server only interrupts what
 * it is still generating, while the answer may still be playing downstream.
 *
 * <p><b>Resumption.</b> The session asks for resumption handles. On {@code goAway}, or when the
 * connection drops, it reconnects with the latest handle (retrying with the reconnect policy) and
 * carries on; input sent meanwhile waits and is not lost. Without a handle, or when every attempt
 * fails, the run fails with a {@link LiveApiException}. A dropped connection is not always reported
 * by the socket, so silence counts too: a connection silent for {@code connectTimeout} is pinged,
 * and one that stays silent for another {@code connectTimeout} is treated as dropped.
 *
 * <p><b>Threading.</b> The stage thread sends; one virtual thread reads the socket and emits. The
 * WebSocket runs on virtual threads. Closing the run closes the socket and ends every thread. When
 * the input ends, the processor waits (up to {@code drainTimeout}) for the model to finish its
 * turn. <b>Secrets.</b> The API key is sent only in the {@code x-goog-api-key} header and never
 * appears in messages, logs or {@code toString()}.
 */
public final class LiveApiProcessor implements Processor {
  /** The substream of realtime input. */
  public static final String REALTIME = "realtime";

  /** The substream of transcriptions of the user's speech. */
  public static final String INPUT_TRANSCRIPTION = ModelParts.INPUT_TRANSCRIPTION;

  /** The substream of transcriptions of the model's speech. */
  public static final String OUTPUT_TRANSCRIPTION = ModelParts.OUTPUT_TRANSCRIPTION;

  /** The default endpoint. */
  public static final String DEFAULT_BASE_URL = "wss://generativelanguage.googleapis.com";

  private final Config config;

  record Config(
      String model,
      String apiKey,
      String baseUrl,
      String apiVersion,
      boolean audioOut,
      String systemInstruction,
      List<ToolDeclaration> tools,
      boolean transcribeInput,
      boolean transcribeOutput,
      boolean manualActivity,
      Duration connectTimeout,
      Duration drainTimeout,
      RetryPolicy reconnectPolicy) {
    URI uri() {
      String base = baseUrl.replaceFirst("^http", "ws");
      if (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      return URI.create(
          base
              + "/ws/google.ai.generativelanguage."
              + apiVersion
              + ".GenerativeService.BidiGenerateContent");
    }

    /** What the setup message of each connection asks for. */
    LiveMessages.Setup setup() {
      return new LiveMessages.Setup(
          model,
          audioOut,
          systemInstruction,
          tools,
          transcribeInput,
          transcribeOutput,
          manualActivity);
    }

    @Override
    public String toString() {
      return "LiveApiProcessor.Config[model="
          + model
          + ", baseUrl="
          + baseUrl
          + ", apiKey="
          + (apiKey == null ? "none" : "***")
          + "]";
    }
  }

  private LiveApiProcessor(Config config) {
    this.config = config;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "live-api(" + config.model() + ")";
  }

  @Override
  public String toString() {
    return "LiveApiProcessor[" + config + "]";
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    HttpClient http =
        HttpClient.newBuilder().executor(executor).connectTimeout(config.connectTimeout()).build();
    Link link = new Link(http, out, Thread.currentThread());
    Thread reader = null;
    try {
      link.session =
          LiveSession.open(
              http,
              config.uri(),
              config.apiKey(),
              LiveMessages.setup(config.setup(), Optional.empty()),
              config.connectTimeout());
      reader = Thread.ofVirtual().name("processors:live-api reader").start(link::read);
      List<ProcessorPart> turn = new ArrayList<>();
      boolean sentAudio = false;
      for (ProcessorPart p : in) {
        if (p.substream().equals(REALTIME)) {
          String msg = LiveMessages.realtimeInput(p);
          if (msg != null) {
            boolean audio = p.mimeType().startsWith("audio/");
            sentAudio |= audio;
            if (audio) {
              link.audioSent();
            }
            link.send(msg);
            if (p.isSignal(SignalKind.START_OF_SPEECH)) {
              link.localBargeIn();
            }
          }
          continue;
        }
        switch (p.content()) {
          case Content.FunctionResponse r -> link.send(LiveMessages.toolResponse(List.of(r)));
          case Content.Signal s -> {
            if (s.kind() == SignalKind.END_OF_TURN && !turn.isEmpty()) {
              link.sendTurn(LiveMessages.clientTurn(turn, true));
              turn.clear();
            }
          }
          case Content.Text t -> turn.add(p);
          case Content.Blob b -> turn.add(p);
          default -> {}
        }
      }
      if (!turn.isEmpty()) {
        link.sendTurn(LiveMessages.clientTurn(turn, true));
      }
      if (sentAudio) {
        link.endAudio();
      }
      link.awaitIdle();
    } catch (CancellationException | InterruptedException e) {
      link.rethrowFailure();
      throw e;
    } finally {
      link.close();
      if (reader != null) {
        reader.interrupt();
        reader.join();
      }
      executor.shutdownNow();
      http.shutdownNow();
    }
    link.rethrowFailure();
  }

  /** The connection state shared by the sending stage thread and the reading thread. */
  private final class Link {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final HttpClient http;
    private final PartSink out;
    private final Thread stage;
    LiveSession session;
    private String handle;
    private int pendingTurns;
    private boolean modelActive;
    private boolean audioSinceTurn;
    private final ReentrantLock emitLock = new ReentrantLock();
    private boolean outputSinceInterrupt; // guarded by emitLock
    private String utterance = UUID.randomUUID().toString(); // only the reading thread uses it
    private boolean closing;
    private volatile RuntimeException failure;

    Link(HttpClient http, PartSink out, Thread stage) {
      this.http = http;
      this.out = out;
      this.stage = stage;
    }

    private void emit(ProcessorPart part) {
      emitLock.lock();
      try {
        out.emit(part);
      } finally {
        emitLock.unlock();
      }
    }

    /**
     * The user started speaking (our VAD said so): the model's last answer may still be playing
     * downstream, where the server's own interruption cannot reach it, so stop it here.
     */
    void localBargeIn() {
      emitLock.lock();
      try {
        if (outputSinceInterrupt) {
          outputSinceInterrupt = false;
          out.emit(ProcessorPart.interrupted());
        }
      } finally {
        emitLock.unlock();
      }
    }

    void audioSent() {
      lock.lock();
      try {
        audioSinceTurn = true;
      } finally {
        lock.unlock();
      }
    }

    /** Ends the audio stream; if audio came after the last answer, an answer to it is awaited. */
    void endAudio() throws InterruptedException {
      lock.lock();
      try {
        if (audioSinceTurn) {
          pendingTurns++;
        }
      } finally {
        lock.unlock();
      }
      send(LiveMessages.audioStreamEnd());
    }

    void sendTurn(String json) throws InterruptedException {
      lock.lock();
      try {
        pendingTurns++;
      } finally {
        lock.unlock();
      }
      send(json);
    }

    /** Sends on the current connection; while it is being replaced, waits for the new one. */
    void send(String json) throws InterruptedException {
      while (true) {
        LiveSession s;
        lock.lock();
        try {
          s = session;
        } finally {
          lock.unlock();
        }
        try {
          s.send(json);
          return;
        } catch (LiveApiConnectionLostException e) {
          lock.lock();
          try {
            while (session == s && failure == null && !closing) {
              if (!changed.await(config.connectTimeout().toMillis() * 4, TimeUnit.MILLISECONDS)) {
                break;
              }
            }
            if (failure != null) {
              throw failure;
            }
            if (session == s) {
              throw e;
            }
          } finally {
            lock.unlock();
          }
        }
      }
    }

    /** The reading thread: emits what the server says; resumes the session when it must. */
    void read() {
      try {
        LiveSession s = current();
        while (true) {
          LiveSession.Event e = s.next(config.connectTimeout());
          switch (e) {
            case LiveSession.Message m -> {
              if (handle(m) && !isClosing()) {
                s = reconnect("the server sent goAway", s);
              }
            }
            case LiveSession.Closed c -> {
              if (isClosing()) {
                return;
              }
              s = reconnect("the server closed the connection (" + c.code() + ")", s);
            }
            case LiveSession.Failed f -> {
              if (isClosing()) {
                return;
              }
              if (f.error() instanceof LiveApiProtocolException m) {
                throw m;
              }
              s = reconnect("the connection failed: " + f.error().getClass().getSimpleName(), s);
            }
          }
        }
      } catch (InterruptedException | CancellationException e) {
        // closing
      } catch (RuntimeException e) {
        failure = e;
        lock.lock();
        try {
          changed.signalAll();
        } finally {
          lock.unlock();
        }
        stage.interrupt();
      }
    }

    /** Emits a message's parts and updates the state; true if the server said goAway. */
    private boolean handle(LiveSession.Message m) {
      LiveMessages.Decoded d = LiveMessages.decode(m.json());
      for (ProcessorPart p : d.parts()) {
        // Model output carries its turn's utterance id, so the audio side can report what was
        // heard.
        boolean model = p.role().equals(ProcessorPart.MODEL) && !p.isOutOfBand();
        emitLock.lock();
        try {
          out.emit(model ? p.withMetadata(PlaybackTracker.UTTERANCE_ID, utterance) : p);
          if (p.isSignal(SignalKind.INTERRUPTED)) {
            outputSinceInterrupt = false;
          } else if (model) {
            outputSinceInterrupt = true;
          }
        } finally {
          emitLock.unlock();
        }
      }
      if (d.turnComplete() || d.interrupted()) {
        utterance = UUID.randomUUID().toString();
      }
      lock.lock();
      try {
        d.newHandle().ifPresent(h -> handle = h);
        if (d.modelActive()) {
          modelActive = true;
        }
        if (d.turnComplete() || d.interrupted()) {
          modelActive = false;
        }
        if (d.turnComplete()) {
          audioSinceTurn = false;
          if (pendingTurns > 0) {
            pendingTurns--;
          }
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      return d.goAway();
    }

    private LiveSession reconnect(String why, LiveSession old) throws InterruptedException {
      String h;
      lock.lock();
      try {
        h = handle;
      } finally {
        lock.unlock();
      }
      if (h == null) {
        throw new LiveApiConnectionLostException(
            "the connection was lost ("
                + why
                + ") and cannot be resumed: the server sent no resumption handle",
            false,
            null);
      }
      RetryPolicy policy = config.reconnectPolicy();
      LiveApiException last = null;
      for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
        try {
          LiveSession fresh =
              LiveSession.open(
                  http,
                  config.uri(),
                  config.apiKey(),
                  LiveMessages.setup(config.setup(), Optional.of(h)),
                  config.connectTimeout());
          // Whatever the old connection still delivered comes first, in order.
          for (LiveSession.Event e = old.poll(); e != null; e = old.poll()) {
            if (e instanceof LiveSession.Message m) {
              handle(m);
            }
          }
          old.close();
          lock.lock();
          try {
            session = fresh;
            changed.signalAll();
          } finally {
            lock.unlock();
          }
          emit(ProcessorPart.debug("live session resumed after: " + why));
          return fresh;
        } catch (LiveApiException e) {
          last = e;
          if (attempt < policy.maxAttempts()) {
            policy.pause(attempt, e);
          }
        }
      }
      throw new LiveApiConnectionLostException(
          "could not resume the session after " + policy.maxAttempts() + " attempts (" + why + ")",
          true,
          last);
    }

    void awaitIdle() throws InterruptedException {
      long deadline = System.nanoTime() + config.drainTimeout().toNanos();
      lock.lock();
      try {
        while ((pendingTurns > 0 || modelActive) && failure == null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          changed.awaitNanos(left);
        }
      } finally {
        lock.unlock();
      }
    }

    private LiveSession current() {
      lock.lock();
      try {
        return session;
      } finally {
        lock.unlock();
      }
    }

    private boolean isClosing() {
      lock.lock();
      try {
        return closing;
      } finally {
        lock.unlock();
      }
    }

    void rethrowFailure() {
      if (failure != null) {
        Thread.interrupted();
        throw failure;
      }
    }

    void close() {
      LiveSession s;
      lock.lock();
      try {
        closing = true;
        s = session;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      if (s != null) {
        s.close();
      }
    }
  }

  /** Builds a {@link LiveApiProcessor}; each setter validates its argument. */
  public static final class Builder {
    private String model = "gemini-live-2.5-flash-preview";
    private String apiKey;
    private String baseUrl = DEFAULT_BASE_URL;
    private String apiVersion = "v1beta";
    private boolean audioOut = true;
    private String systemInstruction;
    private final List<ToolDeclaration> tools = new ArrayList<>();
    private boolean transcribeInput;
    private boolean transcribeOutput;
    private boolean manualActivity;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private RetryPolicy reconnectPolicy =
        RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ofMillis(100)).build();

    private Builder() {}

    /** The model, e.g. {@code gemini-live-2.5-flash-preview}. */
    public Builder model(String model) {
      this.model = requireText(model, "model");
      return this;
    }

    /** The API key (sent in a header, never shown). */
    public Builder apiKey(String apiKey) {
      this.apiKey = requireText(apiKey, "apiKey");
      return this;
    }

    /** The endpoint: {@code wss://...} (or {@code ws://127.0.0.1:PORT} for a local fake). */
    public Builder baseUrl(String baseUrl) {
      String url = requireText(baseUrl, "baseUrl");
      if (!url.matches("^(wss?|https?)://.+")) {
        throw new IllegalArgumentException(
            "baseUrl must start with ws://, wss://, http:// or https://, got " + url);
      }
      this.baseUrl = url;
      return this;
    }

    /** The API version in the path (default {@code v1beta}). */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = requireText(apiVersion, "apiVersion");
      return this;
    }

    /** Audio answers (default) or text answers. */
    public Builder audioOutput(boolean audio) {
      this.audioOut = audio;
      return this;
    }

    /** The system instruction. */
    public Builder systemInstruction(String instruction) {
      this.systemInstruction = requireText(instruction, "systemInstruction");
      return this;
    }

    /** Tools the model may call. */
    public Builder tools(ToolDeclaration... tools) {
      for (ToolDeclaration t : tools) {
        this.tools.add(Objects.requireNonNull(t, "tool"));
      }
      return this;
    }

    /** Ask for transcriptions of the user's speech. */
    public Builder transcribeInput(boolean on) {
      this.transcribeInput = on;
      return this;
    }

    /** Ask for transcriptions of the model's speech. */
    public Builder transcribeOutput(boolean on) {
      this.transcribeOutput = on;
      return this;
    }

    /** Turn the server's voice activity detection off and send activity start/end signals. */
    public Builder manualActivity(boolean on) {
      this.manualActivity = on;
      return this;
    }

    /** How long connecting and the setup may take (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requirePositive(timeout, "connectTimeout");
      return this;
    }

    /** How long to wait for the last answer after the input ended (default 30 s). */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = requirePositive(timeout, "drainTimeout");
      return this;
    }

    /** How reconnections are retried (default 3 attempts from 100 ms). */
    public Builder reconnectPolicy(RetryPolicy policy) {
      this.reconnectPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The processor.
     *
     * @throws IllegalStateException if the real service is the endpoint and no API key was given
     */
    public LiveApiProcessor build() {
      if (apiKey == null && baseUrl.equals(DEFAULT_BASE_URL)) {
        throw new IllegalStateException("the Gemini Live API needs an API key: call apiKey(...)");
      }
      return new LiveApiProcessor(
          new Config(
              model,
              apiKey,
              baseUrl,
              apiVersion,
              audioOut,
              systemInstruction,
              List.copyOf(tools),
              transcribeInput,
              transcribeOutput,
              manualActivity,
              connectTimeout,
              drainTimeout,
              reconnectPolicy));
    }

    private static String requireText(String s, String what) {
      if (Objects.requireNonNull(s, what).isBlank()) {
        throw new IllegalArgumentException(what + " is blank");
      }
      return s;
    }

    private static Duration requirePositive(Duration d, String what) {
      if (Objects.requireNonNull(d, what).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
