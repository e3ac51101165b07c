package dev.processors.core;

/** Readable default names for processors, including lambdas. */
final class ProcessorNames {
  private ProcessorNames() {}

  static String of(Object processor) {
    Class<?> type = processor.getClass();
    String name = type.getName();
    int lambda = name.indexOf("$$Lambda");
    if (lambda >= 0) {
      String outer = name.substring(0, lambda);
      return "lambda in " + outer.substring(outer.lastIndexOf('.') + 1);
    }
    String simple = type.getSimpleName();
    return simple.isEmpty() ? name.substring(name.lastIndexOf('.') + 1) : simple;
  }
}
