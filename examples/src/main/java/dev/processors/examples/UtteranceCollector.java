package dev.processors.examples;

import dev.processors.audio.PcmAudio;
import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.ArrayList;
import java.util.List;

/**
 * For a turn-based model: gathers the microphone audio of each utterance (between the VAD's start
 * and end of speech) into one clip, emitted just before the end-of-speech signal. Audio outside
 * speech is dropped (silence is not worth sending); signals pass through, so a start of speech
 * still reaches the live layer at once as a barge-in.
 */
final class UtteranceCollector implements Processor {
  @Override
  public void process(PartStream in, PartSink out) {
    List<PcmAudio> utterance = new ArrayList<>();
    boolean speaking = false;
    for (ProcessorPart part : in) {
      if (part.isSignal(SignalKind.START_OF_SPEECH)) {
        speaking = true;
        utterance.clear();
        out.emit(part);
      } else if (part.isSignal(SignalKind.END_OF_SPEECH)) {
        speaking = false;
        if (!utterance.isEmpty()) {
          out.emit(PcmAudio.concat(utterance).toPart());
          utterance.clear();
        }
        out.emit(part);
      } else if (part.content() instanceof Content.Blob b && b.mimeType().startsWith("audio/")) {
        if (speaking) {
          utterance.add(PcmAudio.of(part));
        }
      } else {
        out.emit(part);
      }
    }
  }

  @Override
  public String name() {
    return "utterance collector";
  }
}
