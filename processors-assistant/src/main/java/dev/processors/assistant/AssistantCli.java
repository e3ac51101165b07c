package dev.processors.assistant;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service's command line, with the seed's flags:
 *
 * <pre>
 * (no flag)                        run the service until Ctrl-C
 * --test-message CHANNEL TEXT      send TEXT to CHANNEL through RabbitMQ and print the frames
 * --generate-uuid                  make a channel id and start its conversation
 * --show-thread-stats              conversations, their ages and activity, Redis memory
 * --clear-all-threads              delete every conversation (asks first)
 * --clear-old-threads DAYS         delete conversations idle for more than DAYS days (asks first)
 * --yes                            do not ask
 * </pre>
 *
 * <p>Settings come from the environment ({@link AssistantSettings}). Exit codes: 0 done, 1 failed
 * (a server cannot be reached, an error frame, no answer), 2 bad usage. Messages go to {@code out},
 * problems to {@code err}; secrets are never printed.
 */
public final class AssistantCli {
  private final Map<String, String> env;
  private final BufferedReader in;
  private final PrintStream out;
  private final PrintStream err;

  private AssistantCli(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    this.env = env;
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.err = err;
  }

  /** The entry point: runs the command and exits with its code. */
  public static void main(String[] args) {
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    int code = run(args, System.getenv(), System.in, System.out, System.err);
    if (code != 0 || !runsService(args)) {
      System.exit(code);
    }
  }

  /** Runs one command; returns the exit code. */
  public static int run(
      String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    return new AssistantCli(env, in, out, err).run(args);
  }

  static boolean runsService(String[] args) {
    return List.of(args).stream().allMatch(a -> a.equals("--yes") || a.equals("-y"));
  }

  private int run(String[] argv) {
    List<String> args = new ArrayList<>(List.of(argv));
    boolean yes = args.remove("--yes") | args.remove("-y");
    try {
      if (args.isEmpty()) {
        return serve();
      }
      String flag = args.get(0);
      return switch (flag) {
        case "--help", "-h" -> {
          out.println(usage());
          yield 0;
        }
        case "--generate-uuid" ->
            expect(args, 1) ? CliCommands.generateUuid(settings(), env, out) : 2;
        case "--show-thread-stats" -> expect(args, 1) ? CliCommands.showStats(settings(), out) : 2;
        case "--clear-all-threads" ->
            expect(args, 1) ? CliCommands.clearAll(settings(), yes, this::confirm, out) : 2;
        case "--clear-old-threads" -> {
          if (!expect(args, 2)) {
            yield 2;
          }
          int days;
          try {
            days = Integer.parseInt(args.get(1));
            if (days < 0) {
              throw new NumberFormatException();
            }
          } catch (NumberFormatException e) {
            err.println(
                "error: --clear-old-threads takes a number of days (0 or more), got '"
                    + args.get(1)
                    + "'");
            yield 2;
          }
          yield CliCommands.clearOld(settings(), days, yes, this::confirm, out);
        }
        case "--test-message" ->
            expect(args, 3)
                ? CliCommands.testMessage(settings(), args.get(1), args.get(2), out, err)
                : 2;
        default -> {
          err.println("error: unknown option '" + flag + "'\n" + usage());
          yield 2;
        }
      };
    } catch (AssistantException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private int serve() throws AssistantException {
    AssistantSettings settings = settings();
    AssistantService service =
        AssistantService.builder(settings)
            .environment(env)
            .bindHost(env.getOrDefault("WEBSOCKET_BIND", "0.0.0.0"))
            .build();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  out.println("stopped; answered " + service.answered() + " messages");
                  out.flush();
                },
                "assistant-stop"));
    out.println("assistant service running: " + settings);
    out.println("model: " + service.modelDescription());
    service.frameServer().ifPresent(f -> out.println("WebSocket: " + settings.webSocketUrl()));
    out.println("Ctrl-C stops it.");
    try {
      service.awaitClose();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private AssistantSettings settings() {
    return AssistantSettings.fromEnvironment(env);
  }

  private boolean expect(List<String> args, int count) {
    if (args.size() == count) {
      return true;
    }
    err.println("error: " + args.get(0) + " takes " + (count - 1) + " argument(s)\n" + usage());
    return false;
  }

  private boolean confirm(String question) {
    out.print(question + " [y/N] ");
    out.flush();
    try {
      String answer = in.readLine();
      return answer != null
          && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static String usage() {
    return """
    usage: assistant [--yes] [COMMAND]
      (no command)                   run the service (settings from the environment)
      --test-message CHANNEL TEXT    send TEXT to CHANNEL and print the frames
      --generate-uuid                make a channel id and start its conversation
      --show-thread-stats            conversations, their ages and activity, Redis memory
      --clear-all-threads            delete every conversation (asks first)
      --clear-old-threads DAYS       delete conversations idle for more than DAYS days
      --yes                          do not ask for confirmation\
    """;
  }
}
