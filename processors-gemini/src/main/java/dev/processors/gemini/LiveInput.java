package dev.processors.gemini;

import dev.processors.core.Content;
import dev.processors.core.PartStream;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a {@link LiveApiProcessor}'s input over its {@link LiveLink}: parts on the {@value
 * LiveApiProcessor#REALTIME} substream as realtime input the moment they come, default-substream
 * parts gathered into a client turn sent at {@code end_of_turn} (or when the input ends), function
 * responses as tool responses. Runs on the stage thread.
 */
final class LiveInput {
  private LiveInput() {}

  /** Sends all of {@code in}; returns when it ended and the audio stream (if any) was closed. */
  static void send(PartStream in, LiveLink link) throws InterruptedException {
    List<ProcessorPart> turn = new ArrayList<>();
    boolean sentAudio = false;
    for (ProcessorPart p : in) {
      if (p.substream().equals(LiveApiProcessor.REALTIME)) {
        String msg = LiveMessages.realtimeInput(p);
        if (msg != null) {
          boolean audio = p.mimeType().startsWith("audio/");
          sentAudio |= audio;
          if (audio) {
            link.audioSent();
          }
          link.send(msg);
          if (p.isSignal(SignalKind.START_OF_SPEECH)) {
            link.localBargeIn();
          }
        }
        continue;
      }
      switch (p.content()) {
        case Content.FunctionResponse r -> link.sendTurn(LiveMessages.toolResponse(List.of(r)));
        case Content.Signal s -> {
          if (s.kind() == SignalKind.END_OF_TURN && !turn.isEmpty()) {
            link.sendTurn(LiveMessages.clientTurn(turn, true));
            turn.clear();
          }
        }
        case Content.Text t -> turn.add(p);
        case Content.Blob b -> turn.add(p);
        default -> {}
      }
    }
    if (!turn.isEmpty()) {
      link.sendTurn(LiveMessages.clientTurn(turn, true));
    }
    if (sentAudio) {
      link.endAudio();
    }
  }
}
