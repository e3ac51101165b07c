package dev.processors.live;

import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A turn-based test model: reads its whole prompt, records it, then emits the scripted parts of its
 * next answer. With {@link #holdAfter(int)} it stops after that many parts until released, so a
 * test can barge in while it "speaks".
 */
final class ScriptedModel implements Processor {
  final List<List<ProcessorPart>> prompts = Collections.synchronizedList(new ArrayList<>());
  final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final List<List<ProcessorPart>> answers;
  private int holdAfter = Integer.MAX_VALUE;
  final Semaphore release = new Semaphore(0);
  final CountDownLatch interrupted = new CountDownLatch(1);
  volatile boolean firstInputSeen;

  ScriptedModel(List<List<ProcessorPart>> answers) {
    this.answers = answers;
  }

  static ScriptedModel answering(String... texts) {
    List<List<ProcessorPart>> answers = new ArrayList<>();
    for (String t : texts) {
      List<ProcessorPart> answer = new ArrayList<>();
      for (String word : t.split(" ")) {
        answer.add(ProcessorPart.text(word + " "));
      }
      answers.add(answer);
    }
    return new ScriptedModel(answers);
  }

  ScriptedModel holdAfter(int parts) {
    this.holdAfter = parts;
    return this;
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    List<ProcessorPart> prompt = new ArrayList<>();
    for (ProcessorPart p : in) {
      firstInputSeen = true;
      prompt.add(p);
    }
    int turn;
    synchronized (prompts) {
      prompts.add(prompt);
      turn = prompts.size() - 1;
    }
    events.add("prompt " + turn);
    List<ProcessorPart> answer = answers.get(Math.min(turn, answers.size() - 1));
    for (int i = 0; i < answer.size(); i++) {
      if (i == holdAfter) {
        events.add("holding");
        try {
          release.acquire();
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw e;
        }
      }
      out.emit(answer.get(i));
    }
  }

  String awaitEvent() throws InterruptedException {
    String e = events.poll(10, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("the scripted model did nothing for 10 s");
    }
    return e;
  }

  static List<String> texts(List<ProcessorPart> parts) {
    List<String> out = new ArrayList<>();
    for (ProcessorPart p : parts) {
      out.add(p.text().map(String::strip).orElse("<" + p.mimeType() + ">"));
    }
    return out;
  }
}
