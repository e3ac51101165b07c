package dev.processors.assistant;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** The CLI's commands other than running the service; each returns an exit code. */
final class CliCommands {
  /** How long {@code --test-message} waits for the next frame. */
  static final Duration FRAME_TIMEOUT = Duration.ofSeconds(60);

  private CliCommands() {}

  static int generateUuid(AssistantSettings s, Map<String, String> env, PrintStream out) {
    String channel = UUID.randomUUID().toString();
    try (Redis redis = Redis.connect(s.redisUrl(), s.redisPrefix());
        ConversationModel model =
            AssistantModels.fromEnvironment(
                env,
                WeatherTool.fromEnvironment(env).tools().declarations(),
                java.util.Optional.empty())) {
      ConversationStore store = new ConversationStore(redis, s.threadExpiry(), s.answeredTtl());
      String thread = store.open(channel, model::newConversation).threadId();
      out.println("channel:   " + channel);
      out.println("thread_id: " + thread);
      out.println("try it:    --test-message " + channel + " \"Hello, assistant!\"");
      return 0;
    }
  }

  static int showStats(AssistantSettings s, PrintStream out) {
    try (Redis redis = Redis.connect(s.redisUrl(), s.redisPrefix())) {
      ThreadAdmin admin = new ThreadAdmin(redis);
      List<ThreadAdmin.Thread> threads = admin.threads();
      long now = Instant.now().getEpochSecond();
      out.println("conversations under '" + s.redisPrefix() + "': " + threads.size());
      if (!threads.isEmpty()) {
        String[] names = {"< 1 day", "1-7 days", "7-30 days", "30-90 days", "> 90 days"};
        long[] limits = {1, 7, 30, 90, Long.MAX_VALUE};
        int[] counts = new int[names.length];
        for (ThreadAdmin.Thread t : threads) {
          long days = (now - t.createdAt()) / 86_400;
          for (int i = 0; i < limits.length; i++) {
            if (days < limits[i]) {
              counts[i]++;
              break;
            }
          }
        }
        out.println("age (since created):");
        for (int i = 0; i < names.length; i++) {
          out.printf("  %-11s %d%n", names[i], counts[i]);
        }
        long messages = threads.stream().mapToLong(ThreadAdmin.Thread::messageCount).sum();
        long most = threads.stream().mapToLong(ThreadAdmin.Thread::messageCount).max().orElse(0);
        long active = threads.stream().filter(t -> now - t.lastActivity() < 86_400).count();
        out.printf(
            "messages: %d in all, %.1f per conversation, at most %d%n",
            messages, (double) messages / threads.size(), most);
        out.println("active in the last 24 h: " + active);
        ThreadAdmin.Thread oldest =
            threads.stream().min((a, b) -> Long.compare(a.createdAt(), b.createdAt())).get();
        ThreadAdmin.Thread newest =
            threads.stream().max((a, b) -> Long.compare(a.createdAt(), b.createdAt())).get();
        out.println("oldest: " + describe(oldest));
        out.println("newest: " + describe(newest));
        long bytes = threads.stream().mapToLong(ThreadAdmin.Thread::memoryBytes).sum();
        out.printf("memory of the conversations' keys: %.1f KiB%n", bytes / 1024.0);
      }
      out.println("Redis memory in use: " + admin.usedMemory().orElse("unknown"));
      return 0;
    }
  }

  static int clearAll(
      AssistantSettings s, boolean yes, Predicate<String> confirm, PrintStream out) {
    try (Redis redis = Redis.connect(s.redisUrl(), s.redisPrefix())) {
      ThreadAdmin admin = new ThreadAdmin(redis);
      return delete(admin, admin.threads(), "every conversation", yes, confirm, out);
    }
  }

  static int clearOld(
      AssistantSettings s, int days, boolean yes, Predicate<String> confirm, PrintStream out) {
    try (Redis redis = Redis.connect(s.redisUrl(), s.redisPrefix())) {
      ThreadAdmin admin = new ThreadAdmin(redis);
      return delete(
          admin,
          admin.idleLongerThan(Duration.ofDays(days)),
          "the conversations idle for more than " + days + " days",
          yes,
          confirm,
          out);
    }
  }

  private static int delete(
      ThreadAdmin admin,
      List<ThreadAdmin.Thread> threads,
      String what,
      boolean yes,
      Predicate<String> confirm,
      PrintStream out) {
    if (threads.isEmpty()) {
      out.println("nothing to delete: no conversation matches");
      return 0;
    }
    if (!yes && !confirm.test("Delete " + what + " (" + threads.size() + ")?")) {
      out.println("cancelled: nothing was deleted");
      return 0;
    }
    admin.delete(threads);
    out.println("deleted " + threads.size() + " conversation(s)");
    return 0;
  }

  static int testMessage(
      AssistantSettings s, String channel, String text, PrintStream out, PrintStream err) {
    String messageId = "msg-" + UUID.randomUUID();
    try (FrameClient client = FrameClient.connect(s.webSocketUrl());
        MessagePublisher publisher = MessagePublisher.connect(s)) {
      client.subscribe(channel);
      out.println("channel " + channel + ", message_id " + messageId);
      publisher.publish(new InboundMessage(channel, messageId, text));
      boolean inText = false;
      while (true) {
        var next = client.nextFrame(FRAME_TIMEOUT);
        if (next.isEmpty()) {
          err.println(
              (inText ? "\n" : "")
                  + "error: no frame within "
                  + FRAME_TIMEOUT.toSeconds()
                  + " s: is the service running and reading "
                  + s.queue()
                  + "?");
          return 1;
        }
        Frame f = next.get();
        if (!f.messageId().map(messageId::equals).orElse(false)) {
          continue; // another message of the same channel
        }
        switch (f.status()) {
          case IN_PROGRESS -> {
            out.print(f.message());
            inText = true;
          }
          case COMPLETED -> {
            out.println((inText ? "\n" : "") + "[completed] thread_id " + f.threadId().orElse("?"));
            return 0;
          }
          case ERROR -> {
            out.println(
                (inText ? "\n" : "")
                    + "[error] "
                    + f.message()
                    + ": "
                    + f.errorDetails().orElse(""));
            return 1;
          }
          default -> out.println("[" + f.status().wire() + "] " + f.message());
        }
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static String describe(ThreadAdmin.Thread t) {
    return t.channel()
        + " (thread "
        + t.threadId()
        + ", created "
        + Instant.ofEpochSecond(t.createdAt())
        + ", "
        + t.messageCount()
        + " messages)";
  }
}
