package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Content;
import dev.processors.core.PartQueue;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.RetryPolicy;
import dev.processors.core.SignalKind;
import dev.processors.model.ToolDeclaration;
import dev.processors.testkit.FakeLiveServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveApiProcessorTest {
  private FakeLiveServer server;

  @BeforeEach
  void startServer() {
    server = FakeLiveServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private LiveApiProcessor.Builder live() {
    return LiveApiProcessor.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key-123")
        .connectTimeout(Duration.ofSeconds(2))
        .drainTimeout(Duration.ofSeconds(5))
        .reconnectPolicy(
            RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ofMillis(10)).build());
  }

  private static ProcessorPart mic(int value) {
    byte[] pcm = new byte[640];
    pcm[0] = (byte) value;
    return ProcessorPart.audio(pcm, 16000).withSubstream(LiveApiProcessor.REALTIME);
  }

  @Test
  void aFullVoiceExchange() {
    byte[] reply = new byte[960];
    reply[0] = 7;
    server.onTurn(
        (s, m) -> {
          s.sendInputTranscription("what time is it");
          s.sendAudio(reply, 24000);
          s.sendOutputTranscription("It is noon.");
          s.sendGenerationComplete();
          s.sendTurnComplete();
        });
    List<ProcessorPart> out =
        live()
            .transcribeInput(true)
            .transcribeOutput(true)
            .systemInstruction("Be brief.")
            .build()
            .apply(List.of(mic(1), mic(2), mic(3)));

    assertThat(out)
        .extracting(p -> p.substream() + ":" + p.mimeType())
        .containsExactly(
            "input_transcription:text/plain",
            ":audio/pcm;rate=24000",
            "output_transcription:text/plain",
            ":application/x-signal;kind=generation_complete",
            ":application/x-signal;kind=end_of_turn");
    assertThat(((Content.Blob) out.get(1).content()).bytes()).isEqualTo(reply);
    assertThat(out.get(1).role()).isEqualTo(ProcessorPart.MODEL);
    assertThat(out.get(4).metadata().get("usage"))
        .isEqualTo(
            Map.of("promptTokenCount", 10L, "responseTokenCount", 5L, "totalTokenCount", 15L));

    FakeLiveServer.Session session = server.sessions().get(0);
    JsonNode setup = session.setup().get("setup");
    assertThat(setup.get("model").asText()).isEqualTo("models/gemini-live-2.5-flash-preview");
    assertThat(setup.at("/generationConfig/responseModalities/0").asText()).isEqualTo("AUDIO");
    assertThat(setup.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
    assertThat(setup.has("inputAudioTranscription")).isTrue();
    assertThat(session.apiKeyPresent()).isTrue();
    List<JsonNode> audio =
        session.received().stream().filter(m -> m.at("/realtimeInput/audio").isObject()).toList();
    assertThat(audio).hasSize(3);
    assertThat(audio.get(0).at("/realtimeInput/audio/mimeType").asText())
        .isEqualTo("audio/pcm;rate=16000");
    assertThat(Base64.getDecoder().decode(audio.get(1).at("/realtimeInput/audio/data").asText())[0])
        .isEqualTo((byte) 2);
    assertThat(session.received().get(3).at("/realtimeInput/audioStreamEnd").asBoolean()).isTrue();
  }

  @Test
  void aTextTurnIsSentAsClientContent() {
    server.onTurn(
        (s, m) -> {
          s.sendText("Hi there");
          s.sendTurnComplete();
        });
    List<ProcessorPart> out =
        live()
            .audioOutput(false)
            .build()
            .apply(List.of(ProcessorPart.text("Hello"), ProcessorPart.endOfTurn()));
    assertThat(ProcessorPart.textOf(out)).isEqualTo("Hi there");
    JsonNode turn = server.sessions().get(0).received().get(0);
    assertThat(turn.at("/clientContent/turns/0/role").asText()).isEqualTo("user");
    assertThat(turn.at("/clientContent/turns/0/parts/0/text").asText()).isEqualTo("Hello");
    assertThat(turn.at("/clientContent/turnComplete").asBoolean()).isTrue();
    assertThat(
            server
                .sessions()
                .get(0)
                .setup()
                .at("/setup/generationConfig/responseModalities/0")
                .asText())
        .isEqualTo("TEXT");
  }

  @Test
  void theServersInterruptionBecomesAControlSignal() {
    server.onTurn(
        (s, m) -> {
          s.sendAudio(new byte[960], 24000);
          s.sendInterrupted();
          s.sendTurnComplete();
        });
    List<ProcessorPart> out =
        live().build().apply(List.of(ProcessorPart.text("go"), ProcessorPart.endOfTurn()));
    assertThat(out).contains(ProcessorPart.interrupted());
    assertThat(
            out.stream()
                .filter(p -> p.isSignal(SignalKind.INTERRUPTED))
                .findFirst()
                .orElseThrow()
                .isControl())
        .isTrue();
  }

  @Test
  void localSpeechInterruptsAnAnswerThatMayStillBePlaying() {
    server.onTurn(
        (s, m) -> {
          s.sendAudio(new byte[960], 24000);
          s.sendTurnComplete();
        });
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = live().manualActivity(true).build().start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.put(
          ProcessorPart.signal(SignalKind.START_OF_SPEECH)
              .withSubstream(LiveApiProcessor.REALTIME));
      in.put(mic(1));
      in.put(
          ProcessorPart.signal(SignalKind.END_OF_SPEECH).withSubstream(LiveApiProcessor.REALTIME));
      assertThat(it.next().mimeType()).isEqualTo("audio/pcm;rate=24000");
      assertThat(it.next().isSignal(SignalKind.END_OF_TURN)).isTrue();
      in.put(
          ProcessorPart.signal(SignalKind.START_OF_SPEECH)
              .withSubstream(LiveApiProcessor.REALTIME));
      assertThat(it.next()).isEqualTo(ProcessorPart.interrupted());
      in.close();
    }
    List<JsonNode> sent = server.sessions().get(0).received();
    assertThat(sent.get(0).at("/realtimeInput/activityStart").isObject()).isTrue();
    assertThat(sent.get(2).at("/realtimeInput/activityEnd").isObject()).isTrue();
  }

  @Test
  void aToolCallRoundTrip() {
    server.onTurn(
        (s, m) -> {
          if (m.has("toolResponse")) {
            s.sendText("It is sunny in Paris.");
            s.sendTurnComplete();
          } else {
            s.sendToolCall("fc-1", "get_weather", "{\"city\":\"Paris\"}");
          }
        });
    PartQueue in = PartQueue.create();
    try (ProcessorRun run =
        live()
            .tools(ToolDeclaration.of("get_weather", "Weather in a city", "{\"type\":\"object\"}"))
            .build()
            .start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.putText("Weather in Paris?");
      in.put(ProcessorPart.endOfTurn());
      ProcessorPart call = it.next();
      Content.FunctionCall fc = (Content.FunctionCall) call.content();
      assertThat(fc.name()).isEqualTo("get_weather");
      assertThat(fc.argumentsNode().get("city").asText()).isEqualTo("Paris");
      in.put(ProcessorPart.functionResponse(fc.id(), fc.name(), Map.of("weather", "sunny")));
      assertThat(it.next().text()).hasValue("It is sunny in Paris.");
      assertThat(it.next().isSignal(SignalKind.END_OF_TURN)).isTrue();
      in.close();
      assertThat(it.hasNext()).isFalse();
    }
    JsonNode response = server.sessions().get(0).awaitMessage("toolResponse");
    assertThat(response.at("/toolResponse/functionResponses/0/id").asText()).isEqualTo("fc-1");
    assertThat(response.at("/toolResponse/functionResponses/0/response/weather").asText())
        .isEqualTo("sunny");
    assertThat(
            server
                .sessions()
                .get(0)
                .setup()
                .at("/setup/tools/0/functionDeclarations/0/name")
                .asText())
        .isEqualTo("get_weather");
  }

  @Test
  void goAwayResumesTheSessionWithoutLosingOrDuplicatingParts() {
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = live().build().start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      FakeLiveServer.Session first = server.awaitSession();
      first.sendResumptionHandle("handle-1");
      first.sendText("before");
      first.sendGoAway();
      FakeLiveServer.Session second = server.awaitSession();
      assertThat(second.resumedHandle()).hasValue("handle-1");
      second.sendText("after");
      List<String> texts = new ArrayList<>();
      while (texts.size() < 2) {
        ProcessorPart p = it.next();
        if (p.isText() && !p.isOutOfBand()) {
          texts.add(p.text().orElseThrow());
        }
      }
      assertThat(texts).containsExactly("before", "after");
      in.putText("still there?");
      in.put(ProcessorPart.endOfTurn());
      JsonNode turn = second.awaitMessage("clientContent");
      assertThat(turn.at("/clientContent/turns/0/parts/0/text").asText()).isEqualTo("still there?");
      assertThat(first.received()).isEmpty();
      assertThat(first.awaitClosed()).isTrue();
      second.sendTurnComplete();
      in.close();
      List<ProcessorPart> rest = run.toList();
      assertThat(rest.stream().filter(p -> p.isText() && !p.isOutOfBand())).isEmpty();
    }
  }

  @Test
  void aDroppedConnectionIsResumedWithTheLatestHandle() {
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = live().build().start(in)) {
      FakeLiveServer.Session first = server.awaitSession();
      first.sendResumptionHandle("h-old");
      first.sendResumptionHandle("h-new");
      first.sendText("one");
      Iterator<ProcessorPart> it = run.iterator();
      assertThat(it.next().text()).hasValue("one");
      first.drop();
      FakeLiveServer.Session second = server.awaitSession();
      assertThat(second.resumedHandle()).hasValue("h-new");
      in.putText("again");
      in.put(ProcessorPart.endOfTurn());
      assertThat(
              second
                  .awaitMessage("clientContent")
                  .at("/clientContent/turns/0/parts/0/text")
                  .asText())
          .isEqualTo("again");
      in.close();
    }
  }

  @Test
  void aDroppedConnectionWithoutAHandleFailsWithATypedError() {
    // An abrupt close reaches the JDK's WebSocket listener only most of the time; the heartbeat
    // makes the outcome the same every time. Twenty drops, no hang.
    for (int i = 0; i < 20; i++) {
      PartQueue in = PartQueue.create();
      try (ProcessorRun run = live().build().start(in)) {
        FakeLiveServer.Session session = server.awaitSession();
        session.sendText("hello");
        Iterator<ProcessorPart> it = run.iterator();
        assertThat(it.next().text()).hasValue("hello");
        session.drop();
        assertThatThrownBy(run::toList)
            .isInstanceOf(ProcessorException.class)
            .hasCauseInstanceOf(LiveApiConnectionLostException.class)
            .hasMessageContaining("cannot be resumed");
      }
    }
  }

  @Test
  void aServerMessageThatIsNotJsonFailsWithAProtocolError() {
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = live().build().start(in)) {
      FakeLiveServer.Session session = server.awaitSession();
      session.send("{not json");
      assertThatThrownBy(run::toList)
          .isInstanceOf(ProcessorException.class)
          .hasCauseInstanceOf(LiveApiProtocolException.class)
          .hasMessageContaining("not JSON");
    }
  }

  @Test
  void theApiKeyNeverShowsAndIsRequiredForTheRealService() {
    LiveApiProcessor p = live().build();
    assertThat(p.toString()).doesNotContain("test-key-123").contains("***");
    assertThatThrownBy(() -> LiveApiProcessor.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs an API key");
    assertThatThrownBy(() -> LiveApiProcessor.builder().baseUrl("ftp://x"))
        .hasMessageContaining("baseUrl must start with");
  }

  @Test
  void connectingToNothingFailsClearly() {
    LiveApiProcessor p =
        LiveApiProcessor.builder()
            .baseUrl("ws://127.0.0.1:1")
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    assertThatThrownBy(() -> p.apply("hi"))
        .isInstanceOf(ProcessorException.class)
        .hasCauseInstanceOf(LiveApiSetupException.class)
        .hasMessageContaining("cannot connect to ws://127.0.0.1:1");
  }
}
