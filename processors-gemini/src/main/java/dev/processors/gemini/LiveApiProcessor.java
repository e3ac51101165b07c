package dev.processors.gemini;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.core.SignalKind;
import dev.processors.core.TaskScope;
import dev.processors.model.Cleartext;
import dev.processors.model.ModelParts;
import dev.processors.model.ToolDeclaration;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

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
 * turn's utterance id in metadata {@link dev.processors.core.PlaybackTracker#UTTERANCE_ID}, a new
 * one per model turn.
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
 * <p><b>Every turn is answered once.</b> A turn (a client turn, a tool response, the end of an
 * audio stream) counts as answered when the server's {@code turnComplete} for it arrives, or a
 * {@code toolCall} (the tool response is then the next turn), in order; until then it is pending,
 * however it was written (a message written into a connection that is dropping may never arrive).
 * After a resumption every pending turn is sent again, in order, before any new input; if part of
 * its answer had arrived, an {@code interrupted} signal first tells downstream to drop that part,
 * since the answer comes again whole. Audio cannot be sent again: an audio turn lost with a
 * connection fails the run with {@link LiveApiUnansweredException}. So does a turn still unanswered
 * {@code drainTimeout} after the input ended: a server that never answers never ends a run as if it
 * had.
 *
 * <p><b>Threading.</b> The stage thread sends; one task of the run (made by the run's thread
 * factory, see {@link dev.processors.core.TaskScope}) reads the socket and emits. Every session of
 * the JVM shares one {@code HttpClient} whose executor makes virtual threads only, so an open
 * session holds no platform thread of its own (the client's one selector thread serves them all);
 * closing the run closes the session's socket at once and ends its task. Nothing waits on a thread
 * interrupt: waits end on a signal or on the {@link Clock} ({@link Builder#clock}). <b>Secrets.</b>
 * The API key is sent only in the {@code x-goog-api-key} header, only over {@code wss://} unless
 * the host is loopback or {@link Builder#allowCleartext()} was called, and never appears in
 * messages, logs or {@code toString()}.
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
  private final Clock clock;

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

  private LiveApiProcessor(Config config, Clock clock) {
    this.config = config;
    this.clock = clock;
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
    LiveLink link = new LiveLink(config, clock, out.shared());
    try (TaskScope tasks = TaskScope.open()) {
      try {
        link.open();
        tasks.fork("live-api reader", link::read);
        sendInput(in, link);
        link.awaitIdle();
      } catch (InterruptedException | CancellationException e) {
        link.rethrowFailure(); // the reader failed and its failure woke us: that is the error
        throw e;
      } finally {
        link.close();
      }
      tasks.join();
    }
  }

  /** Sends the input: realtime parts as they come, turns when they end. */
  private static void sendInput(PartStream in, LiveLink link) throws InterruptedException {
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
        case Content.FunctionResponse r -> link.sendTurn(LiveMessages.toolResponse(List.of(r)));
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
    private RetryPolicy reconnectPolicy;
    private Clock clock = Clock.system();
    private boolean allowCleartext;

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

    /** How reconnections are retried (default 3 attempts from 100 ms, on {@link #clock}). */
    public Builder reconnectPolicy(RetryPolicy policy) {
      this.reconnectPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The clock the drain timeout and the pauses between reconnection attempts are measured on
     * (default {@link Clock#system()}; a {@link dev.processors.core.VirtualClock} in tests). The
     * connection's silence heartbeat is a property of the network and stays on real time.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Lets the API key go to a {@code ws://} or {@code http://} endpoint on another host: only for
     * a trusted network. Without it, {@link #build()} refuses a key over clear text unless the host
     * is loopback.
     */
    public Builder allowCleartext() {
      this.allowCleartext = true;
      return this;
    }

    /**
     * The processor.
     *
     * @throws IllegalStateException if the real service is the endpoint and no API key was given,
     *     or the key would be sent in clear text to a host that is not loopback (see {@link
     *     #allowCleartext()}); the message names the URL, never the key
     */
    public LiveApiProcessor build() {
      if (apiKey == null && baseUrl.equals(DEFAULT_BASE_URL)) {
        throw new IllegalStateException("the Gemini Live API needs an API key: call apiKey(...)");
      }
      Cleartext.check(baseUrl, apiKey != null, allowCleartext);
      RetryPolicy policy =
          reconnectPolicy != null
              ? reconnectPolicy
              : RetryPolicy.builder()
                  .maxAttempts(3)
                  .initialDelay(Duration.ofMillis(100))
                  .clock(clock)
                  .build();
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
              policy),
          clock);
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
