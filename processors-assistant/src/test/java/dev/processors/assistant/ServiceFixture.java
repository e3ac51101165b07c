package dev.processors.assistant;

import java.net.URI;
import java.util.Map;

/**
 * One service of a test, on the real servers, with its own queues and keys; closes everything it
 * opened.
 */
final class ServiceFixture implements AutoCloseable {
  final Map<String, String> env;
  final AssistantService service;
  final AssistantSettings settings;
  final MessagePublisher publisher;

  ServiceFixture(Map<String, String> env) {
    this.env = env;
    AssistantSettings configured = AssistantSettings.fromEnvironment(env);
    this.service =
        AssistantService.builder(configured).environment(env).bindHost("127.0.0.1").build();
    this.settings =
        service
            .frameServer()
            .map(f -> configured.withWebSocketUrl(URI.create(f.url())))
            .orElse(configured);
    this.publisher = MessagePublisher.connect(settings);
  }

  FrameClient client(String... channels) {
    FrameClient client = FrameClient.connect(settings.webSocketUrl());
    for (String c : channels) {
      client.subscribe(c);
    }
    return client;
  }

  void publish(String channel, String id, String text) {
    publisher.publish(new InboundMessage(channel, id, text));
  }

  Redis redis() {
    return Redis.connect(settings.redisUrl(), settings.redisPrefix());
  }

  @Override
  public void close() {
    publisher.close();
    service.close();
  }
}
