package dev.processors.testkit;

import java.util.List;

/**
 * Threads and open file descriptors found by a leak check that were not there before: each thread
 * as {@code "name" #id (virtual), STATE} with the top of its stack, each descriptor as {@code fd N
 * -> target} (a socket, a pipe, a file).
 *
 * @param threads the threads that appeared, described
 * @param fileDescriptors the descriptors that appeared, described
 */
public record Leaks(List<String> threads, List<String> fileDescriptors) {
  /** Copies the lists. */
  public Leaks {
    threads = List.copyOf(threads);
    fileDescriptors = List.copyOf(fileDescriptors);
  }

  /** Whether nothing leaked. */
  public boolean isEmpty() {
    return threads.isEmpty() && fileDescriptors.isEmpty();
  }

  /** A report listing every leaked thread and descriptor, one per line. */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "no leaked threads or file descriptors";
    }
    StringBuilder sb = new StringBuilder();
    sb.append(threads.size())
        .append(" leaked thread(s), ")
        .append(fileDescriptors.size())
        .append(" leaked file descriptor(s)");
    for (String t : threads) {
      sb.append("\n  thread ").append(t);
    }
    for (String f : fileDescriptors) {
      sb.append("\n  ").append(f);
    }
    return sb.toString();
  }
}
