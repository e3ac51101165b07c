package dev.processors.operators;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One WARP envelope: its tag ({@code link}, {@code sync}, {@code linked}, {@code synced}, {@code
 * event}, {@code command}, {@code unlink}, {@code unlinked}...), the node and lane it is addressed
 * to, and its body as JSON.
 *
 * @param tag the envelope type
 * @param node the node URI, e.g. {@code /stock/XYZ}
 * @param lane the lane URI, e.g. {@code status}
 * @param body the payload, if any
 */
public record WarpEnvelope(String tag, String node, String lane, Optional<JsonNode> body) {

  /**
   * Parses a WARP text frame.
   *
   * @throws IllegalArgumentException if it is not an envelope
   */
  public static WarpEnvelope parse(String text) {
    return Recon.envelope(text);
  }

  /** This envelope as WARP text (Recon). */
  public String toRecon() {
    return body.map(b -> Recon.write(tag, node, lane, b))
        .orElseGet(() -> Recon.write(tag, node, lane));
  }
}
