package dev.processors.examples;

import dev.processors.core.PartProcessor;
import dev.processors.core.PartSink;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.Processors;
import java.io.PrintStream;
import java.util.List;

/**
 * A streaming pipeline, offline: questions go through a fused pre-processing chain, a simulated
 * model answers two questions at once (ordered run-ahead), and a status lane reports progress.
 */
public final class HelloPipeline {
  private HelloPipeline() {}

  /** A stand-in for a model call: streams its answer word by word, 30 ms apart (labelled). */
  static final class SimulatedModel implements PartProcessor {
    @Override
    public void process(ProcessorPart question, PartSink out) throws InterruptedException {
      String q = question.text().orElse("");
      out.emit(ProcessorPart.status("simulated model is answering: " + q));
      for (String word : ("[simulated] You asked: " + q).split(" ")) {
        Thread.sleep(30);
        out.emit(ProcessorPart.text(word + " ").withRole(ProcessorPart.MODEL));
      }
      out.emit(ProcessorPart.endOfTurn().withRole(ProcessorPart.MODEL));
    }

    @Override
    public boolean matches(ProcessorPart part) {
      return part.isText();
    }
  }

  /** Builds the example pipeline. */
  static Processor pipeline() {
    PartProcessor clean = Processors.mapText(String::strip);
    PartProcessor capitalise =
        Processors.mapText(
            t -> t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1));
    return clean.andThen(capitalise).andThen(new SimulatedModel().concurrent(2));
  }

  /** Runs the pipeline and prints the stream as it arrives. */
  static void run(PrintStream out) {
    List<ProcessorPart> questions =
        List.of(
            ProcessorPart.text("  what is a processor? "),
            ProcessorPart.text("why virtual threads?"));
    try (ProcessorRun run = pipeline().start(questions)) {
      for (ProcessorPart part : run) {
        if (part.isOutOfBand()) {
          out.println("  (" + part.text().orElse("") + ")");
        } else if (part.isText()) {
          out.print(part.text().orElseThrow());
        } else {
          out.println();
        }
      }
    }
  }

  static void main(String[] args) {
    System.out.println("hello-pipeline: two questions through a simulated model (offline)");
    run(System.out);
  }
}
