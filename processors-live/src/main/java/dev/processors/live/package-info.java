/**
 * The live layer: a live conversational agent from any turn-based model ({@link
 * dev.processors.live.LiveModelProcessor} with its {@link dev.processors.live.RollingPrompt} and
 * {@link dev.processors.live.Summarizer}), events detected in the stream ({@link
 * dev.processors.live.EventDetector}) and tools started while an answer streams ({@link
 * dev.processors.live.InflightIntents}). Models come from the provider modules ({@code
 * dev.processors.gemini.GenaiModel}, {@code dev.processors.openai.OpenAiModel}) or are any {@link
 * dev.processors.core.Processor}; this package depends on processors-core and processors-model
 * only.
 *
 * <pre>{@code
 * PlaybackTracker playback = PlaybackTracker.create();
 * Processor agent = LiveModelProcessor.builder(model)   // GenaiModel, OpenAiModel, any Processor
 *     .trigger(TriggerMode.END_OF_SPEECH)
 *     .playback(playback)          // what the user heard, reported by the AudioRateLimiter
 *     .build();
 * }</pre>
 *
 * <p>A failed generation becomes a status part ({@code error=true}) and the agent waits for the
 * next turn; the model's own errors are the sealed {@link dev.processors.model.ModelException}s.
 * The module README is the full tour.
 */
package dev.processors.live;
