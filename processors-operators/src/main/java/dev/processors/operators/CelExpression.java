package dev.processors.operators;

import dev.cel.common.types.CelType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.Map;
import java.util.Optional;

/**
 * One checked CEL expression of a spec, ready to evaluate against a value, the parameters and a
 * state. Immutable and thread-safe (CEL programs are).
 */
final class CelExpression {
  private final String where;
  private final String source;
  private final CelRuntime.Program program;
  private final Map<String, CelEnvironment.Slot> slots;
  private final CelType type;

  CelExpression(
      String where,
      String source,
      CelRuntime.Program program,
      Map<String, CelEnvironment.Slot> slots,
      CelType type) {
    this.where = where;
    this.source = source;
    this.program = program;
    this.slots = slots;
    this.type = type;
  }

  /**
   * Evaluates against one value, counting steps on {@code meter}.
   *
   * @throws EvaluationException naming this expression when it fails or runs out of budget
   */
  Object eval(Object[] value, Object[] params, Object[] state, CostMeter meter) {
    CelVariableResolver resolver =
        name -> {
          CelEnvironment.Slot slot = slots.get(name);
          if (slot == null) {
            return Optional.empty();
          }
          return Optional.of(
              switch (slot.source()) {
                case VALUE -> value[slot.index()];
                case PARAMS -> params[slot.index()];
                case STATE -> state[slot.index()];
              });
        };
    try {
      return program.trace(resolver, meter);
    } catch (CelEvaluationException e) {
      Throwable cause = e.getCause();
      String why =
          cause instanceof CostMeter.BudgetExceeded b
              ? b.getMessage()
              : e.getMessage().replaceFirst("^evaluation error(?: at <input>:\\d+)?: ", "");
      throw new EvaluationException(where + " `" + CelEnvironment.abbreviate(source) + "`: " + why);
    } catch (CostMeter.BudgetExceeded e) {
      throw new EvaluationException(
          where + " `" + CelEnvironment.abbreviate(source) + "`: " + e.getMessage());
    }
  }

  String where() {
    return where;
  }

  String source() {
    return source;
  }

  CelType type() {
    return type;
  }
}
