package dev.processors.model.spi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the models log on {@value ModelLog#NAME} through {@code System.Logger}'s default
 * backend (java.util.logging), as {@code LEVEL message} lines. Close to restore the logger.
 */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger = Logger.getLogger(ModelLog.NAME);
  private final Level before;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  LogCapture(Level level) {
    before = logger.getLevel();
    logger.setLevel(level);
    logger.addHandler(this);
  }

  List<String> lines() {
    return lines;
  }

  String all() {
    return String.join("\n", lines);
  }

  @Override
  public void publish(LogRecord r) {
    lines.add(r.getLevel() + " " + r.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(before);
  }
}
