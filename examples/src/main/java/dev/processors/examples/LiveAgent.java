package dev.processors.examples;

import dev.processors.audio.AudioRateLimiter;
import dev.processors.audio.ConversationRecording;
import dev.processors.audio.VoiceActivityProcessor;
import dev.processors.audio.WavFile;
import dev.processors.audio.WavFileSink;
import dev.processors.audio.WavFileSource;
import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.Recorder;
import dev.processors.core.RunOptions;
import dev.processors.core.SignalKind;
import dev.processors.gemini.LiveApiProcessor;
import dev.processors.metrics.LiveConsole;
import dev.processors.metrics.RealTimeMetrics;
import dev.processors.openai.OpenAiModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The main example: a voice agent. A recorded user (a WAV file, played at real-time pace) asks a
 * question, then interrupts the answer with another one. The pipeline:
 *
 * <pre>
 * user.wav ─► VAD ─► speech gate ─► Gemini Live API ─► AudioRateLimiter ─► agent.wav
 *  (real time)  (start/end of speech)  (or a local simulated one)  (natural pace, barge-in)
 * </pre>
 *
 * <p>Beside it, {@code conversation.wav} records the whole conversation on the run's clock: the
 * user (as the microphone gave it) on the left, the agent (as it was played) on the right.
 *
 * <p>Offline (no {@code GEMINI_API_KEY}) the Live API is a local fake server speaking its real
 * protocol, with scripted answers labelled "simulated". With the key set, the same pipeline talks
 * to Gemini. Live figures print once a second; an HTML report and the audio the user heard are
 * written at the end.
 */
public final class LiveAgent {
  /** The agent's audio as the user heard it, back to back. */
  static final String AGENT_WAV = "agent.wav";

  /** The whole conversation on its time line: user left, agent right. */
  static final String CONVERSATION_WAV = "conversation.wav";

  /** The HTML latency report. */
  static final String REPORT = "report.html";

  private LiveAgent() {}

  /** What a run produced. */
  record Result(
      Path audio,
      Path conversation,
      Path report,
      Duration heard,
      long interruptions,
      Duration droppedAudio,
      List<String> transcript,
      boolean simulated) {}

  /** Runs the agent; {@code speed} > 1 plays the conversation faster (for tests). */
  static Result run(PrintStream out, Path outDir, double speed, Optional<String> geminiKey)
      throws Exception {
    return run(out, outDir, speed, geminiKey, Optional.empty());
  }

  /** As above, with the Live API model to use ({@code GEMINI_LIVE_MODEL}) when it is set. */
  static Result run(
      PrintStream out,
      Path outDir,
      double speed,
      Optional<String> geminiKey,
      Optional<String> liveModel)
      throws Exception {
    return run(out, outDir, speed, geminiKey, liveModel, Optional.empty());
  }

  /**
   * As above, and with {@code recordTo} records the session there: the agent's input and output
   * (point "agent"), the model's (point "model") and every stage's, for {@code bin/run replay}.
   */
  static Result run(
      PrintStream out,
      Path outDir,
      double speed,
      Optional<String> geminiKey,
      Optional<String> liveModel,
      Optional<Path> recordTo)
      throws Exception {
    Files.createDirectories(outDir);
    Clock clock = ScaledClock.of(speed);
    Recorder recorder =
        recordTo.isPresent()
            ? Recorder.toFile(recordTo.get())
                .clock(clock)
                .label("example", LiveAgentReplay.EXAMPLE)
                .label("model", geminiKey.isPresent() ? "gemini live api" : "simulated")
                .build()
            : Recorder.off();
    Path userWav = copyResource("user.wav", outDir);
    Path agentWav = outDir.resolve(AGENT_WAV);
    Path conversationWav = outDir.resolve(CONVERSATION_WAV);
    Path report = outDir.resolve(REPORT);

    SimulatedVoiceModel simulated = null;
    LiveApiProcessor.Builder live =
        LiveApiProcessor.builder()
            .manualActivity(true) // our VAD decides when the user speaks
            .transcribeOutput(true)
            .systemInstruction("You are a friendly voice assistant. Answer in two short sentences.")
            .drainTimeout(Duration.ofSeconds(20));
    if (geminiKey.isPresent()) {
      live.apiKey(geminiKey.get());
      liveModel.ifPresent(live::model);
      out.println("live-agent: talking to Gemini's Live API (GEMINI_API_KEY is set)");
    } else {
      simulated =
          new SimulatedVoiceModel(
              List.of(
                  answer(
                      "[simulated] In Paris today it is sunny, with a light breeze and about twenty"
                          + " two degrees. Later this evening, clouds roll in from the west.",
                      "answer-paris.wav"),
                  answer(
                      "[simulated] Rome is warm and clear today, around twenty seven degrees.",
                      "answer-rome.wav")),
              speed);
      live.baseUrl(simulated.baseUrl());
      out.println(
          "live-agent: offline, with a simulated Live API model on 127.0.0.1 (set GEMINI_API_KEY"
              + " for the real one)");
    }

    PlaybackTracker playback = PlaybackTracker.create();
    RealTimeMetrics metrics = RealTimeMetrics.create(clock);
    // paced on the metrics' clock, so its pacing waits are not counted as processing time
    AudioRateLimiter limiter =
        AudioRateLimiter.builder().clock(metrics.clock()).playback(playback).build();
    long start = clock.nanoTime();
    Timeline timeline = new Timeline(out, clock, start);
    // offline, the model is a local simulation: the report says so rather than naming a Gemini
    // model
    Processor model = simulated == null ? live.build() : live.build().named("live-api(simulated)");
    List<String> transcript = new ArrayList<>();
    Set<String> utterances = new LinkedHashSet<>();
    try (ConversationRecording conversation =
            ConversationRecording.builder(conversationWav).clock(clock).build();
        LiveConsole console =
            LiveConsole.start(
                metrics, line -> out.println("  | " + compact(line)), Duration.ofSeconds(2));
        ProcessorRun run =
            startAgent(
                recorder,
                agent(
                    recorder.record("model", model),
                    limiter,
                    agentWav,
                    conversation,
                    metrics,
                    timeline),
                metrics,
                WavFileSource.builder(userWav).realTime(true).clock(clock).build())) {
      for (ProcessorPart part : run) {
        part.metadataString(PlaybackTracker.UTTERANCE_ID).ifPresent(utterances::add);
        if (part.substream().equals(LiveApiProcessor.OUTPUT_TRANSCRIPTION)) {
          String text = part.text().orElse("");
          transcript.add(text);
          timeline.say("agent says: " + text);
        } else if (part.isSignal(SignalKind.INTERRUPTED)) {
          timeline.say("agent interrupted: it stops talking, queued audio is dropped");
        } else if (part.isSignal(SignalKind.END_OF_TURN)) {
          timeline.say("agent finished its answer");
        } else if (part.isOutOfBand() && part.text().isPresent()) {
          timeline.say("(" + part.text().get() + ")");
        }
      }
    } finally {
      if (simulated != null) {
        simulated.close();
      }
      recorder.close();
    }
    metrics.writeHtml(report);

    Duration heard = Duration.ZERO;
    for (String id : utterances) {
      heard = heard.plus(playback.heard(id));
    }
    AudioRateLimiter.Stats stats = limiter.stats();
    out.printf(
        "live-agent: done in %.1f s; the user heard %.1f s of the agent (%d interruption, %.1f s of"
            + " queued audio dropped)%n",
        (clock.nanoTime() - start) / 1e9,
        heard.toMillis() / 1e3,
        stats.interruptions(),
        stats.droppedAudio().toMillis() / 1e3);
    out.println("live-agent: files written:");
    out.println("  " + agentWav + "  the agent's audio as the user heard it, back to back");
    out.println(
        "  " + conversationWav + "  the whole conversation as it happened: user left, agent right");
    out.println("  " + report + "  the latency report");
    out.println("  " + userWav + "  the recorded user (the input, copied out)");
    if (recordTo.isPresent()) {
      out.println(
          "  "
              + recordTo.get()
              + "  the session recorded ("
              + recorder.entries()
              + " entries; bin/run replay "
              + recordTo.get()
              + " replays it)");
    }
    return new Result(
        agentWav,
        conversationWav,
        report,
        heard,
        stats.interruptions(),
        stats.droppedAudio(),
        transcript,
        simulated != null);
  }

  /**
   * The agent between the microphone and the caller: VAD, the timeline, and the answering chain
   * (speech gate, model, rate limiter, WAV file) timed as "voice agent", from the end of the user's
   * speech to the first audio of the answer.
   */
  record Agent(Processor pipeline, Processor answering) {
    /**
     * Options that time each stage once by name, for the report's "where does the latency go", and
     * record each stage with {@code recorder} (inside the timing, so points recorded on purpose,
     * such as the model, are not recorded twice).
     */
    RunOptions options(RealTimeMetrics metrics, Recorder recorder) {
      return metrics.runOptions(RunOptions.defaults().withStageDecorator(recorder.stages()));
    }
  }

  /** Starts the agent, recorded as point "agent", on the microphone's audio. */
  private static ProcessorRun startAgent(
      Recorder recorder, Agent agent, RealTimeMetrics metrics, Iterable<ProcessorPart> mic) {
    return recorder.record("agent", agent.pipeline()).start(mic, agent.options(metrics, recorder));
  }

  /**
   * The agent around {@code model}; the same for a live run and for a replay. The conversation
   * recording hears the microphone first and the agent where it is played (after the limiter and
   * the WAV file, the last stages of the answering chain).
   */
  static Agent agent(
      Processor model,
      AudioRateLimiter limiter,
      Path agentWav,
      ConversationRecording conversation,
      RealTimeMetrics metrics,
      Timeline timeline) {
    Processor answering =
        metrics.instrument(
            "voice agent",
            Processor.chain(
                new SpeechGate(Duration.ofMillis(300)), model, limiter, WavFileSink.to(agentWav)));
    // The recording's stages sit outside the timed answering chain, whose name (and recorded
    // point) stays that of the agent's own stages.
    Processor pipeline =
        Processor.chain(
            conversation.user(),
            VoiceActivityProcessor.create(),
            timeline.speechEvents(),
            answering,
            conversation.agent());
    return new Agent(pipeline, answering);
  }

  /** The console line's first figures (the whole agent) and its counters, without every stage. */
  private static String compact(String line) {
    String[] pieces = line.split(" \\| ");
    return pieces.length <= 2 ? line : pieces[0] + " | " + pieces[pieces.length - 1];
  }

  /** A scripted answer, read from the resources (not copied out: the summary names every file). */
  private static SimulatedVoiceModel.Answer answer(String transcript, String resource) {
    try (InputStream in = LiveAgent.class.getResourceAsStream("/live-agent/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource live-agent/" + resource);
      }
      return new SimulatedVoiceModel.Answer(transcript, WavFile.decode(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copyResource(String name, Path dir) {
    Path target = dir.resolve(name);
    try (InputStream in = LiveAgent.class.getResourceAsStream("/live-agent/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource live-agent/" + name);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints what happens, stamped with the time since the start. */
  record Timeline(PrintStream out, Clock clock, long start) {
    void say(String line) {
      out.printf("[%5.2f s] %s%n", (clock.nanoTime() - start) / 1e9, line);
    }

    PartProcessor speechEvents() {
      return new PartProcessor() {
        @Override
        public void process(ProcessorPart part, dev.processors.core.PartSink sink) {
          say(
              part.isSignal(SignalKind.START_OF_SPEECH)
                  ? "user starts speaking"
                  : "user stops speaking");
          sink.emit(part);
        }

        @Override
        public boolean matches(ProcessorPart part) {
          return part.isSignal(SignalKind.START_OF_SPEECH)
              || part.isSignal(SignalKind.END_OF_SPEECH);
        }

        @Override
        public String name() {
          return "timeline";
        }
      };
    }
  }

  static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    Optional<Path> recordTo = Optional.empty();
    int flag = rest.indexOf("--record");
    if (flag >= 0) {
      if (flag + 1 >= rest.size()) {
        throw new IllegalArgumentException(
            "--record needs a file: bin/run live-agent --record FILE");
      }
      recordTo = Optional.of(Path.of(rest.remove(flag + 1)));
      rest.remove(flag);
    }
    Path outDir = Path.of(rest.isEmpty() ? "target/live-agent" : rest.get(0));
    System.exit(main(System.getenv(), outDir, recordTo, 1.0, System.out, System.err));
  }

  /** {@link #main(Map, Path, Optional, double, PrintStream, PrintStream)} without recording. */
  static int main(
      Map<String, String> env, Path outDir, double speed, PrintStream out, PrintStream err) {
    return main(env, outDir, Optional.empty(), speed, out, err);
  }

  /**
   * Runs the agent the environment asks for and returns the process exit code: 0 when the
   * conversation ran, 1 after printing one line to {@code err} saying what failed and what to
   * check. Outputs of an earlier run are deleted first, and partial ones after a failure.
   */
  static int main(
      Map<String, String> env,
      Path outDir,
      Optional<Path> recordTo,
      double speed,
      PrintStream out,
      PrintStream err) {
    List<Path> outputs =
        List.of(
            outDir.resolve(AGENT_WAV), outDir.resolve(CONVERSATION_WAV), outDir.resolve(REPORT));
    Failures.Service service = Failures.Service.SIMULATED;
    try {
      deleteAll(outputs);
      Optional<String> key = variable(env, "GEMINI_API_KEY");
      Optional<String> openAiKey = variable(env, "OPENAI_API_KEY");
      Optional<String> openAiUrl = variable(env, "OPENAI_BASE_URL");
      if (key.isEmpty() && (openAiKey.isPresent() || openAiUrl.isPresent())) {
        service = Failures.Service.OPENAI;
        if (recordTo.isPresent()) {
          throw new IllegalArgumentException(
              "--record records the Live API agent (offline, or with GEMINI_API_KEY), not the"
                  + " turn-based OpenAI one");
        }
        runTurnBased(env, outDir, speed, out, openAiKey, openAiUrl);
        return 0;
      }
      if (key.isPresent()) {
        service = Failures.Service.GEMINI_LIVE;
        if (openAiKey.isPresent() || openAiUrl.isPresent()) {
          out.println(
              "live-agent: GEMINI_API_KEY is set, so OPENAI_API_KEY / OPENAI_BASE_URL are not"
                  + " used (unset GEMINI_API_KEY for the turn-based OpenAI agent)");
        }
      }
      run(out, outDir, speed, key, variable(env, "GEMINI_LIVE_MODEL"), recordTo);
      return 0;
    } catch (Exception e) {
      deleteAll(outputs);
      err.println("error: live-agent failed: " + Failures.explain(e, service).getMessage());
      return 1;
    }
  }

  private static void runTurnBased(
      Map<String, String> env,
      Path outDir,
      double speed,
      PrintStream out,
      Optional<String> openAiKey,
      Optional<String> openAiUrl)
      throws IOException {
    // No Live API without Gemini: the same conversation over a turn-based OpenAI model that
    // hears audio and answers in text (LiveModelProcessor does the live part).
    String model = variable(env, "OPENAI_MODEL").orElse("gpt-4o-audio-preview");
    out.println(
        "live-agent: a turn-based voice agent over "
            + model
            + openAiUrl.map(u -> " at " + u + " (OPENAI_BASE_URL)").orElse(" (OPENAI_API_KEY)")
            + ", text answers; set GEMINI_API_KEY for spoken ones");
    Files.createDirectories(outDir);
    OpenAiModel.Builder openAi =
        OpenAiModel.builder()
            .apiKey(openAiKey.orElse("none"))
            .model(model)
            .api(OpenAiModel.Api.CHAT_COMPLETIONS);
    openAiUrl.ifPresent(openAi::baseUrl);
    Processor built = openAi.build();
    try {
      Path userWav = copyResource("user.wav", outDir);
      TurnBasedVoiceAgent.Result result = TurnBasedVoiceAgent.run(out, userWav, speed, built);
      if (result.modelFailure().isPresent()) {
        throw new IllegalStateException("a turn failed", result.modelFailure().get());
      }
      if (result.answers().isEmpty()) {
        throw new IllegalStateException("the model gave no answer; check OPENAI_MODEL");
      }
      out.printf(
          "live-agent: done; %d answers, %d interruption%n",
          result.answers().size(), result.interruptions());
      out.println("live-agent: files written:");
      out.println("  " + userWav + "  the recorded user (the input, copied out)");
    } finally {
      if (built instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          // closing the HTTP client does not fail in a way the example could act on
        }
      }
    }
  }

  private static Optional<String> variable(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  private static void deleteAll(List<Path> files) {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the earlier run's " + f, e);
      }
    }
  }
}
