/**
 * Fake model servers that speak the real wire protocols on 127.0.0.1, for tests that drive the real
 * SDKs end to end: {@link dev.processors.testkit.FakeGeminiServer} ({@code streamGenerateContent}
 * over SSE) and {@link dev.processors.testkit.FakeOpenAiServer} (Responses and Chat Completions
 * streaming), scripted per request with provider-neutral {@link dev.processors.testkit.FakeTurn}s
 * (text, function calls, structured output, delays, {@link dev.processors.testkit.Gate}s and
 * faults), recording every {@link dev.processors.testkit.RecordedRequest} and every client that
 * hangs up mid-stream. {@link dev.processors.testkit.FakeLiveServer} stands in for the Gemini Live
 * API over WebSocket.
 */
package dev.processors.testkit;
