package dev.processors.operators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The part of Recon (SwimOS's text data format) that WARP envelopes use: attributes {@code
 * @tag(args)}, records {@code {a: 1, b: "x"}}, strings, numbers and identifiers. Parsed into
 * Jackson trees: a record of slots becomes an object, a record of plain values an array; trailing
 * attributes on a value (units such as {@code 330 @ppm}) are skipped. Stateless and thread-safe.
 */
final class Recon {
  private final String s;
  private int i;

  private Recon(String s) {
    this.s = s;
  }

  /**
   * Parses an envelope: {@code @tag(headers) body?}.
   *
   * @throws IllegalArgumentException if the text is not a WARP envelope
   */
  static WarpEnvelope envelope(String text) {
    Recon r = new Recon(text);
    r.skipSpace();
    if (!r.peek('@')) {
      throw new IllegalArgumentException(
          "not a WARP envelope (no @tag): " + ValueSchema.abbreviate(text));
    }
    r.i++;
    String tag = r.identifier();
    ObjectNode headers = JsonNodeFactory.instance.objectNode();
    r.skipSpace();
    if (r.peek('(')) {
      r.i++;
      JsonNode args = r.items(')');
      if (args instanceof ObjectNode o) {
        headers = o;
      } else if (args instanceof ArrayNode a) { // positional: node, lane
        if (a.size() > 0) {
          headers.set("node", a.get(0));
        }
        if (a.size() > 1) {
          headers.set("lane", a.get(1));
        }
      }
    }
    r.skipAttributes();
    r.skipSpace();
    JsonNode body = r.i < r.s.length() ? r.value() : null;
    return new WarpEnvelope(
        tag,
        headers.path("node").asText(""),
        headers.path("lane").asText(""),
        java.util.Optional.ofNullable(body));
  }

  /** An envelope with no body, e.g. {@code @sync(node:"/stock/XYZ",lane:status)}. */
  static String write(String tag, String node, String lane) {
    return "@" + tag + "(node:" + quote(node) + ",lane:" + quote(lane) + ")";
  }

  /** An envelope with a body. */
  static String write(String tag, String node, String lane, JsonNode body) {
    return write(tag, node, lane) + value(body);
  }

  /** A JSON value as Recon. */
  static String value(JsonNode v) {
    if (v.isObject()) {
      StringBuilder out = new StringBuilder("{");
      Iterator<Map.Entry<String, JsonNode>> it = v.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.append(quote(e.getKey())).append(':').append(value(e.getValue()));
        if (it.hasNext()) {
          out.append(',');
        }
      }
      return out.append('}').toString();
    }
    if (v.isArray()) {
      StringBuilder out = new StringBuilder("{");
      for (int k = 0; k < v.size(); k++) {
        out.append(k == 0 ? "" : ",").append(value(v.get(k)));
      }
      return out.append('}').toString();
    }
    if (v.isTextual()) {
      return quote(v.asText());
    }
    return v.toString();
  }

  private static String quote(String text) {
    if (text.matches("[A-Za-z_][A-Za-z0-9_]*") && !text.equals("true") && !text.equals("false")) {
      return text;
    }
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private JsonNode items(char close) {
    ObjectNode slots = JsonNodeFactory.instance.objectNode();
    ArrayNode values = JsonNodeFactory.instance.arrayNode();
    while (true) {
      skipSpace();
      if (i >= s.length()) {
        throw new IllegalArgumentException("unterminated record: missing '" + close + "'");
      }
      if (peek(close)) {
        i++;
        return values.isEmpty() ? slots : values;
      }
      JsonNode key = value();
      skipSpace();
      if (peek(':')) {
        i++;
        skipSpace();
        JsonNode v =
            peek(',') || peek(';') || peek(close) ? JsonNodeFactory.instance.nullNode() : value();
        slots.set(key.asText(), v);
      } else {
        values.add(key);
      }
      skipSpace();
      if (peek(',') || peek(';') || peek('\n')) {
        i++;
      }
    }
  }

  private JsonNode value() {
    skipSpace();
    if (i >= s.length()) {
      throw new IllegalArgumentException("a value was expected at the end of the text");
    }
    char c = s.charAt(i);
    JsonNode v;
    if (c == '{') {
      i++;
      v = items('}');
    } else if (c == '"' || c == '\'') {
      v = JsonNodeFactory.instance.textNode(string(c));
    } else if (c == '-' || Character.isDigit(c)) {
      v = number();
    } else if (c == '@') {
      skipAttributes(); // an attribute-only value
      skipSpace();
      v =
          i < s.length() && !peek(',') && !peek('}') && !peek(')')
              ? value()
              : JsonNodeFactory.instance.nullNode();
    } else if (Character.isLetter(c) || c == '_') {
      String id = identifier();
      v =
          switch (id) {
            case "true" -> JsonNodeFactory.instance.booleanNode(true);
            case "false" -> JsonNodeFactory.instance.booleanNode(false);
            default -> JsonNodeFactory.instance.textNode(id);
          };
    } else {
      throw new IllegalArgumentException(
          "unexpected '" + c + "' at " + i + " in " + ValueSchema.abbreviate(s));
    }
    skipAttributes();
    return v;
  }

  private void skipAttributes() {
    while (true) {
      int at = i;
      skipInlineSpace();
      if (!peek('@')) {
        i = at;
        return;
      }
      i++;
      identifier();
      if (peek('(')) {
        i++;
        items(')');
      }
    }
  }

  private String string(char quote) {
    StringBuilder out = new StringBuilder();
    i++;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\\' && i < s.length()) {
        char e = s.charAt(i++);
        out.append(
            switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> e;
            });
      } else {
        out.append(c);
      }
    }
    throw new IllegalArgumentException("unterminated string in " + ValueSchema.abbreviate(s));
  }

  private JsonNode number() {
    int start = i;
    if (peek('-')) {
      i++;
    }
    while (i < s.length()
        && (Character.isDigit(s.charAt(i)) || ".eE+-".indexOf(s.charAt(i)) >= 0)) {
      i++;
    }
    String n = s.substring(start, i);
    try {
      return n.matches("-?\\d+")
          ? JsonNodeFactory.instance.numberNode(Long.parseLong(n))
          : JsonNodeFactory.instance.numberNode(Double.parseDouble(n));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number '" + n + "' in " + ValueSchema.abbreviate(s));
    }
  }

  private String identifier() {
    int start = i;
    while (i < s.length()
        && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-')) {
      i++;
    }
    if (start == i) {
      throw new IllegalArgumentException(
          "an identifier was expected at " + i + " in " + ValueSchema.abbreviate(s));
    }
    return s.substring(start, i);
  }

  private boolean peek(char c) {
    return i < s.length() && s.charAt(i) == c;
  }

  private void skipSpace() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private void skipInlineSpace() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
  }
}
