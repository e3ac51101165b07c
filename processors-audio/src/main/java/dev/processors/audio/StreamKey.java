package dev.processors.audio;

import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;

/**
 * What makes consecutive audio parts one continuous stream that may be cut and joined freely: the
 * same format, role, substream and utterance id ({@link PlaybackTracker#UTTERANCE_ID}, empty when
 * absent). Other metadata may differ between the parts of one stream.
 */
record StreamKey(PcmFormat format, String role, String substream, String utteranceId) {

  static StreamKey of(ProcessorPart part, PcmFormat format) {
    return new StreamKey(
        format,
        part.role(),
        part.substream(),
        part.metadataString(PlaybackTracker.UTTERANCE_ID).orElse(""));
  }
}
