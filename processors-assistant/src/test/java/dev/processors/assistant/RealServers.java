package dev.processors.assistant;

import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real Redis and RabbitMQ for the tests (Debian's {@code redis-server} and {@code
 * rabbitmq-server}), one of each per test JVM: started the first time a test class asks, on
 * 127.0.0.1 and free ports with temporary directories, shared by every test of the JVM (each test
 * uses its own queue names and key prefix), and stopped when the JVM ends, even if it is killed.
 * When a server is not installed the tests fail with a message saying how to install it.
 */
final class RealServers implements BeforeAllCallback {
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static LocalRedis redis;
  private static LocalRabbitMq rabbit;
  private static RuntimeException failure;

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  /** Starts both servers once per JVM; rethrows the first failure to every later caller. */
  static void start() {
    start(true);
  }

  /** Starts Redis and, if {@code withRabbitMq}, RabbitMQ (which takes ~10 s), once per JVM. */
  private static void start(boolean withRabbitMq) {
    LOCK.lock();
    try {
      if (failure != null) {
        throw failure;
      }
      try {
        if (redis == null) {
          redis = LocalRedis.start();
        }
        if (withRabbitMq && rabbit == null) {
          rabbit = LocalRabbitMq.start();
        }
      } catch (RuntimeException e) {
        failure =
            new IllegalStateException(
                "the assistant tests need real Redis and RabbitMQ: " + e.getMessage(), e);
        throw failure;
      }
    } finally {
      LOCK.unlock();
    }
  }

  /** The URL of the tests' Redis; starts only Redis, so tests that need no broker stay fast. */
  static String redisUrl() {
    start(false);
    return redis.url();
  }

  static String rabbitUrl() {
    start();
    return rabbit.url();
  }
}
