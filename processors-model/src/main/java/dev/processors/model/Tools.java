package dev.processors.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processors.model.spi.Json;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tools a model may call, declared once: each has a name, a description, the JSON schema of its
 * arguments (generated from Java types) and the code that runs it. Give {@link #declarations()} to
 * the model and the same {@code Tools} to {@link FunctionCalling}.
 *
 * <pre>{@code
 * record WeatherQuery(String city, Optional<String> unit) {}
 * Tools tools = Tools.builder()
 *     .add("get_weather", "Current weather in a city", WeatherQuery.class, q -> weather.now(q.city()))
 *     .addAll(new CalendarService())     // its @ToolMethod methods
 *     .build();
 * GenaiModel model = GenaiModel.builder().model("gemini-2.5-flash").tools(tools.declarations()).build();
 * Processor agent = FunctionCalling.builder(model, tools).build();
 * }</pre>
 *
 * <p><b>Arguments.</b> The arguments of a tool whose schema is generated (a record, or the
 * parameters of a {@link ToolMethod}) are checked against that schema before the tool runs: a
 * missing required argument ({@code Optional} ones are not required; {@code null} counts as
 * missing), a value of the wrong type, or a number with a fraction for an integer argument makes
 * {@link #call} throw an {@link IllegalArgumentException} naming the argument, and the tool is not
 * called ({@link FunctionCalling} sends that message back to the model as {@code {"error": ...}}).
 * A tool with a hand-written schema gets its JSON arguments as they came.
 *
 * <p><b>Errors at build time.</b> A type that cannot be described as JSON, including a record that
 * contains itself, is refused with an {@link IllegalArgumentException} naming it.
 *
 * <p>Immutable and thread-safe; tools may be called from several threads at once.
 */
public final class Tools {

  /** The code behind a tool: JSON arguments in, any Jackson-serialisable result out. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Runs the tool with the model's arguments and returns its result; an exception becomes an
     * error response to the model.
     */
    Object call(JsonNode arguments) throws Exception;
  }

  private final Map<String, ToolDeclaration> declarations;
  private final Map<String, Handler> handlers;

  private final List<String> order;

  private Tools(Builder b) {
    this.declarations = Map.copyOf(b.declarations);
    this.handlers = Map.copyOf(b.handlers);
    this.order = List.copyOf(b.declarations.keySet());
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The declarations to give the model, in the order they were added. */
  public List<ToolDeclaration> declarations() {
    return order.stream().map(declarations::get).toList();
  }

  /** The tool names. */
  public List<String> names() {
    return order;
  }

  /**
   * Runs tool {@code name} with {@code arguments}.
   *
   * @throws IllegalArgumentException if there is no such tool or the arguments do not fit its
   *     generated schema (the tool is not called then)
   * @throws Exception whatever the tool throws (an {@link Error} too, unwrapped)
   */
  public Object call(String name, JsonNode arguments) throws Exception {
    Handler h = handlers.get(name);
    if (h == null) {
      throw new IllegalArgumentException("there is no tool named '" + name + "'; tools: " + order);
    }
    return h.call(arguments);
  }

  /** Builds {@link Tools}; each method validates its arguments. */
  public static final class Builder {
    private final Map<String, ToolDeclaration> declarations = new LinkedHashMap<>();
    private final Map<String, Handler> handlers = new LinkedHashMap<>();

    private Builder() {}

    /** A tool with a hand-written schema and a handler over the raw JSON arguments. */
    public Builder add(String name, String description, String parametersSchema, Handler handler) {
      return put(ToolDeclaration.of(name, description, parametersSchema), handler);
    }

    /**
     * A tool whose arguments are a record (the schema comes from its components; {@code Optional}
     * components are not required).
     */
    public <A extends Record> Builder add(
        String name, String description, Class<A> arguments, Function<? super A, ?> fn) {
      Objects.requireNonNull(fn, "fn");
      ObjectNode schema = JsonSchemas.of(arguments, name);
      ToolArguments checker = ToolArguments.of(name, schema);
      return put(
          ToolDeclaration.of(name, description, schema.toString()),
          json -> fn.apply(checker.<A>convert(checker.check(json), arguments, name)));
    }

    /** Every public method of {@code service} annotated with {@link ToolMethod}. */
    public Builder addAll(Object service) {
      Objects.requireNonNull(service, "service");
      int found = 0;
      for (Method m : service.getClass().getMethods()) {
        ToolMethod tm = m.getAnnotation(ToolMethod.class);
        if (tm == null) {
          continue;
        }
        if (Modifier.isStatic(m.getModifiers())) {
          throw new IllegalArgumentException("@ToolMethod " + m.getName() + " must not be static");
        }
        found++;
        String name = tm.name().isEmpty() ? m.getName() : tm.name();
        addMethod(service, m, name, tm.value());
      }
      if (found == 0) {
        throw new IllegalArgumentException(
            service.getClass().getName() + " has no public method annotated @ToolMethod");
      }
      return this;
    }

    private void addMethod(Object service, Method m, String name, String description) {
      Parameter[] params = m.getParameters();
      m.setAccessible(true);
      if (params.length == 1
          && params[0].getType().isRecord()
          && params[0].getAnnotation(ToolParam.class) == null) {
        Type t = params[0].getParameterizedType();
        ObjectNode schema = JsonSchemas.of(t, name);
        ToolArguments checker = ToolArguments.of(name, schema);
        put(
            ToolDeclaration.of(name, description, schema.toString()),
            json -> {
              Object argument = checker.convert(checker.check(json), t, name);
              return invoke(service, m, new Object[] {argument});
            });
        return;
      }
      ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
      ObjectNode props = schema.putObject("properties");
      ArrayNode required = schema.putArray("required");
      List<String> names = new ArrayList<>();
      for (Parameter p : params) {
        ToolParam tp = p.getAnnotation(ToolParam.class);
        if (tp == null) {
          throw new IllegalArgumentException(
              "parameter "
                  + p.getName()
                  + " of @ToolMethod "
                  + m.getName()
                  + " needs @ToolParam (or take a single record)");
        }
        Type t = p.getParameterizedType();
        boolean optional = JsonSchemas.isOptional(t);
        ObjectNode ps =
            JsonSchemas.of(optional ? JsonSchemas.optionalOf(t) : t, name + "." + tp.value());
        if (!tp.description().isEmpty()) {
          ps.put("description", tp.description());
        }
        props.set(tp.value(), ps);
        if (!optional) {
          required.add(tp.value());
        }
        names.add(tp.value());
      }
      ToolArguments checker = ToolArguments.of(name, schema);
      put(
          ToolDeclaration.of(name, description, schema.toString()),
          raw -> {
            JsonNode json = checker.check(raw);
            Object[] args = new Object[params.length];
            for (int i = 0; i < params.length; i++) {
              JsonNode value = json.get(names.get(i));
              Type t = params[i].getParameterizedType();
              if (value == null || value.isNull()) {
                if (JsonSchemas.isOptional(t)) {
                  args[i] = Optional.empty();
                  continue;
                }
                throw new IllegalArgumentException(
                    "tool '" + name + "' needs argument '" + names.get(i) + "'");
              }
              args[i] = checker.convert(value, t, name + "." + names.get(i));
            }
            return invoke(service, m, args);
          });
    }

    private static Object invoke(Object service, Method m, Object[] args) throws Exception {
      try {
        return m.invoke(service, args);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof Exception ex) {
          throw ex;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }

    private Builder put(ToolDeclaration declaration, Handler handler) {
      if (declarations.containsKey(declaration.name())) {
        throw new IllegalArgumentException("tool '" + declaration.name() + "' is declared twice");
      }
      declarations.put(declaration.name(), declaration);
      handlers.put(declaration.name(), Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** The tools. */
    public Tools build() {
      if (declarations.isEmpty()) {
        throw new IllegalStateException("no tools were added");
      }
      return new Tools(this);
    }
  }
}
