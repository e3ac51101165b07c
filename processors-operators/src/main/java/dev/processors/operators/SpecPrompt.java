package dev.processors.operators;

import dev.processors.core.ProcessorPart;
import java.util.Map;

/** The words sent to the model: the rules of the spec, the request, and feedback on a rejection. */
final class SpecPrompt {
  private SpecPrompt() {}

  static ProcessorPart system(ValueSchema values, OperatorLimits limits) {
    StringBuilder fields = new StringBuilder();
    values
        .fields()
        .forEach(
            (n, t) ->
                fields.append("value.").append(n).append(" (").append(t.wire()).append("), "));
    fields.setLength(fields.length() - 2);
    return ProcessorPart.text(
            """
            You turn a request about a live stream of values into an operator spec: JSON that \
            follows the given schema, and nothing else.

            Each value has the fields: %s.
            Kinds: "map" (expression gives the new value), "filter" (expression is a bool that \
            keeps a value), "accumulate" (a running state and a summary per value).
            For accumulate, prefer a builtin when one fits: average, min, max, sum, count, \
            ewma (needs alpha in (0, 1]), vwap (needs weightField, e.g. volume), each over a \
            numeric field, optionally over a window of the last windowCount values or the last \
            windowSeconds seconds. Otherwise declare state fields (types: double, int, bool, \
            string, list<double>, list<int>) with CEL initial values, one CEL update per field \
            (it reads the state from before the value as acc.<field>) and a CEL summary (it reads \
            the updated state).
            Expressions are CEL (Common Expression Language), type-checked: write 0.0 for a \
            double and 0 for an int, convert with double(x) or int(x), never mix int and double \
            in one operation. Use params.<name> for parameters and declare each one in params \
            with its type and value. The state must stay bounded: at most %d list elements in all.
            Numbers must stay finite. Each value may cost at most %d evaluation steps.
            """
                .formatted(fields, limits.maxStateElements(), limits.maxCostPerValue()))
        .withRole(ProcessorPart.SYSTEM);
  }

  static ProcessorPart request(String request, Map<String, Object> params) {
    String given =
        params.isEmpty() ? "" : "\nParameters given by the user (use these names): " + params;
    return ProcessorPart.text("Request: " + request + given);
  }

  static ProcessorPart feedback(String error) {
    return ProcessorPart.text(
        "Your spec was rejected, " + error + "\nAnswer again with a corrected spec.");
  }
}
