package dev.processors.operators;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environment of one spec: the variables {@code value.<field>}, {@code params.<name>} and
 * {@code acc.<field>} declared with their types, the standard functions and macros plus the math,
 * strings and lists extensions, and nothing else: no I/O, no clock, no randomness, no user-defined
 * functions. Comprehensions are capped per evaluation. Immutable once built.
 */
final class CelEnvironment {
  /** Where a variable's value comes from at evaluation time. */
  enum Source {
    VALUE,
    PARAMS,
    STATE
  }

  /** A declared variable: its source array and index. */
  record Slot(Source source, int index) {}

  private final Cel cel;
  private final Map<String, Slot> slots;
  private final OperatorLimits limits;

  private CelEnvironment(Cel cel, Map<String, Slot> slots, OperatorLimits limits) {
    this.cel = cel;
    this.slots = Map.copyOf(slots);
    this.limits = limits;
  }

  /** An environment declaring the value fields, the parameters and the state fields. */
  static CelEnvironment of(
      Map<String, ValueType> values,
      List<Map.Entry<String, ValueType>> params,
      List<Map.Entry<String, ValueType>> state,
      OperatorLimits limits) {
    CelBuilder b =
        CelFactory.standardCelBuilder()
            .setOptions(
                CelOptions.current()
                    .comprehensionMaxIterations(limits.maxIterations())
                    .maxExpressionCodePointSize(limits.maxExpressionLength())
                    .build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(
                CelExtensions.math(), CelExtensions.strings(), CelExtensions.lists())
            .addRuntimeLibraries(
                CelExtensions.math(), CelExtensions.strings(), CelExtensions.lists());
    Map<String, Slot> slots = new HashMap<>();
    int i = 0;
    for (Map.Entry<String, ValueType> f : values.entrySet()) {
      b.addVar("value." + f.getKey(), f.getValue().celType());
      slots.put("value." + f.getKey(), new Slot(Source.VALUE, i++));
    }
    i = 0;
    for (Map.Entry<String, ValueType> p : params) {
      b.addVar("params." + p.getKey(), p.getValue().celType());
      slots.put("params." + p.getKey(), new Slot(Source.PARAMS, i++));
    }
    i = 0;
    for (Map.Entry<String, ValueType> s : state) {
      b.addVar("acc." + s.getKey(), s.getValue().celType());
      slots.put("acc." + s.getKey(), new Slot(Source.STATE, i++));
    }
    return new CelEnvironment(b.build(), slots, limits);
  }

  /**
   * Parses, type-checks and prices {@code source}, which must evaluate to {@code expected} (or,
   * when empty, to any JSON-representable type).
   *
   * @throws InvalidSpecException (COMPILE) naming {@code where} and CEL's own error text
   */
  CelExpression compile(String where, String source, Optional<CelType> expected) {
    if (source.isBlank()) {
      throw new InvalidSpecException(InvalidSpecException.Check.COMPILE, where + " is empty");
    }
    if (source.length() > limits.maxExpressionLength()) {
      throw new InvalidSpecException(
          InvalidSpecException.Check.COMPILE,
          where
              + " is "
              + source.length()
              + " characters long; the limit is "
              + limits.maxExpressionLength());
    }
    CelValidationResult result = cel.compile(source);
    if (result.hasError()) {
      throw new InvalidSpecException(
          InvalidSpecException.Check.COMPILE,
          where + " `" + source + "`: " + result.getErrorString());
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      throw new InvalidSpecException(
          InvalidSpecException.Check.COMPILE, where + " `" + source + "`: " + e.getMessage());
    }
    CelType type = ast.getResultType();
    if (expected.isPresent() ? !sameType(expected.get(), type) : !jsonType(type)) {
      throw new InvalidSpecException(
          InvalidSpecException.Check.COMPILE,
          where
              + " `"
              + source
              + "` has type "
              + type.name()
              + describeParameters(type)
              + "; expected "
              + expected
                  .map(t -> t.name() + describeParameters(t))
                  .orElse("double, int, bool, string, or a list or map of those"));
    }
    long estimate = CostEstimate.of(ast.getExpr(), limits.maxStateElements());
    if (estimate > limits.maxCostPerValue()) {
      throw new InvalidSpecException(
          InvalidSpecException.Check.COMPILE,
          where
              + " `"
              + abbreviate(source)
              + "` may take up to "
              + estimate
              + " evaluation steps per value; the limit is "
              + limits.maxCostPerValue()
              + " (avoid comprehensions over large or nested lists)");
    }
    try {
      return new CelExpression(where, source, cel.createProgram(ast), slots, type);
    } catch (dev.cel.common.CelException e) {
      throw new InvalidSpecException(
          InvalidSpecException.Check.COMPILE, where + " `" + source + "`: " + e.getMessage());
    }
  }

  /**
   * Whether {@code actual} can hold a value of {@code expected}. {@code dyn} (the type of {@code
   * []} or of {@code math.greatest(list)}) is accepted here and its value checked when it is
   * computed.
   */
  private static boolean sameType(CelType expected, CelType actual) {
    if (actual.kind() == CelKind.DYN) {
      return true;
    }
    if (expected.kind() != actual.kind()) {
      return false;
    }
    if (expected instanceof ListType e && actual instanceof ListType a) {
      return a.hasElemType() && sameType(e.elemType(), a.elemType());
    }
    return true;
  }

  private static boolean jsonType(CelType t) {
    CelKind k = t.kind();
    if (k == CelKind.DYN
        || k == CelKind.DOUBLE
        || k == CelKind.INT
        || k == CelKind.UINT
        || k == CelKind.BOOL
        || k == CelKind.STRING) {
      return true;
    }
    if (t instanceof ListType l) {
      return l.hasElemType() && jsonType(l.elemType());
    }
    if (t instanceof MapType m) {
      return m.keyType().kind() == CelKind.STRING && jsonType(m.valueType());
    }
    return false;
  }

  private static String describeParameters(CelType t) {
    if (t.parameters().isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder("(");
    for (CelType p : t.parameters()) {
      if (s.length() > 1) {
        s.append(", ");
      }
      s.append(p.name()).append(describeParameters(p));
    }
    return s.append(')').toString();
  }

  static String abbreviate(String source) {
    return source.length() <= 80 ? source : source.substring(0, 77) + "...";
  }
}
