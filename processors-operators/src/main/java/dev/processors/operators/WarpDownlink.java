package dev.processors.operators;

import dev.processors.core.Clock;
import dev.processors.core.ProcessorPart;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;

/**
 * A client for a SwimOS value downlink over WARP (Recon envelopes over a WebSocket, spoken with
 * {@code java.net.http.WebSocket}): it sends {@code @sync(node, lane)}, turns every {@code @event}
 * into a JSON part of the stream, and keeps the link alive: when the connection closes or fails it
 * reconnects after a backoff on the clock and syncs again (a peer that vanishes without closing the
 * TCP connection is not detected yet: there is no keep-alive ping); {@link #close()} sends
 * {@code @unlink} and waits for {@code @unlinked}.
 *
 * <pre>{@code
 * try (WarpDownlink xyz = WarpDownlink.builder()
 *         .uri(URI.create("ws://localhost:9001")).node("/stock/XYZ").lane("status").open();
 *     ProcessorRun run = operatorStage.start(xyz)) {
 *   for (ProcessorPart summary : run) System.out.println(summary);
 * }
 * }</pre>
 *
 * <p><b>Output.</b> Each event's body as a JSON part (a record becomes an object; any other value
 * {@code {"value": ...}}) with metadata {@link #NODE} and {@link #LANE}; and status parts with
 * metadata {@link #LINK_EVENT} ({@code linked}, {@code synced}, {@code reconnecting}, {@code
 * unlinked}) so a pipeline can show the link's life. Values are never dropped: when the reader
 * falls behind, at most {@code capacity} parts wait and the client stops reading the socket
 * (WebSocket flow control), which pushes back on the server.
 *
 * <p><b>Threading.</b> One virtual thread per downlink keeps the connection; iterate from one
 * thread (iteration blocks; an interrupt ends it with a {@link
 * java.util.concurrent.CancellationException}). {@link #close()} may be called from any thread.
 *
 * <p><b>Errors.</b> A lane the server unlinks by itself (a node not found) ends the stream with a
 * {@link WarpException} from the iterator. Connection failures are retried without end until {@link
 * #close()}.
 */
public interface WarpDownlink extends Iterable<ProcessorPart>, AutoCloseable {
  /** Metadata key: the node URI of an event part. */
  String NODE = "warp_node";

  /** Metadata key: the lane URI of an event part. */
  String LANE = "warp_lane";

  /** Metadata key of status parts: what happened to the link. */
  String LINK_EVENT = "warp_link";

  /** A builder; {@code uri} and {@code node} are required, the lane is {@code status}. */
  static Builder builder() {
    return new Builder();
  }

  /** The stream of parts; a downlink can be iterated once. */
  @Override
  Iterator<ProcessorPart> iterator();

  /** How many times the link was re-established after a drop. */
  int reconnects();

  /**
   * Unlinks ({@code @unlink}, waiting up to 2 s for {@code @unlinked}), closes the connection and
   * ends the stream after the parts already received. Idempotent.
   */
  @Override
  void close();

  /** Settings of a {@link WarpDownlink}. */
  final class Builder {
    URI uri;
    String node;
    String lane = "status";
    Clock clock = Clock.system();
    Duration initialBackoff = Duration.ofMillis(200);
    Duration maxBackoff = Duration.ofSeconds(10);
    int capacity = 256;

    private Builder() {}

    /** The server, e.g. {@code ws://localhost:9001}. */
    public Builder uri(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /** The node URI, e.g. {@code /stock/XYZ}. */
    public Builder node(String node) {
      this.node = Objects.requireNonNull(node, "node");
      return this;
    }

    /** The lane URI; {@code status} by default. */
    public Builder lane(String lane) {
      this.lane = Objects.requireNonNull(lane, "lane");
      return this;
    }

    /** The clock reconnection backoff sleeps on. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The first reconnection delay, doubled after each failed try up to {@code max}.
     *
     * @throws IllegalArgumentException unless 0 < initial <= max
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff needs 0 < initial <= max");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * How many parts may wait for the reader; 256 by default.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder capacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be positive, got " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /**
     * Opens the downlink: connects and syncs on its own thread, returning at once.
     *
     * @throws IllegalArgumentException if the URI is not ws or wss
     * @throws NullPointerException if the URI or node is missing
     */
    public WarpDownlink open() {
      Objects.requireNonNull(uri, "uri is required");
      Objects.requireNonNull(node, "node is required");
      if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
        throw new IllegalArgumentException("a WARP URI is ws:// or wss://, got " + uri);
      }
      return WarpConnection.open(this);
    }
  }
}
