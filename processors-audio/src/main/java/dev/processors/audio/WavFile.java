package dev.processors.audio;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads and writes WAV files of 16-bit PCM audio, mono or stereo, 8 to 48 kHz.
 *
 * <p>Reading accepts the plain {@code WAVE_FORMAT_PCM} layout and {@code WAVE_FORMAT_EXTENSIBLE}
 * with a PCM sub-format, skips chunks it does not need (such as {@code LIST}), and tolerates the
 * placeholder data sizes (0 or {@code 0xFFFFFFFF}) that streaming writers leave (the data then runs
 * to the end of the file). A real data size is trusted: the file must hold that many bytes. Writing
 * produces the canonical 44-byte header followed by the samples.
 *
 * <p>Static methods, thread-safe; they block on file I/O. Errors: {@link AudioException} naming the
 * file (or "WAV data") and what is wrong with it: not RIFF/WAVE, missing {@code fmt} or {@code
 * data} chunk, truncated (the file ends inside its header, or before the data size its header
 * declares), an encoding other than 16-bit PCM, an unsupported rate or channel count, or an I/O
 * failure.
 */
public final class WavFile {
  /** The size of the header {@link #write} produces. */
  public static final int HEADER_BYTES = 44;

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final long UNKNOWN_SIZE = 0xFFFF_FFFFL;

  private WavFile() {}

  /** Reads a whole WAV file. */
  public static PcmAudio read(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new AudioException("cannot read WAV file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Decodes the bytes of a whole WAV file. */
  public static PcmAudio decode(byte[] wav) {
    Objects.requireNonNull(wav, "wav");
    try {
      return read(new ByteArrayInputStream(wav), "WAV data");
    } catch (IOException e) {
      throw new AudioException("cannot read WAV data: " + e.getMessage(), e);
    }
  }

  /** Writes {@code audio} as a WAV file, replacing any file at {@code file}. */
  public static void write(Path file, PcmAudio audio) {
    Objects.requireNonNull(file, "file");
    try {
      Files.write(file, encode(audio));
    } catch (IOException e) {
      throw new AudioException("cannot write WAV file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The bytes of a WAV file holding {@code audio}. */
  public static byte[] encode(PcmAudio audio) {
    byte[] out = new byte[HEADER_BYTES + audio.size()];
    System.arraycopy(header(audio.format(), audio.size()), 0, out, 0, HEADER_BYTES);
    audio.buffer().get(out, HEADER_BYTES, audio.size());
    return out;
  }

  /** The canonical 44-byte header for {@code dataBytes} bytes of {@code format}. */
  static byte[] header(PcmFormat format, long dataBytes) {
    if (dataBytes < 0 || dataBytes > UNKNOWN_SIZE - 36) {
      throw new AudioException("WAV data of " + dataBytes + " bytes does not fit a RIFF file");
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt((int) (36 + dataBytes)).put(ascii("WAVE"));
    b.put(ascii("fmt ")).putInt(16);
    b.putShort((short) FORMAT_PCM).putShort((short) format.channels());
    b.putInt(format.sampleRate()).putInt(format.bytesPerSecond());
    b.putShort((short) format.frameBytes()).putShort((short) 16);
    b.put(ascii("data")).putInt((int) dataBytes);
    return b.array();
  }

  /** The format and data size of a WAV stream, read up to the first data byte. */
  record Header(PcmFormat format, long dataBytes, boolean sizeKnown) {}

  /**
   * Reads the header of a WAV stream and leaves {@code in} at the first byte of sample data. When
   * the data size is a placeholder, {@code sizeKnown} is false and the data runs to the end.
   *
   * @throws AudioException if the header is malformed or the stream ends inside it
   */
  static Header readHeader(InputStream in, String source) throws IOException {
    CountingInput counted = new CountingInput(in);
    DataInputStream d = new DataInputStream(counted);
    String reading = "its RIFF header";
    try {
      byte[] id = new byte[4];
      if (!readId(d, id)) {
        throw new AudioException(source + " is empty, not a WAV file");
      }
      if (!is(id, "RIFF")) {
        throw new AudioException(source + " is not a WAV file: it does not start with RIFF");
      }
      readIntLe(d); // RIFF size: often wrong in streamed files, not needed
      if (!readId(d, id)) {
        throw new EOFException("no RIFF type");
      }
      if (!is(id, "WAVE")) {
        throw new AudioException(source + " is not a WAV file: the RIFF type is not WAVE");
      }
      PcmFormat format = null;
      while (true) {
        reading = "a chunk header";
        if (!readId(d, id)) {
          throw new AudioException(
              source + " has no " + (format == null ? "fmt" : "data") + " chunk");
        }
        long size = readIntLe(d) & 0xFFFF_FFFFL;
        if (is(id, "fmt ")) {
          reading = "its fmt chunk";
          format = readFormat(d, size, source);
        } else if (is(id, "data")) {
          if (format == null) {
            throw new AudioException(source + " has a data chunk before its fmt chunk");
          }
          boolean known = size != UNKNOWN_SIZE && size != 0;
          return new Header(format, known ? size : -1, known);
        } else {
          reading = "its " + new String(id, StandardCharsets.US_ASCII).strip() + " chunk";
          skip(d, size + (size & 1), source);
        }
      }
    } catch (EOFException e) {
      throw new AudioException(
          source
              + " is truncated: it ends inside "
              + reading
              + " after "
              + counted.count
              + " bytes, before any sample data",
          e);
    }
  }

  private static PcmAudio read(InputStream in, String source) throws IOException {
    Header h = readHeader(in, source);
    byte[] data;
    if (h.sizeKnown()) {
      if (h.dataBytes() > Integer.MAX_VALUE - 16) {
        throw new AudioException(source + " is too large to read whole: use WavFileSource");
      }
      data = in.readNBytes((int) h.dataBytes());
      if (data.length < h.dataBytes()) {
        throw new AudioException(
            source
                + " is truncated: its header declares "
                + h.dataBytes()
                + " bytes of sample data but only "
                + data.length
                + " follow");
      }
    } else {
      data = in.readAllBytes();
    }
    int whole = data.length - data.length % h.format().frameBytes();
    if (whole != data.length) {
      data = Arrays.copyOf(data, whole); // a truncated last frame of a streamed file
    }
    return PcmAudio.wrap(h.format(), data);
  }

  private static PcmFormat readFormat(DataInputStream d, long size, String source)
      throws IOException {
    if (size < 16) {
      throw new AudioException(source + " has a fmt chunk of " + size + " bytes (need 16)");
    }
    int code = readShortLe(d);
    int channels = readShortLe(d);
    int rate = readIntLe(d);
    readIntLe(d); // byte rate
    readShortLe(d); // block align
    int bits = readShortLe(d);
    long rest = size - 16;
    if (code == FORMAT_EXTENSIBLE && rest >= 10) {
      readShortLe(d); // extension size
      readShortLe(d); // valid bits
      readIntLe(d); // channel mask
      code = readShortLe(d); // first two bytes of the sub-format GUID
      rest -= 10;
    }
    skip(d, rest + (size & 1), source);
    if (code != FORMAT_PCM) {
      throw new AudioException(
          source
              + " uses WAV encoding "
              + encodingName(code)
              + "; only 16-bit integer PCM is supported");
    }
    if (bits != 16) {
      throw new AudioException(
          source + " has " + bits + "-bit samples; only 16-bit integer PCM is supported");
    }
    try {
      return new PcmFormat(rate, channels);
    } catch (IllegalArgumentException e) {
      throw new AudioException(source + " has an unsupported format: " + e.getMessage(), e);
    }
  }

  private static String encodingName(int code) {
    return switch (code) {
      case 3 -> "3 (IEEE float)";
      case 6 -> "6 (A-law)";
      case 7 -> "7 (mu-law)";
      case 0x11 -> "0x11 (IMA ADPCM)";
      case 0x55 -> "0x55 (MP3)";
      default -> "0x" + Integer.toHexString(code);
    };
  }

  private static boolean readId(DataInputStream d, byte[] id) throws IOException {
    int n = d.readNBytes(id, 0, 4);
    if (n == 0) {
      return false;
    }
    if (n < 4) {
      throw new EOFException("a chunk id of " + n + " bytes");
    }
    return true;
  }

  private static int readIntLe(DataInputStream d) throws IOException {
    return Integer.reverseBytes(d.readInt());
  }

  private static int readShortLe(DataInputStream d) throws IOException {
    return Short.toUnsignedInt(Short.reverseBytes(d.readShort()));
  }

  private static void skip(DataInputStream d, long n, String source) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = d.skip(left);
      if (skipped <= 0) {
        if (d.read() < 0) {
          throw new EOFException("inside a chunk");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static boolean is(byte[] id, String name) {
    return id[0] == name.charAt(0)
        && id[1] == name.charAt(1)
        && id[2] == name.charAt(2)
        && id[3] == name.charAt(3);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Counts the bytes read, to say where a truncated header ends. */
  private static final class CountingInput extends java.io.FilterInputStream {
    long count;

    CountingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += Math.max(0, skipped);
      return skipped;
    }
  }
}
