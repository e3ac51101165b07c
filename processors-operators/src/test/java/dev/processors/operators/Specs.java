package dev.processors.operators;

/** Spec answers used by the tests, as a model would send them. */
final class Specs {
  private Specs() {}

  /** A custom CEL accumulator: the average price, with its state. */
  static final String AVERAGE_CEL =
      """
      {"kind":"accumulate","name":"average_price","description":"running average of the price",
       "params":[],
       "state":[{"name":"sum","type":"double","initial":"0.0"},
                {"name":"count","type":"int","initial":"0"}],
       "update":[{"field":"sum","expression":"acc.sum + value.price"},
                 {"field":"count","expression":"acc.count + 1"}],
       "summary":"acc.sum / double(acc.count)"}
      """;

  /** The builtin average over price. */
  static final String AVERAGE_BUILTIN =
      """
      {"kind":"accumulate","name":"average_price","description":"running average of the price",
       "params":[],"state":[],"update":[],
       "builtin":{"name":"average","field":"price"}}
      """;

  /** A custom accumulate with the given state, update and summary JSON fragments. */
  static String accumulate(String state, String update, String summary) {
    return """
        {"kind":"accumulate","name":"custom","description":"a test","params":[],
         "state":%s,"update":%s,"summary":%s}
        """
        .formatted(state, update, summary);
  }

  /** A map or filter with one expression and parameters. */
  static String expression(String kind, String expression, String params) {
    return """
        {"kind":"%s","name":"test_%s","description":"a test","params":%s,
         "state":[],"update":[],"expression":%s}
        """
        .formatted(kind, kind, params, quote(expression));
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
