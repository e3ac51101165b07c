package dev.processors.audio;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.Optional;

/**
 * The stage behind {@link Resampler#processor(int)}. Audio of one stream (same format, role,
 * substream and utterance id) is resampled continuously across parts; the filter's few milliseconds
 * of look-ahead are flushed when the stream ends: at a non-audio data part, a change of stream, or
 * the end of input, so nothing is held back across a turn. Each output part keeps the role,
 * substream and metadata of the input part that completed it. Control and out-of-band parts pass at
 * once; an interruption also drops the audio held in the filter.
 */
final class ResamplingProcessor implements Processor {
  private final int toRate;

  ResamplingProcessor(int toRate) {
    this.toRate = toRate;
  }

  @Override
  public void process(PartStream in, PartSink out) {
    Resampler current = null;
    StreamKey key = null;
    ProcessorPart template = null;
    for (ProcessorPart part : in) {
      if (part.isSignal(SignalKind.INTERRUPTED) && part.isControl()) {
        current = null;
        key = null;
        out.emit(part);
        continue;
      }
      if (part.isOutOfBand() || part.isControl()) {
        out.emit(part);
        continue;
      }
      Optional<PcmFormat> format = PcmFormat.of(part);
      if (format.isEmpty() || format.get().sampleRate() == toRate) {
        flush(current, template, out);
        current = null;
        key = null;
        out.emit(part);
        continue;
      }
      StreamKey partKey = StreamKey.of(part, format.get());
      if (!partKey.equals(key)) {
        flush(current, template, out);
        current = Resampler.create(format.get(), toRate);
        key = partKey;
      }
      template = part;
      byte[] converted = current.process(((Content.Blob) part.content()).buffer());
      emit(current, template, converted, out);
    }
    flush(current, template, out);
  }

  private static void flush(Resampler r, ProcessorPart template, PartSink out) {
    if (r != null) {
      emit(r, template, r.flush(), out);
    }
  }

  private static void emit(Resampler r, ProcessorPart template, byte[] pcm, PartSink out) {
    if (pcm.length > 0) {
      out.emit(template.withContent(Content.Blob.of(pcm, r.outputFormat().mimeType())));
    }
  }

  @Override
  public String name() {
    return "Resampler(" + toRate + " Hz)";
  }
}
