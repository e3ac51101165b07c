package dev.processors.model.spi;

import dev.processors.model.ModelBuilder;
import dev.processors.model.ModelSettings;

/** What a provider module writes: a builder that adds nothing and hands over the settings. */
final class TestModelBuilder extends ModelBuilder<TestModelBuilder> {
  @Override
  protected TestModelBuilder self() {
    return this;
  }

  ModelSettings settings() {
    return settings("TestModel");
  }
}
