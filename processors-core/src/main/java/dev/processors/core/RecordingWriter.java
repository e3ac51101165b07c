package dev.processors.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a recording file line by line, keeping it within its size limit: the header first, then
 * entries until one would not fit (then none), then the closing line. Used by one thread at a time.
 */
final class RecordingWriter implements AutoCloseable {
  /** Room kept for the closing line, so a full recording can still be closed. */
  private static final int CLOSING_RESERVE = 512;

  /** Blobs written beside, remembered by identity so one crossing several points is stored once. */
  private static final int REMEMBERED_BLOBS = 4096;

  private final Path file;
  private final OutputStream lines;
  private final OutputStream blobs;
  private final long maxBytes;
  private final Map<Content.Blob, long[]> stored = new IdentityHashMap<>();
  private long bytes;
  private long blobOffset;
  private long written;
  private long dropped;
  private String stopped;

  RecordingWriter(
      Path file,
      Recorder.BlobStorage storage,
      long maxBytes,
      java.time.Instant startedAt,
      String clock,
      Map<String, String> labels) {
    this.file = file;
    this.maxBytes = maxBytes;
    boolean beside = storage == Recorder.BlobStorage.BESIDE;
    boolean gzip = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    Path blobFile = Path.of(file.getFileName() + ".blobs" + (gzip ? ".gz" : ""));
    try {
      this.lines = open(file, gzip);
      this.blobs = beside ? open(file.resolveSibling(blobFile), gzip) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the recording " + file, e);
    }
    Optional<String> blobName = beside ? Optional.of(blobFile.toString()) : Optional.empty();
    writeLine(RecordingFormat.header(startedAt, clock, storage, blobName, labels));
    flush(); // a recorder's recording reads (empty) from the start, before its first entry
  }

  private static OutputStream open(Path file, boolean gzip) throws IOException {
    OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    return gzip ? new GZIPOutputStream(raw, 1 << 16, true) : raw;
  }

  /** Writes a whole recording. */
  static void writeAll(Recording recording, Path file, Recorder.BlobStorage blobs) {
    try (RecordingWriter w =
        new RecordingWriter(
            file, blobs, Long.MAX_VALUE, recording.startedAt(), "unknown", recording.labels())) {
      for (RecordingEntry e : recording.entries()) {
        w.write(e);
      }
      recording.stopReason().ifPresent(w::stop);
    }
  }

  /** Writes {@code entry}, unless the recording has stopped or the entry would not fit. */
  void write(RecordingEntry entry) {
    if (stopped != null) {
      dropped++;
      return;
    }
    ObjectNode line;
    byte[] blob = null;
    long[] ref = null;
    ProcessorPart part = entry.carriedPart().orElse(null);
    if (blobs != null && part != null && part.content() instanceof Content.Blob b) {
      ref = stored.get(b);
      if (ref == null) {
        blob = b.unsafeArray();
        ref = new long[] {blobOffset, blob.length};
      }
      line = RecordingFormat.entry(withoutBytes(entry, part, b));
      line.putArray("blob").add(ref[0]).add(ref[1]);
    } else {
      line = RecordingFormat.entry(entry);
    }
    byte[] text = line.toString().getBytes(StandardCharsets.UTF_8);
    long size = text.length + 1L + (blob == null ? 0 : blob.length);
    if (bytes + size + CLOSING_RESERVE > maxBytes) {
      stop(
          String.format(
              Locale.ROOT,
              "size limit of %d bytes reached at %.3f s",
              maxBytes,
              entry.nanos() / 1e9));
      dropped++;
      return;
    }
    try {
      if (blob != null) {
        blobs.write(blob);
        blobOffset += blob.length;
        if (stored.size() >= REMEMBERED_BLOBS) {
          stored.clear();
        }
        stored.put((Content.Blob) part.content(), ref);
      }
      lines.write(text);
      lines.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the recording " + file, e);
    }
    bytes += size;
    written++;
  }

  private static RecordingEntry withoutBytes(
      RecordingEntry entry, ProcessorPart part, Content.Blob blob) {
    ProcessorPart empty = part.withContent(Content.Blob.wrap(new byte[0], blob.mimeType()));
    return switch (entry) {
      case RecordingEntry.Input in ->
          new RecordingEntry.Input(in.nanos(), in.point(), in.call(), in.seq(), empty);
      case RecordingEntry.Output out ->
          new RecordingEntry.Output(out.nanos(), out.point(), out.call(), out.seq(), empty);
      case RecordingEntry.Passed p ->
          new RecordingEntry.Passed(p.nanos(), p.point(), p.call(), p.seq(), empty);
      default -> entry;
    };
  }

  /** Stops the recording: later entries are counted but not written. */
  void stop(String reason) {
    if (stopped == null) {
      stopped = reason;
    }
  }

  /** The reason recording stopped, with how many entries it left out. */
  Optional<String> stopReason() {
    if (stopped == null) {
      return Optional.empty();
    }
    return Optional.of(
        dropped == 0 ? stopped : stopped + "; " + dropped + " later entries were not recorded");
  }

  long written() {
    return written;
  }

  void flush() {
    try {
      if (blobs != null) {
        blobs.flush();
      }
      lines.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the recording " + file, e);
    }
  }

  /** Writes the closing line and closes the files. */
  @Override
  public void close() {
    try {
      writeLine(RecordingFormat.closing(written, stopReason()));
    } finally {
      try {
        if (blobs != null) {
          blobs.close();
        }
        lines.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the recording " + file, e);
      }
    }
  }

  /** Closes the files without a closing line (after a write failure). */
  void abandon() {
    try {
      if (blobs != null) {
        blobs.close();
      }
      lines.close();
    } catch (IOException e) {
      // already failing: the first error is the one reported
    }
  }

  private void writeLine(ObjectNode node) {
    byte[] text = node.toString().getBytes(StandardCharsets.UTF_8);
    try {
      lines.write(text);
      lines.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the recording " + file, e);
    }
    bytes += text.length + 1L;
  }
}
