package dev.processors.core;

import java.util.concurrent.CancellationException;

/** Turns a processor's failure into a status part; the run goes on. */
final class ErrorsAsParts {
  private ErrorsAsParts() {}

  static Processor of(Processor processor) {
    return new Processor() {
      @Override
      public void process(PartStream in, PartSink out) {
        try {
          processor.process(in, out);
        } catch (CancellationException e) {
          throw e;
        } catch (Exception e) {
          if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("cancelled");
          }
          String stage = e instanceof ProcessorException pe ? pe.stage() : processor.name();
          Throwable cause =
              e instanceof ProcessorException && e.getCause() != null ? e.getCause() : e;
          out.emit(
              ProcessorPart.status(
                      "error in '" + stage + "': " + ProcessorException.describe(cause))
                  .withMetadata(ProcessorPart.ERROR, true)
                  .withMetadata(ProcessorPart.STAGE, stage));
          ClosableStream.closeIfClosable(in);
        }
      }

      @Override
      public String name() {
        return processor.name();
      }
    };
  }
}
