package dev.processors.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as a tool for {@link Tools.Builder#addAll(Object)}. Its parameters are
 * either one record (whose components become the arguments) or parameters annotated with {@link
 * ToolParam}; the JSON schema is generated from their types.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolMethod {
  /** What the tool does and when to call it (the model reads this). */
  String value();

  /** The tool's name; the method's name if empty. */
  String name() default "";
}
