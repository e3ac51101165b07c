package dev.processors.audio;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stage that passes every part through and, behind the user audio in which a {@link
 * VoiceActivityDetector} confirms a change, emits {@link SignalKind#START_OF_SPEECH} or {@link
 * SignalKind#END_OF_SPEECH}.
 *
 * <pre>{@code
 * Processor vad = VoiceActivityProcessor.create();  // energy-based, pipecat-like defaults
 * // mic audio ... audio, START_OF_SPEECH, audio ... audio, END_OF_SPEECH, audio ...
 * }</pre>
 *
 * <p><b>What it analyses.</b> PCM audio parts of role {@link ProcessorPart#USER} on the default
 * substream (microphone input); model audio and everything else pass unanalysed. A change of audio
 * format starts a new detection session (ending speech first if it was under way).
 *
 * <p><b>Ordering.</b> A signal follows the audio part in which the change was confirmed, which is
 * the minimum start or stop duration after the speech really began or ended; its metadata {@value
 * #SPEECH_POSITION_MS} gives that real position (milliseconds since the session's first sample),
 * {@value #CONFIRMED_AT_MS} the confirmation point. {@code START_OF_SPEECH} is a control signal, so
 * downstream it overtakes queued data (that is what makes it a barge-in). If speech is under way
 * when the input ends, an {@code END_OF_SPEECH} closes it.
 *
 * <p><b>Threading.</b> One thread per run; no blocking beyond emitting; one instance serves many
 * runs at once. <b>Errors.</b> A part whose MIME type is {@code audio/pcm} with unsupported
 * parameters fails the run with an {@link IllegalArgumentException} naming the type.
 */
public final class VoiceActivityProcessor implements Processor {
  /** Signal metadata: where the speech began or ended, in ms since the session's first sample. */
  public static final String SPEECH_POSITION_MS = "speech_position_ms";

  /** Signal metadata: where the change was confirmed, in ms since the session's first sample. */
  public static final String CONFIRMED_AT_MS = "confirmed_at_ms";

  private final VoiceActivityDetector detector;

  private VoiceActivityProcessor(VoiceActivityDetector detector) {
    this.detector = detector;
  }

  /** A stage using {@code detector}. */
  public static VoiceActivityProcessor of(VoiceActivityDetector detector) {
    return new VoiceActivityProcessor(Objects.requireNonNull(detector, "detector"));
  }

  /** A stage using {@link EnergyVoiceActivityDetector#create()}. */
  public static VoiceActivityProcessor create() {
    return of(EnergyVoiceActivityDetector.create());
  }

  @Override
  public void process(PartStream in, PartSink out) {
    VoiceActivityDetector.Session session = null;
    PcmFormat sessionFormat = null;
    for (ProcessorPart part : in) {
      Optional<PcmFormat> format =
          part.role().equals(ProcessorPart.USER) && part.substream().isEmpty()
              ? PcmFormat.of(part)
              : Optional.empty();
      if (format.isEmpty()) {
        out.emit(part);
        continue;
      }
      if (!format.get().equals(sessionFormat)) {
        endIfSpeaking(session, out);
        session = detector.newSession(format.get());
        sessionFormat = format.get();
      }
      List<SpeechEvent> events = session.analyse(((Content.Blob) part.content()).buffer());
      out.emit(part);
      for (SpeechEvent e : events) {
        out.emit(signal(e));
      }
    }
    endIfSpeaking(session, out);
  }

  private static void endIfSpeaking(VoiceActivityDetector.Session session, PartSink out) {
    if (session != null && session.speaking()) {
      out.emit(
          signal(
              new SpeechEvent(SignalKind.END_OF_SPEECH, session.position(), session.position())));
    }
  }

  private static ProcessorPart signal(SpeechEvent e) {
    return ProcessorPart.signal(e.kind())
        .withMetadata(SPEECH_POSITION_MS, e.position().toMillis())
        .withMetadata(CONFIRMED_AT_MS, e.confirmedAt().toMillis());
  }

  @Override
  public String name() {
    return "VoiceActivityProcessor";
  }
}
