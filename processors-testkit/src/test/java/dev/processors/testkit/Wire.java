package dev.processors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The three streaming wire protocols of the HTTP fakes, as a raw client speaks them. */
enum Wire {
  GEMINI {
    @Override
    FakeModelServer start(boolean tls) {
      return tls ? FakeGeminiServer.startTls() : FakeGeminiServer.start();
    }

    @Override
    String url(FakeModelServer fake) {
      return fake.baseUrl() + "/v1beta/models/gemini-x:streamGenerateContent?alt=sse";
    }

    @Override
    String request(String prompt) {
      return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":" + quote(prompt) + "}]}]}";
    }

    @Override
    boolean terminal(String data) {
      return json(data).at("/candidates/0/finishReason").isTextual();
    }

    @Override
    String text(String data) {
      return json(data).at("/candidates/0/content/parts/0/text").asText("");
    }

    @Override
    boolean error(String data) {
      return json(data).has("error");
    }
  },
  OPENAI_RESPONSES {
    @Override
    FakeModelServer start(boolean tls) {
      return tls ? FakeOpenAiServer.startTls() : FakeOpenAiServer.start();
    }

    @Override
    String url(FakeModelServer fake) {
      return fake.baseUrl() + "/responses";
    }

    @Override
    String request(String prompt) {
      return "{\"model\":\"gpt-x\",\"stream\":true,\"input\":" + quote(prompt) + "}";
    }

    @Override
    boolean terminal(String data) {
      return json(data).path("type").asText().equals("response.completed");
    }

    @Override
    String text(String data) {
      JsonNode e = json(data);
      return e.path("type").asText().equals("response.output_text.delta")
          ? e.path("delta").asText()
          : "";
    }

    @Override
    boolean error(String data) {
      return json(data).path("type").asText().equals("error");
    }
  },
  OPENAI_CHAT {
    @Override
    FakeModelServer start(boolean tls) {
      return tls ? FakeOpenAiServer.startTls() : FakeOpenAiServer.start();
    }

    @Override
    String url(FakeModelServer fake) {
      return fake.baseUrl() + "/chat/completions";
    }

    @Override
    String request(String prompt) {
      return "{\"model\":\"gpt-x\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
          + quote(prompt)
          + "}]}";
    }

    @Override
    boolean terminal(String data) {
      return data.equals("[DONE]");
    }

    @Override
    String text(String data) {
      return data.equals("[DONE]") ? "" : json(data).at("/choices/0/delta/content").asText("");
    }

    @Override
    boolean error(String data) {
      return !data.equals("[DONE]") && json(data).has("error");
    }
  };

  static final ObjectMapper MAPPER = new ObjectMapper();

  abstract FakeModelServer start(boolean tls);

  abstract String url(FakeModelServer fake);

  abstract String request(String prompt);

  /** Whether the event data is the provider's terminal event. */
  abstract boolean terminal(String data);

  /** The text delta an event carries ("" if none). */
  abstract String text(String data);

  /** Whether the event is an in-stream error. */
  abstract boolean error(String data);

  /** Whether the terminal event is an event of its own (Gemini marks the last content event). */
  boolean terminalIsSeparate() {
    return this != GEMINI;
  }

  static JsonNode json(String data) {
    try {
      return MAPPER.readTree(data);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + data, e);
    }
  }

  static String quote(String s) {
    return MAPPER.getNodeFactory().textNode(s).toString();
  }
}
