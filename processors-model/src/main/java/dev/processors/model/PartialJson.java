package dev.processors.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processors.model.spi.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Builds progressively more complete JSON from streamed text: Jackson's non-blocking parser turns
 * each delta into the tokens it completes, which grow a tree; a string value still being written is
 * shown as far as it has arrived. So {@code {"city":"Par} reads as {@code {"city":"Par"}}. A number
 * appears once its terminator arrives.
 *
 * <p><b>Cost.</b> {@link #feed} is O(delta): the text is parsed once, incrementally, and never
 * re-read. {@link #snapshot} writes the whole value, O(size), so calling it after every delta is
 * quadratic in the input. {@link #nextView} is the linear way to follow a growing value: it returns
 * a view only when the input has grown enough since the last one (the rule is on {@link
 * #nextView}), so all the views of a value together are at most about 5
 * times its size plus a constant, however small the deltas.
 *
 * <p>One instance per streamed value; not thread-safe.
 */
public final class PartialJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Up to this many characters of input, every delta may give a view. */
  static final int SMALL_VALUE_CHARS = 1024;

  /** Beyond SMALL_VALUE_CHARS, a view needs 1/this of the last view's input more. */
  static final int GROWTH_DIVISOR = 4;

  private final JsonParser parser;
  private final ByteArrayFeeder feeder;
  private final StringBuilder text = new StringBuilder();
  private final ArrayDeque<ContainerNode<?>> stack = new ArrayDeque<>();
  private JsonNode root;
  private String pendingField;
  // Our own scan of the raw text, to see a string that the parser has not finished yet.
  private boolean inString;
  private boolean escape;
  private int stringStart = -1;
  private boolean done;
  private int viewedChars = -1;

  /** An empty parser, ready for the first chunk; not thread-safe. */
  public PartialJson() {
    try {
      parser = Json.MAPPER.getFactory().createNonBlockingByteArrayParser();
    } catch (IOException e) {
      throw new IllegalStateException("Jackson cannot make a non-blocking parser", e);
    }
    feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
  }

  /** The text fed so far. */
  public String text() {
    return text.toString();
  }

  /**
   * Feeds the next piece of text.
   *
   * @throws IOException if the text so far cannot be the start of a JSON value
   */
  public void feed(String delta) throws IOException {
    if (done) {
      throw new IllegalStateException("feed after finish");
    }
    int from = text.length();
    text.append(delta);
    scan(from);
    byte[] bytes = delta.getBytes(StandardCharsets.UTF_8);
    feeder.feedInput(bytes, 0, bytes.length);
    drain();
  }

  /**
   * Ends the input and returns the complete value.
   *
   * @throws IOException if the text is not one complete JSON value
   */
  public JsonNode finish() throws IOException {
    if (!done) {
      done = true;
      feeder.endOfInput();
      drain();
    }
    if (root == null || !stack.isEmpty()) {
      throw new IOException("the JSON value is incomplete");
    }
    return root;
  }

  /** The value as far as it has arrived, as JSON text; empty before anything is known. */
  public Optional<String> snapshot() {
    if (root == null) {
      return Optional.empty();
    }
    String partial = inString && stringStart >= 0 ? decodePartialString() : null;
    ContainerNode<?> top = stack.peek();
    if (partial != null && top != null) {
      if (top instanceof ObjectNode obj && pendingField != null) {
        obj.put(pendingField, partial);
        String s = root.toString();
        obj.remove(pendingField);
        return Optional.of(s);
      }
      if (top instanceof ArrayNode arr) {
        arr.add(partial);
        String s = root.toString();
        arr.remove(arr.size() - 1);
        return Optional.of(s);
      }
    }
    return Optional.of(root.toString());
  }

  /**
   * The value as far as it has arrived, if the input has grown enough since the last view this
   * method returned: while the input is at most 1024 characters, after every delta; beyond, once it
   * has grown by a quarter of what it was at the last view. Views grow geometrically, so writing
   * them all costs O(size) in total. Empty when the input has not grown enough or nothing is known
   * yet. The complete value comes from {@link #finish}.
   */
  public Optional<String> nextView() {
    int size = text.length();
    if (size > SMALL_VALUE_CHARS
        && viewedChars >= 0
        && size - viewedChars < Math.max(1, viewedChars / GROWTH_DIVISOR)) {
      return Optional.empty();
    }
    Optional<String> view = snapshot();
    if (view.isPresent()) {
      viewedChars = size;
    }
    return view;
  }

  private void drain() throws IOException {
    JsonToken t;
    while ((t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
      switch (t) {
        case START_OBJECT -> {
          ObjectNode node = NODES.objectNode();
          attach(node);
          stack.push(node);
        }
        case START_ARRAY -> {
          ArrayNode node = NODES.arrayNode();
          attach(node);
          stack.push(node);
        }
        case END_OBJECT, END_ARRAY -> stack.pop();
        case FIELD_NAME -> pendingField = parser.currentName();
        case VALUE_STRING -> attach(NODES.textNode(parser.getText()));
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> attach(numberNode());
        case VALUE_TRUE -> attach(NODES.booleanNode(true));
        case VALUE_FALSE -> attach(NODES.booleanNode(false));
        case VALUE_NULL -> attach(NODES.nullNode());
        default -> {}
      }
    }
  }

  private JsonNode numberNode() throws IOException {
    return switch (parser.getNumberType()) {
      case INT -> NODES.numberNode(parser.getIntValue());
      case LONG -> NODES.numberNode(parser.getLongValue());
      case BIG_INTEGER -> NODES.numberNode(parser.getBigIntegerValue());
      default -> NODES.numberNode(parser.getDecimalValue());
    };
  }

  private void attach(JsonNode node) throws IOException {
    ContainerNode<?> top = stack.peek();
    if (top == null) {
      if (root != null) {
        throw new IOException("more than one JSON value");
      }
      root = node;
    } else if (top instanceof ObjectNode obj) {
      obj.set(pendingField, node);
      pendingField = null;
    } else {
      ((ArrayNode) top).add(node);
    }
  }

  /** Tracks whether the raw text ends inside a string, and where that string began. */
  private void scan(int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (escape) {
          escape = false;
        } else if (c == '\\') {
          escape = true;
        } else if (c == '"') {
          inString = false;
          stringStart = -1;
        }
      } else if (c == '"') {
        inString = true;
        stringStart = i;
      }
    }
  }

  /** The open string's content so far, escapes decoded; a cut-off escape is left out. */
  private String decodePartialString() {
    StringBuilder sb = new StringBuilder();
    int end = text.length();
    for (int i = stringStart + 1; i < end; i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i + 1 >= end) {
        break;
      }
      char e = text.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          if (i + 4 >= end) {
            return sb.toString();
          }
          try {
            sb.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
          } catch (NumberFormatException bad) {
            return sb.toString();
          }
          i += 4;
        }
        default -> sb.append(e);
      }
    }
    return sb.toString();
  }
}
