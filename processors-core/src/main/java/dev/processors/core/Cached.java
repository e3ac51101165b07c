package dev.processors.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Serves identical inputs from a {@link ProcessorCache}; only complete, successful outputs are
 * stored.
 */
final class Cached {
  private Cached() {}

  static Processor of(Processor processor, ProcessorCache cache) {
    return new Processor() {
      @Override
      public void process(PartStream in, PartSink out) throws Exception {
        List<ProcessorPart> input = in.toList();
        var hit = cache.get(input);
        if (hit.isPresent()) {
          hit.get().forEach(out::emit);
          return;
        }
        List<ProcessorPart> recorded = new ArrayList<>();
        processor.process(
            PartStream.of(input),
            part -> {
              if (!part.isOutOfBand()) {
                recorded.add(part);
              }
              out.emit(part);
            });
        cache.put(input, recorded);
      }

      @Override
      public String name() {
        return processor.name();
      }
    };
  }

  static PartProcessor of(PartProcessor processor, ProcessorCache cache) {
    return new PartProcessor() {
      @Override
      public void process(ProcessorPart part, PartSink out) throws Exception {
        List<ProcessorPart> key = List.of(part);
        var hit = cache.get(key);
        if (hit.isPresent()) {
          hit.get().forEach(out::emit);
          return;
        }
        List<ProcessorPart> recorded = new ArrayList<>();
        processor.process(
            part,
            p -> {
              if (!p.isOutOfBand()) {
                recorded.add(p);
              }
              out.emit(p);
            });
        cache.put(key, recorded);
      }

      @Override
      public boolean matches(ProcessorPart part) {
        return processor.matches(part);
      }

      @Override
      public String name() {
        return processor.name();
      }
    };
  }
}
