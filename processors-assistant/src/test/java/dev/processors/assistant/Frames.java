package dev.processors.assistant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reading frames in tests. */
final class Frames {
  private Frames() {}

  /**
   * The frames of {@code messageId} up to and including its last one; fails after 30 s of quiet.
   */
  static List<Frame> untilFinal(FrameClient client, String messageId) throws InterruptedException {
    List<Frame> frames = new ArrayList<>();
    while (true) {
      Frame f =
          client
              .nextFrame(Duration.ofSeconds(30))
              .orElseThrow(() -> new AssertionError("no frame within 30 s; got so far: " + frames));
      if (!f.messageId().orElse("").equals(messageId)) {
        continue;
      }
      frames.add(f);
      if (f.isFinal()) {
        return frames;
      }
    }
  }

  /** Every frame received (of any message) up to and including the last frame of {@code id}. */
  static List<Frame> everythingUntilFinal(FrameClient client, String messageId)
      throws InterruptedException {
    List<Frame> frames = new ArrayList<>();
    while (true) {
      Frame f =
          client
              .nextFrame(Duration.ofSeconds(30))
              .orElseThrow(() -> new AssertionError("no frame within 30 s; got: " + frames));
      frames.add(f);
      if (f.isFinal() && f.messageId().orElse("").equals(messageId)) {
        return frames;
      }
    }
  }

  static List<String> statuses(List<Frame> frames) {
    return frames.stream().map(f -> f.status().wire()).toList();
  }
}
