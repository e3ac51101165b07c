/**
 * What a provider module implements to become a model processor: a {@link
 * dev.processors.model.spi.ModelBackend} builds its SDK's request from a {@link
 * dev.processors.model.spi.Conversation}, streams one attempt into a {@link
 * dev.processors.model.spi.GenerationOutput} and types its SDK's errors; the {@link
 * dev.processors.model.spi.ModelRunner} does the rest the same way for every provider (retries with
 * backoff, resuming without duplicating output, caching, cancellation through {@link
 * dev.processors.model.spi.HttpCallControl}). Users of the models never need this package.
 *
 * <p>The shared behaviour is pinned by {@code ModelConformanceSuite} in this module's test jar,
 * which every provider module's tests extend against its provider's fake server.
 */
package dev.processors.model.spi;
