package dev.processors.core;

import java.util.Set;

/**
 * Whether a part travels on a run's out-of-band lane, decided once per run: the default reserved
 * set reads a flag the part computed when it was made, a replaced set matches prefixes.
 */
final class OutOfBandTest {
  private static final OutOfBandTest DEFAULT = new OutOfBandTest(null);

  private final Set<String> prefixes;

  private OutOfBandTest(Set<String> prefixes) {
    this.prefixes = prefixes;
  }

  static OutOfBandTest of(RunOptions options) {
    Set<String> reserved = options.reservedSubstreams();
    return reserved == ProcessorPart.RESERVED_SUBSTREAMS ? DEFAULT : new OutOfBandTest(reserved);
  }

  static OutOfBandTest current() {
    return of(Scope.currentOptions());
  }

  boolean test(ProcessorPart part) {
    return prefixes == null
        ? part.isOutOfBand()
        : ProcessorPart.startsWithAny(part.substream(), prefixes);
  }
}
