package dev.processors.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names (and describes) a parameter of a {@link ToolMethod}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ToolParam {
  /** The argument's name in the JSON arguments. */
  String value();

  /** What the argument means. */
  String description() default "";
}
