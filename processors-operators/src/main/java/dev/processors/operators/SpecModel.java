package dev.processors.operators;

import dev.processors.core.ProcessorPart;
import java.util.List;

/**
 * A model that answers operator requests with a spec as structured output (JSON following {@link
 * SpecSchema}). {@link OperatorModels} makes one from any model processor of this library.
 *
 * <p><b>Threading.</b> Implementations serve one call at a time per thread and may be shared; a
 * call blocks until the whole answer has arrived and ends early if the calling thread is
 * interrupted.
 */
public interface SpecModel extends AutoCloseable {

  /**
   * The model's answer to a conversation (system instruction, request, earlier answers and the
   * feedback on them), as JSON text.
   *
   * @throws InvalidSpecException (SCHEMA) when the model layer itself rejected the output as not
   *     matching the schema
   * @throws ModelCallException when the model could not be reached or refused the request
   */
  String answer(List<ProcessorPart> conversation);

  /** Releases what the model holds (its HTTP client); the default does nothing. */
  @Override
  default void close() {}
}
