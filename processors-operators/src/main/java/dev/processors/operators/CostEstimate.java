package dev.processors.operators;

import dev.cel.common.ast.CelExpr;

/**
 * A static upper bound on the steps one evaluation of an expression can take, computed on its
 * syntax tree before it ever runs: each node costs 1, and a comprehension ({@code map}, {@code
 * filter}, {@code all}, {@code exists}...) costs its body times the length its range can reach.
 * Literal lists count their elements; a list from the state counts {@code maxListLength}. So a
 * nested comprehension over literal lists of 1,000 elements is priced at over a million steps and
 * rejected before it runs.
 */
final class CostEstimate {
  private final long maxListLength;

  private CostEstimate(long maxListLength) {
    this.maxListLength = maxListLength;
  }

  /** The estimated cost of {@code expr}, saturating at {@code Long.MAX_VALUE / 4}. */
  static long of(CelExpr expr, long maxListLength) {
    return new CostEstimate(maxListLength).cost(expr);
  }

  private long cost(CelExpr e) {
    return switch (e.getKind()) {
      case CONSTANT, IDENT, NOT_SET -> 1;
      case SELECT -> add(1, cost(e.select().operand()));
      case CALL -> {
        long c = 1;
        if (e.call().target().isPresent()) {
          c = add(c, cost(e.call().target().get()));
        }
        for (CelExpr arg : e.call().args()) {
          c = add(c, cost(arg));
        }
        yield c;
      }
      case LIST -> {
        long c = 1;
        for (CelExpr item : e.list().elements()) {
          c = add(c, cost(item));
        }
        yield c;
      }
      case MAP -> {
        long c = 1;
        for (CelExpr.CelMap.Entry entry : e.map().entries()) {
          c = add(c, add(cost(entry.key()), cost(entry.value())));
        }
        yield c;
      }
      case STRUCT -> {
        long c = 1;
        for (CelExpr.CelStruct.Entry entry : e.struct().entries()) {
          c = add(c, cost(entry.value()));
        }
        yield c;
      }
      case COMPREHENSION -> {
        CelExpr.CelComprehension c = e.comprehension();
        long body = add(cost(c.loopCondition()), cost(c.loopStep()));
        long fixed = add(add(cost(c.iterRange()), cost(c.accuInit())), cost(c.result()));
        yield add(fixed, multiply(length(c.iterRange()), body));
      }
    };
  }

  /** An upper bound on the length of the list (or map) {@code e} evaluates to. */
  private long length(CelExpr e) {
    return switch (e.getKind()) {
      case LIST -> e.list().elements().size();
      case MAP -> e.map().entries().size();
      case COMPREHENSION -> length(e.comprehension().iterRange());
      case CALL -> {
        String f = e.call().function();
        if (f.equals("_+_") && e.call().args().size() == 2) {
          yield add(length(e.call().args().get(0)), length(e.call().args().get(1)));
        }
        if (f.equals("slice") && e.call().target().isPresent()) {
          yield length(e.call().target().get());
        }
        yield maxListLength;
      }
      default -> maxListLength;
    };
  }

  private static long add(long a, long b) {
    long r = a + b;
    return r < 0 || r > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : r;
  }

  private static long multiply(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > (Long.MAX_VALUE / 4) / b ? Long.MAX_VALUE / 4 : a * b;
  }
}
