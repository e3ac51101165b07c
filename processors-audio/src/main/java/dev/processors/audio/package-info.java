/**
 * Audio for real-time pipelines: 16-bit PCM formats and clips ({@link
 * dev.processors.audio.PcmFormat}, {@link dev.processors.audio.PcmAudio}), WAV files ({@link
 * dev.processors.audio.WavFile}, {@link dev.processors.audio.WavFileSource}, {@link
 * dev.processors.audio.WavFileSink}), re-chunking ({@link dev.processors.audio.AudioChunker}),
 * anti-aliased resampling ({@link dev.processors.audio.Resampler}), voice activity detection
 * ({@link dev.processors.audio.VoiceActivityDetector}, {@link
 * dev.processors.audio.EnergyVoiceActivityDetector}, {@link
 * dev.processors.audio.VoiceActivityProcessor}), playback at natural speed with barge-in ({@link
 * dev.processors.audio.AudioRateLimiter}) and a speaker ({@link dev.processors.audio.SpeakerSink}).
 *
 * <p>Audio parts are {@code audio/pcm;rate=N} blobs (plus {@code ;channels=2} for stereo), 16-bit
 * little-endian. Real-time stages take a {@link dev.processors.core.Clock}, so their pacing is
 * tested on a virtual clock. See the module README for a worked example.
 */
package dev.processors.audio;
