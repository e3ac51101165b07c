package dev.processors.gemini;

import dev.processors.core.Clock;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.RetryPolicy;
import dev.processors.core.TaskScope;
import dev.processors.model.Cleartext;
import dev.processors.model.ModelParts;
import dev.processors.model.ToolDeclaration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 *     .voice("Kore").languageCode("en-US")
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
 * audio stream) is pending until the server's {@code turnComplete} (or a {@code toolCall}) for it
 * arrives; after a resumption every pending turn is sent again, in order, before any new input,
 * with an {@code interrupted} signal first if part of its answer had arrived. Audio cannot be sent
 * again: an audio turn lost with a connection fails the run with {@link
 * LiveApiUnansweredException}, as does a turn still unanswered {@code drainTimeout} after the input
 * ended.
 *
 * <p><b>Session settings.</b> Besides the named settings (voice, language, response modalities,
 * temperature, transcriptions, tools), {@link Builder#realtimeConfig} passes any other field of the
 * setup message through as given, as genai-processors' {@code realtime_config} does.
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

  /** What the model answers with: the setup's {@code responseModalities}. */
  public enum Modality {
    /** Spoken answers, as PCM audio parts. */
    AUDIO,
    /** Written answers, as text parts. */
    TEXT
  }

  private final LiveConfig config;
  private final Clock clock;

  private LiveApiProcessor(LiveConfig config, Clock clock) {
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
        tasks.fork("live-api reader", new LiveReader(link)::read);
        LiveInput.send(in, link);
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

  /**
   * Builds a {@link LiveApiProcessor}. Every setter validates its argument and throws {@link
   * IllegalArgumentException} or {@link NullPointerException} naming it. Not thread-safe.
   */
  public static final class Builder {
    private String model = "gemini-live-2.5-flash-preview";
    private String apiKey;
    private String baseUrl = DEFAULT_BASE_URL;
    private String apiVersion = "v1beta";
    private List<String> modalities = List.of(Modality.AUDIO.name());
    private String systemInstruction;
    private final List<ToolDeclaration> tools = new ArrayList<>();
    private boolean transcribeInput;
    private boolean transcribeOutput;
    private boolean manualActivity;
    private String voice;
    private String languageCode;
    private Double temperature;
    private Map<String, Object> realtimeConfig = Map.of();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private RetryPolicy reconnectPolicy;
    private Clock clock = Clock.system();
    private boolean allowCleartext;

    private Builder() {}

    /** The model, e.g. {@code gemini-live-2.5-flash-preview}. */
    public Builder model(String model) {
      this.model = Checks.notBlank(model, "model");
      return this;
    }

    /** The API key (sent in a header, never shown). */
    public Builder apiKey(String apiKey) {
      this.apiKey = Checks.notBlank(apiKey, "apiKey");
      return this;
    }

    /** The endpoint: {@code wss://...} (or {@code ws://127.0.0.1:PORT} for a local fake). */
    public Builder baseUrl(String baseUrl) {
      String url = Checks.notBlank(baseUrl, "baseUrl");
      if (!url.matches("^(wss?|https?)://.+")) {
        throw new IllegalArgumentException(
            "baseUrl must start with ws://, wss://, http:// or https://, got " + url);
      }
      this.baseUrl = url;
      return this;
    }

    /** The API version in the path (default {@code v1beta}). */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = Checks.notBlank(apiVersion, "apiVersion");
      return this;
    }

    /** Audio answers (default) or text answers: {@link #responseModalities} in one switch. */
    public Builder audioOutput(boolean audio) {
      return responseModalities(audio ? Modality.AUDIO : Modality.TEXT);
    }

    /** What the model answers with (default {@link Modality#AUDIO}); in the given order. */
    public Builder responseModalities(Modality... modalities) {
      List<String> names = new ArrayList<>();
      for (Modality m : Checks.notEmpty(modalities, "modalities")) {
        if (!names.contains(m.name())) {
          names.add(m.name());
        }
      }
      this.modalities = List.copyOf(names);
      return this;
    }

    /** The prebuilt voice the model speaks with, e.g. {@code Kore} (default: the server's). */
    public Builder voice(String voiceName) {
      this.voice = Checks.notBlank(voiceName, "voiceName");
      return this;
    }

    /** The language of the model's speech, a BCP-47 code such as {@code en-US}. */
    public Builder languageCode(String languageCode) {
      this.languageCode = Checks.notBlank(languageCode, "languageCode");
      return this;
    }

    /** The sampling temperature, in [0, 2] (default: the server's). */
    public Builder temperature(double temperature) {
      this.temperature = Checks.inRange(temperature, 0, 2, "temperature");
      return this;
    }

    /**
     * Further fields of the setup message, passed through as given (camelCase wire names, e.g.
     * {@code Map.of("contextWindowCompression", Map.of("slidingWindow", Map.of()))}) and merged
     * last: objects field by field, other values replacing what the named settings wrote. Replaces
     * an earlier call's map.
     *
     * @throws IllegalArgumentException if it sets {@code model} or {@code sessionResumption} (the
     *     session manages them), or a value is not JSON-compatible
     */
    public Builder realtimeConfig(Map<String, Object> fields) {
      this.realtimeConfig = LiveSetup.passThrough(fields);
      return this;
    }

    /** The system instruction. */
    public Builder systemInstruction(String instruction) {
      this.systemInstruction = Checks.notBlank(instruction, "systemInstruction");
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
      this.connectTimeout = Checks.positive(timeout, "connectTimeout");
      return this;
    }

    /** How long to wait for the last answer after the input ended (default 30 s). */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = Checks.positive(timeout, "drainTimeout");
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
      LiveSetup setup =
          new LiveSetup(
              model,
              modalities,
              systemInstruction,
              List.copyOf(tools),
              transcribeInput,
              transcribeOutput,
              manualActivity,
              voice,
              languageCode,
              temperature,
              realtimeConfig);
      return new LiveApiProcessor(
          new LiveConfig(apiKey, baseUrl, apiVersion, setup, connectTimeout, drainTimeout, policy),
          clock);
    }
  }
}
