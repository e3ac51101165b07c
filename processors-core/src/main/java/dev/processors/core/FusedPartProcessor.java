package dev.processors.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Part processors fused into one: a chain of sinks built once per run, each calling the next
 * processor directly. Out-of-band parts jump to the chain's output; parts a processor does not
 * match skip it.
 */
final class FusedPartProcessor implements PartProcessor {
  private final PartProcessor[] stages;

  private FusedPartProcessor(PartProcessor[] stages) {
    this.stages = stages;
  }

  static PartProcessor of(List<PartProcessor> processors) {
    List<PartProcessor> flat = new ArrayList<>();
    for (PartProcessor p : processors) {
      Objects.requireNonNull(p, "part processor");
      if (p instanceof FusedPartProcessor f) {
        flat.addAll(List.of(f.stages));
      } else {
        flat.add(p);
      }
    }
    if (flat.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one processor");
    }
    return flat.size() == 1
        ? flat.get(0)
        : new FusedPartProcessor(flat.toArray(PartProcessor[]::new));
  }

  /**
   * A sink that feeds parts into {@code processor} (fused or not), whose output goes to out; parts
   * that {@code reserved} puts on the out-of-band lane skip the processors.
   */
  static PartSink entry(PartProcessor processor, PartSink out, OutOfBandTest reserved) {
    if (processor instanceof FusedPartProcessor f) {
      return f.link(out, reserved);
    }
    return new Link(processor, out, out, reserved);
  }

  private PartSink link(PartSink out, OutOfBandTest reserved) {
    PartSink after = out;
    for (int i = stages.length - 1; i > 0; i--) {
      after = new Link(stages[i], after, out, reserved);
    }
    return new Link(stages[0], after, out, reserved);
  }

  @Override
  public void process(ProcessorPart part, PartSink out) {
    link(out, OutOfBandTest.current()).emit(part);
  }

  @Override
  public boolean matches(ProcessorPart part) {
    return true;
  }

  @Override
  public String name() {
    StringBuilder sb = new StringBuilder();
    for (PartProcessor p : stages) {
      if (!sb.isEmpty()) {
        sb.append(" + ");
      }
      sb.append(p.name());
    }
    return sb.toString();
  }

  /** Receives a part and runs it through one processor, whose output goes to {@code after}. */
  static final class Link implements PartSink {
    private final PartProcessor processor;
    private final boolean filters;
    private final PartSink after;
    private final PartSink out;
    private final OutOfBandTest reserved;

    Link(PartProcessor processor, PartSink after, PartSink out, OutOfBandTest reserved) {
      this.processor = processor;
      this.filters = overridesMatches(processor);
      this.after = after;
      this.out = out;
      this.reserved = reserved;
    }

    @Override
    public void emit(ProcessorPart part) {
      if (reserved.test(part)) {
        out.emit(part);
        return;
      }
      if (filters && !processor.matches(part)) {
        after.emit(part);
        return;
      }
      try {
        processor.process(part, after);
      } catch (CancellationException | ProcessorException | InterruptedException e) {
        throw Sneaky.<RuntimeException>raise(e);
      } catch (Exception e) {
        // Name the fused processor that failed, not the whole fused stage.
        throw new ProcessorException(processor.name(), e);
      }
    }

    private static boolean overridesMatches(PartProcessor p) {
      try {
        return p.getClass().getMethod("matches", ProcessorPart.class).getDeclaringClass()
            != PartProcessor.class;
      } catch (NoSuchMethodException e) {
        return true;
      }
    }
  }
}
