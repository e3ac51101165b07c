package dev.processors.core;

/** Rethrows a checked exception from a method that cannot declare it, unchanged. */
final class Sneaky {
  private Sneaky() {}

  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException raise(Throwable t) throws E {
    throw (E) t;
  }
}
