/**
 * Fake model servers that speak the real wire protocols on 127.0.0.1, the faults of real networks
 * and providers on demand, a leak check, and seeded chaos for long conversations.
 *
 * <ul>
 *   <li>{@link dev.processors.testkit.FakeGeminiServer} ({@code streamGenerateContent} over SSE)
 *       and {@link dev.processors.testkit.FakeOpenAiServer} (Responses and Chat Completions
 *       streaming), over HTTP or TLS ({@link dev.processors.testkit.FakeTls}), scripted per request
 *       with provider-neutral {@link dev.processors.testkit.FakeTurn}s: text, function calls,
 *       structured output, delays, {@link dev.processors.testkit.Gate}s, and faults (a {@link
 *       dev.processors.testkit.Cut} at any event, stalls, garbage, error events, empty and HTML
 *       bodies, HTTP errors). Every {@link dev.processors.testkit.RecordedRequest} and every client
 *       that hangs up mid-stream is recorded.
 *   <li>{@link dev.processors.testkit.FakeLiveServer}: the Gemini Live API over WebSocket, with
 *       dropped sockets, garbage frames and {@code goAway}.
 *   <li>{@link dev.processors.testkit.FakeWarpServer}: a SwimOS server speaking WARP.
 *   <li>{@link dev.processors.testkit.MisbehavingServer}: faults below HTTP (connections closed,
 *       reset or silent, bytes that are not HTTP, no TLS).
 *   <li>{@link dev.processors.testkit.LeakCheck} (JUnit 5) and {@link
 *       dev.processors.testkit.ResourceSnapshot}: threads and file descriptors left behind; {@link
 *       dev.processors.testkit.RecordingThreadFactory}: which threads a run made.
 *   <li>{@link dev.processors.testkit.ChaosPlan} played by {@link
 *       dev.processors.testkit.ModelChaos} and {@link dev.processors.testkit.LiveChaos}: random,
 *       reproducible faults over a long conversation.
 * </ul>
 */
package dev.processors.testkit;
