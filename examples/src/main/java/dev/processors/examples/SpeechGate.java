package dev.processors.examples;

import dev.processors.audio.PcmAudio;
import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.gemini.LiveApiProcessor;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Sends only speech to a live model: microphone audio is held back while the user is silent
 * (keeping the last {@code preRoll} of it), and when the VAD says speech started, the start signal
 * goes out first, then the held audio (the words the VAD needed to be sure), then the speech as it
 * comes, until the end-of-speech signal. Everything leaves on the {@code realtime} substream, where
 * {@link LiveApiProcessor} sends signals as activity start and end.
 */
final class SpeechGate implements Processor {
  private final Duration preRoll;

  SpeechGate(Duration preRoll) {
    this.preRoll = preRoll;
  }

  @Override
  public void process(PartStream in, PartSink out) {
    ArrayDeque<ProcessorPart> held = new ArrayDeque<>();
    long heldNanos = 0;
    boolean speaking = false;
    for (ProcessorPart part : in) {
      if (part.isSignal(SignalKind.START_OF_SPEECH)) {
        speaking = true;
        out.emit(part.withSubstream(LiveApiProcessor.REALTIME));
        while (!held.isEmpty()) {
          out.emit(held.poll());
        }
        heldNanos = 0;
      } else if (part.isSignal(SignalKind.END_OF_SPEECH)) {
        speaking = false;
        out.emit(part.withSubstream(LiveApiProcessor.REALTIME));
      } else if (part.content() instanceof Content.Blob b && b.mimeType().startsWith("audio/")) {
        ProcessorPart audio = part.withSubstream(LiveApiProcessor.REALTIME);
        if (speaking) {
          out.emit(audio);
        } else {
          held.add(audio);
          heldNanos += PcmAudio.of(audio).duration().toNanos();
          while (heldNanos > preRoll.toNanos() && held.size() > 1) {
            heldNanos -= PcmAudio.of(held.poll()).duration().toNanos();
          }
        }
      } else {
        out.emit(part);
      }
    }
  }

  @Override
  public String name() {
    return "speech gate";
  }
}
