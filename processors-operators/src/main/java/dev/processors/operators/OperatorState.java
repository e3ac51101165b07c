package dev.processors.operators;

/**
 * The state an operator's scan carries between values: the accumulator's own state (an {@code
 * Object[]} of CEL values never modified after creation, or a built-in's immutable record) and the
 * result computed for the last value. Immutable by construction and convention.
 */
record OperatorState(Object state, Object result) {}
