package dev.processors.audio;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A stage that re-chunks a stream of PCM audio parts into chunks of one fixed duration, without
 * losing or duplicating a byte: the concatenated output audio equals the concatenated input audio.
 *
 * <pre>{@code
 * Processor twentyMs = AudioChunker.of(Duration.ofMillis(20));
 * // 30 ms + 30 ms of audio, then end of turn  ->  20 ms, 20 ms, 20 ms, end of turn
 * }</pre>
 *
 * <p><b>Boundaries.</b> Consecutive parts of one stream (same format, role, substream and utterance
 * id) are joined; a chunk carries the metadata of the part its first byte came from. Whatever is
 * left short of a full chunk is emitted as a shorter final chunk when the stream ends: at a
 * non-audio data part (which then follows it, keeping order), at audio of another stream, or at the
 * end of input. Control and out-of-band parts pass at once without ending the stream; an {@link
 * SignalKind#INTERRUPTED} control signal drops the held remainder, like any audio queued before an
 * interruption.
 *
 * <p><b>Threading.</b> One thread per run; holds at most one chunk per run; an instance may serve
 * many runs at once. <b>Errors.</b> {@link IllegalArgumentException} for a non-positive chunk
 * duration; a part whose MIME type is {@code audio/pcm} with unsupported parameters fails the run.
 */
public final class AudioChunker implements Processor {
  private final Duration chunk;

  private AudioChunker(Duration chunk) {
    this.chunk = chunk;
  }

  /** A chunker emitting chunks of {@code chunk} (rounded down to whole frames, at least one). */
  public static AudioChunker of(Duration chunk) {
    Objects.requireNonNull(chunk, "chunk");
    if (chunk.isNegative() || chunk.isZero()) {
      throw new IllegalArgumentException("chunk duration must be positive, got " + chunk);
    }
    return new AudioChunker(chunk);
  }

  /** The chunk duration. */
  public Duration chunk() {
    return chunk;
  }

  @Override
  public void process(PartStream in, PartSink out) {
    Pending pending = new Pending();
    for (ProcessorPart part : in) {
      if (part.isControl() || part.isOutOfBand()) {
        if (part.isSignal(SignalKind.INTERRUPTED) && part.isControl()) {
          pending.clear();
        }
        out.emit(part);
        continue;
      }
      Optional<PcmFormat> format = PcmFormat.of(part);
      if (format.isEmpty()) {
        pending.flush(out);
        out.emit(part);
        continue;
      }
      StreamKey key = StreamKey.of(part, format.get());
      if (!key.equals(pending.key)) {
        pending.flush(out);
        pending.start(key, part, PcmAudio.chunkFrames(format.get(), chunk));
      }
      pending.add(((Content.Blob) part.content()).buffer(), part, out);
    }
    pending.flush(out);
  }

  @Override
  public String name() {
    return "AudioChunker(" + chunk.toMillis() + " ms)";
  }

  /** The audio of the current stream not yet emitted: less than one chunk. */
  private static final class Pending {
    StreamKey key;
    ProcessorPart template;
    byte[] buffer;
    int size;

    void start(StreamKey key, ProcessorPart template, int chunkFrames) {
      this.key = key;
      this.template = template;
      this.buffer = new byte[chunkFrames * key.format().frameBytes()];
      this.size = 0;
    }

    void add(ByteBuffer data, ProcessorPart part, PartSink out) {
      while (data.hasRemaining()) {
        if (size == 0) {
          template = part; // a chunk carries the metadata of its first byte's part
        }
        int n = Math.min(data.remaining(), buffer.length - size);
        data.get(buffer, size, n);
        size += n;
        if (size == buffer.length) {
          emit(out);
        }
      }
    }

    void flush(PartSink out) {
      if (key != null && size > 0) {
        emit(out);
      }
      key = null;
    }

    void clear() {
      key = null;
      size = 0;
    }

    private void emit(PartSink out) {
      byte[] bytes = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
      out.emit(template.withContent(Content.Blob.of(bytes, key.format().mimeType())));
      size = 0;
    }
  }
}
