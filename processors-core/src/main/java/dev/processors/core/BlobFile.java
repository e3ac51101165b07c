package dev.processors.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The blobs of a recording kept beside it: read at their offsets from the file, or, for a
 * compressed blob file ({@code .gz}), from its contents inflated into memory once.
 */
final class BlobFile implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final byte[] inflated;

  private BlobFile(Path path, FileChannel channel, byte[] inflated) {
    this.path = path;
    this.channel = channel;
    this.inflated = inflated;
  }

  /**
   * Opens {@code path}.
   *
   * @throws java.nio.file.NoSuchFileException if it is missing
   * @throws java.io.EOFException if it is compressed and cut short
   */
  static BlobFile open(Path path) throws IOException {
    if (path.getFileName().toString().endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16)) {
        return new BlobFile(path, null, in.readAllBytes());
      }
    }
    return new BlobFile(path, FileChannel.open(path, StandardOpenOption.READ), null);
  }

  /**
   * The {@code length} bytes at {@code offset}.
   *
   * @throws IllegalArgumentException if they lie beyond the end of the file
   */
  byte[] read(long offset, int length) {
    try {
      long size = inflated != null ? inflated.length : channel.size();
      if (offset + length > size) {
        throw new IllegalArgumentException(
            "blob ["
                + offset
                + ", "
                + length
                + "] lies beyond the end of "
                + path
                + " ("
                + size
                + " bytes): the blob file is truncated");
      }
      if (inflated != null) {
        return Arrays.copyOfRange(inflated, (int) offset, (int) offset + length);
      }
      ByteBuffer buffer = ByteBuffer.allocate(length);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, offset + buffer.position()) < 0) {
          throw new IllegalArgumentException("the blob file " + path + " ended early");
        }
      }
      return buffer.array();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
