/**
 * The live layer: model processors over the Gemini and OpenAI SDKs ({@link
 * dev.processors.live.GenaiModel}, {@link dev.processors.live.OpenAiModel}), a live conversational
 * agent from any turn-based model ({@link dev.processors.live.LiveModelProcessor} with its {@link
 * dev.processors.live.RollingPrompt}), the Gemini Live API ({@link
 * dev.processors.live.LiveApiProcessor}), events ({@link dev.processors.live.EventDetector}), tools
 * started while an answer streams ({@link dev.processors.live.InflightIntents}) and function
 * calling ({@link dev.processors.live.Tools}, {@link dev.processors.live.FunctionCalling}).
 *
 * <pre>{@code
 * PlaybackTracker playback = PlaybackTracker.create();
 * Processor model = GenaiModel.builder().model("gemini-2.5-flash").build();  // GEMINI_API_KEY
 * Processor agent = LiveModelProcessor.builder(model)
 *     .trigger(TriggerMode.END_OF_SPEECH)
 *     .playback(playback)          // what the user heard, reported by the AudioRateLimiter
 *     .build();
 * }</pre>
 *
 * <p>Errors are unchecked {@link dev.processors.live.LiveException}s naming the provider and the
 * cause; API keys never appear in messages or {@code toString()}. Every processor here is tested
 * against the fake servers of {@code processors-testkit}, which speak the providers' real wire
 * protocols. The module README is the full tour.
 */
package dev.processors.live;
