package dev.processors.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** Reads a recording file strictly, naming the line of the first problem. */
final class RecordingReader implements AutoCloseable {
  private static final ObjectReader JSON =
      JsonText.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Path file;
  private final String name;
  private BlobFile blobs;
  private boolean compressedCut;

  private RecordingReader(Path file) {
    this.file = file;
    this.name = file.toString();
  }

  static Recording read(Path file, boolean allowTruncated) {
    try (RecordingReader reader = new RecordingReader(file)) {
      return reader.readAll(allowTruncated);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the recording " + file, e);
    }
  }

  private Recording readAll(boolean allowTruncated) throws IOException {
    try (BufferedReader in = open()) {
      String first = nextLine(in);
      if (first == null) {
        throw error(
            0,
            compressedCut
                ? "the compressed file is cut short before its first line: nothing to read"
                : "the file is empty: not a recording");
      }
      JsonNode header = parse(first, 1, "the header");
      checkHeader(header);
      Instant startedAt = instant(header);
      Map<String, String> labels = field(1, () -> RecordingFormat.labels(header));
      openBlobs(header);
      List<RecordingEntry> entries = new ArrayList<>();
      long lineNo = 1;
      String line = nextLine(in);
      while (line != null) {
        lineNo++;
        String next = nextLine(in);
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          if (next == null) {
            if (allowTruncated) {
              return session(header, startedAt, labels, entries, cutShort(lineNo - 1));
            }
            throw error(
                lineNo,
                "the line is cut short: the recording is truncated (Recording.readTruncated reads"
                    + " the "
                    + entries.size()
                    + " entries before it)",
                e);
          }
          throw error(lineNo, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (node != null && node.isObject() && RecordingFormat.CLOSED.equals(kind(node))) {
          if (next != null) {
            throw error(lineNo + 1, "a line follows the closing line");
          }
          long counted = field(lineNo, () -> RecordingFormat.number(node, "entries"));
          if (counted != entries.size()) {
            throw error(
                lineNo,
                "the closing line counts "
                    + counted
                    + " entries but the file holds "
                    + entries.size()
                    + ": entries are missing");
          }
          Optional<String> stopped =
              node.hasNonNull("stopped")
                  ? Optional.of(field(lineNo, () -> RecordingFormat.text(node, "stopped")))
                  : Optional.empty();
          return session(header, startedAt, labels, entries, stopped);
        }
        final JsonNode entryNode = node;
        entries.add(field(lineNo, () -> RecordingFormat.parseEntry(entryNode, this::blob)));
        line = next;
      }
      if (allowTruncated) {
        return session(header, startedAt, labels, entries, cutShort(lineNo));
      }
      if (compressedCut) {
        throw error(
            lineNo,
            "the compressed file is cut short after this line: the recording is truncated;"
                + " Recording.readTruncated reads the "
                + entries.size()
                + " entries it holds");
      }
      throw error(
          lineNo,
          "the recording ends without its closing line: it was cut short (the recorder was not"
              + " closed, or the file was truncated); Recording.readTruncated reads the "
              + entries.size()
              + " entries it holds");
    }
  }

  /** The next line, or null at the end (also where a compressed file was cut short). */
  private String nextLine(BufferedReader in) throws IOException {
    try {
      return in.readLine();
    } catch (EOFException e) {
      compressedCut = true;
      return null;
    }
  }

  private static Optional<String> cutShort(long lastWholeLine) {
    return Optional.of("cut short after line " + lastWholeLine);
  }

  private Recording session(
      JsonNode header,
      Instant startedAt,
      Map<String, String> labels,
      List<RecordingEntry> entries,
      Optional<String> stopped) {
    int version = header.get("version").asInt();
    return new RecordedSession(version, startedAt, labels, entries, stopped);
  }

  private BufferedReader open() throws IOException {
    InputStream raw;
    try {
      raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new RecordingFormatException(name, 0, "no such file", e);
    }
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  private void checkHeader(JsonNode header) {
    if (!header.isObject() || !Recording.FORMAT_NAME.equals(textOrNull(header, "format"))) {
      throw error(
          1,
          "not a processors recording: the first line is not a '"
              + Recording.FORMAT_NAME
              + "' header");
    }
    JsonNode v = header.get("version");
    if (v == null || !v.isIntegralNumber()) {
      throw error(1, "the header has no format version");
    }
    int version = v.asInt();
    if (version < Recording.FORMAT_VERSION) {
      throw error(
          1,
          "recording format version "
              + version
              + " is older than this library reads (version "
              + Recording.FORMAT_VERSION
              + "): record the session again with this version");
    }
    if (version > Recording.FORMAT_VERSION) {
      throw error(
          1,
          "recording format version "
              + version
              + " is newer than this library reads (version "
              + Recording.FORMAT_VERSION
              + "): read it with the version of Processors for Java that wrote it, or newer");
    }
  }

  private Instant instant(JsonNode header) {
    String at = field(1, () -> RecordingFormat.text(header, "started_at"));
    try {
      return Instant.parse(at);
    } catch (DateTimeParseException e) {
      throw error(1, "'started_at' is not an instant: " + at, e);
    }
  }

  private void openBlobs(JsonNode header) throws IOException {
    if (!"beside".equals(textOrNull(header, "blobs"))) {
      return;
    }
    String blobFile = field(1, () -> RecordingFormat.text(header, "blob_file"));
    Path path = file.toAbsolutePath().getParent().resolve(blobFile);
    try {
      blobs = BlobFile.open(path);
    } catch (NoSuchFileException e) {
      throw error(1, "its blob file " + path + " is missing", e);
    } catch (EOFException e) {
      throw error(1, "its blob file " + path + " is cut short", e);
    }
  }

  private byte[] blob(long offset, int length) {
    if (blobs == null) {
      throw new IllegalArgumentException("'blob' is given but the recording keeps blobs inline");
    }
    return blobs.read(offset, length);
  }

  private JsonNode parse(String line, long lineNo, String what) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw error(lineNo, what + " is not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  private static String kind(JsonNode node) {
    JsonNode k = node.get("kind");
    return k == null ? null : k.asText();
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private interface Read<T> {
    T get();
  }

  private <T> T field(long lineNo, Read<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw error(lineNo, e.getMessage(), e);
    }
  }

  private RecordingFormatException error(long line, String message) {
    return new RecordingFormatException(name, line, message);
  }

  private RecordingFormatException error(long line, String message, Throwable cause) {
    return new RecordingFormatException(name, line, message, cause);
  }

  @Override
  public void close() throws IOException {
    if (blobs != null) {
      blobs.close();
    }
  }
}
