package dev.processors.core;

import java.util.Objects;
import java.util.function.Predicate;

/** Wrappers that rename or restrict a processor without changing what it does. */
final class Named {
  private Named() {}

  static String requireName(String name) {
    return Checks.notBlank(name, "processor name");
  }

  record NamedProcessor(Processor delegate, String name) implements Processor {
    NamedProcessor {
      Objects.requireNonNull(delegate, "processor");
      requireName(name);
    }

    @Override
    public void process(PartStream in, PartSink out) throws Exception {
      delegate.process(in, out);
    }
  }

  record NamedPartProcessor(PartProcessor delegate, String name) implements PartProcessor {
    NamedPartProcessor {
      Objects.requireNonNull(delegate, "processor");
      requireName(name);
    }

    @Override
    public void process(ProcessorPart part, PartSink out) throws Exception {
      delegate.process(part, out);
    }

    @Override
    public boolean matches(ProcessorPart part) {
      return delegate.matches(part);
    }
  }

  record MatchingPartProcessor(PartProcessor delegate, Predicate<? super ProcessorPart> filter)
      implements PartProcessor {
    @Override
    public void process(ProcessorPart part, PartSink out) throws Exception {
      delegate.process(part, out);
    }

    @Override
    public boolean matches(ProcessorPart part) {
      return filter.test(part) && delegate.matches(part);
    }

    @Override
    public String name() {
      return delegate.name();
    }
  }
}
