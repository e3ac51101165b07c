package dev.processors.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Sends each part to the first route whose condition accepts it; parts no route takes go to the
 * {@link #otherwise} processor, or pass through untouched. Built with {@link Processors#route()}:
 *
 * <pre>{@code
 * Processor router = Processors.route()
 *     .whenMimeType("audio/*", transcriber)
 *     .when(p -> p.isText(), translator)
 *     .build();
 * }</pre>
 *
 * <p><b>Ordering.</b> When every route is a part processor the router is itself a fused part
 * processor and keeps the total order of the output. Otherwise each route runs on its own thread
 * and order is kept within each route (pass-through parts count as a route of their own).
 * Out-of-band parts always pass straight through.
 *
 * <p><b>A route that ends early.</b> A route that returns before its input ended (it stopped
 * reading) takes no more parts: the parts later routed to it are not processed, and the other
 * routes go on, as the branches of {@link Processor#merge} and {@link Processor#parallelConcat} do.
 */
public final class Router {
  private final List<Predicate<? super ProcessorPart>> conditions = new ArrayList<>();
  private final List<Processor> routes = new ArrayList<>();
  private Processor otherwise;

  Router() {}

  /** Routes parts that {@code condition} accepts to {@code processor}. */
  public Router when(Predicate<? super ProcessorPart> condition, Processor processor) {
    conditions.add(Objects.requireNonNull(condition, "condition"));
    routes.add(Objects.requireNonNull(processor, "processor"));
    return this;
  }

  /** Routes parts whose MIME type matches {@code pattern} ({@code audio/*}, {@code text/plain}). */
  public Router whenMimeType(String pattern, Processor processor) {
    MimeTypes.requireValid(pattern.equals("*") ? "*/*" : pattern);
    return when(p -> MimeTypes.matches(p.mimeType(), pattern), processor);
  }

  /** Where parts no route takes go (by default they pass through). */
  public Router otherwise(Processor processor) {
    this.otherwise = Objects.requireNonNull(processor, "processor");
    return this;
  }

  /** The routing processor. */
  public Processor build() {
    if (routes.isEmpty()) {
      throw new IllegalStateException("a router needs at least one route");
    }
    List<Predicate<? super ProcessorPart>> conds = List.copyOf(conditions);
    List<Processor> all = new ArrayList<>(routes);
    all.add(otherwise == null ? Processors.passThrough() : otherwise);
    if (all.stream().allMatch(p -> p instanceof PartProcessor)) {
      List<PartProcessor> parts = all.stream().map(p -> (PartProcessor) p).toList();
      return new PartRouter(conds, parts);
    }
    return new StreamRouter(conds, List.copyOf(all));
  }

  private static int select(List<Predicate<? super ProcessorPart>> conditions, ProcessorPart part) {
    for (int i = 0; i < conditions.size(); i++) {
      if (conditions.get(i).test(part)) {
        return i;
      }
    }
    return conditions.size();
  }

  private record PartRouter(
      List<Predicate<? super ProcessorPart>> conditions, List<PartProcessor> routes)
      implements PartProcessor {
    @Override
    public void process(ProcessorPart part, PartSink out) throws Exception {
      PartProcessor route = routes.get(select(conditions, part));
      if (route.matches(part)) {
        route.process(part, out);
      } else {
        out.emit(part);
      }
    }

    @Override
    public String name() {
      return "route" + Branches.names(routes);
    }
  }

  private record StreamRouter(
      List<Predicate<? super ProcessorPart>> conditions, List<Processor> routes)
      implements Processor {
    @Override
    public void process(PartStream in, PartSink out) {
      Scope scope = Scope.openChild(out);
      RuntimeException caught = null;
      PartSink merged = new LockedSink(out);
      List<SpscChannel> inputs = new ArrayList<>();
      try {
        for (Processor route : routes) {
          SpscChannel channel = new SpscChannel(scope, scope.options().channelCapacity());
          inputs.add(channel);
          ChannelStream routeIn = new ChannelStream(channel);
          Branches.start(
              scope,
              route.name(),
              () -> {
                try {
                  route.process(routeIn, merged);
                } finally {
                  routeIn.close();
                }
              });
        }
        boolean[] stopped = new boolean[inputs.size()];
        try {
          while (in.hasNext()) {
            ProcessorPart part = in.next();
            if (part.isOutOfBand()) {
              merged.emit(part);
              continue;
            }
            int route = select(conditions, part);
            if (stopped[route]) {
              continue; // the route ended before its input did: it takes no more parts
            }
            try {
              inputs.get(route).put(part);
            } catch (DownstreamClosedException e) {
              stopped[route] = true; // as a branch of merge or parallelConcat; the others go on
            }
          }
        } finally {
          for (SpscChannel c : inputs) {
            c.complete();
          }
        }
      } catch (RuntimeException e) {
        caught = e;
        if (!scope.isCancelled() && !(e instanceof DownstreamClosedException)) {
          scope.fail(name(), e);
        }
        scope.cancel();
      }
      Branches.finish(scope, caught);
    }

    @Override
    public String name() {
      return "route" + Branches.names(routes);
    }
  }
}
