package dev.processors.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import dev.processors.model.AuthenticationException;
import dev.processors.model.BadRequestException;
import dev.processors.model.MalformedStreamException;
import dev.processors.model.ModelException;
import dev.processors.model.RateLimitException;
import dev.processors.model.ServerErrorException;
import dev.processors.model.StreamErrorException;
import dev.processors.model.TransportException;
import dev.processors.model.spi.HttpCallControl;
import dev.processors.model.spi.ModelErrors;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** Maps the OpenAI SDK's exceptions and in-stream error codes to typed {@link ModelException}s. */
final class OpenAiErrors {
  static final String PROVIDER = OpenAiRequests.PROVIDER;

  private OpenAiErrors() {}

  /** A request body as JSON, written by the SDK's own mapper (the cache key). */
  static String json(Object body) {
    try {
      return com.openai.core.ObjectMappers.jsonMapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the request as JSON: " + e.getMessage(), e);
    }
  }

  /** The typed error for a failure of a streaming call. */
  static ModelException classify(Throwable error) {
    if (error instanceof SseException sse) {
      return forCode(field(sse::code), field(sse::type), ModelErrors.describe(sse), sse);
    }
    if (error instanceof OpenAIServiceException api) {
      Duration retryAfter =
          HttpCallControl.retryAfter(
                  name -> {
                    List<String> values = api.headers().values(name);
                    return values.isEmpty() ? null : values.get(0);
                  })
              .orElse(null);
      return ModelErrors.forStatus(PROVIDER, api.statusCode(), api.getMessage(), retryAfter, api);
    }
    if (error instanceof IllegalArgumentException) {
      // a well-formed event whose content is not valid (a call's arguments that are not a JSON
      // object): its own message names what, even when a JSON parse error is its cause
      return new MalformedStreamException(
          PROVIDER,
          "the stream carried invalid data: " + ModelErrors.describe(error),
          -1,
          null,
          error);
    }
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof JsonProcessingException || c instanceof OpenAIInvalidDataException) {
        return new MalformedStreamException(
            PROVIDER, "an event cannot be read: " + ModelErrors.describe(c), -1, null, error);
      }
    }
    if (error instanceof OpenAIIoException || error instanceof IOException) {
      return new TransportException(PROVIDER, ModelErrors.describe(error), -1, null, error);
    }
    return null;
  }

  /**
   * A field of the error object of an {@link SseException}, or "" when absent: the SDK throws for a
   * required field the server left out (an error without a {@code type}), which must not turn a
   * typed provider error into an untyped one.
   */
  private static String field(Supplier<Optional<String>> read) {
    try {
      return read.get().orElse("");
    } catch (OpenAIInvalidDataException absent) {
      return "";
    }
  }

  /** The typed error for an error the provider reported inside the stream. */
  static ModelException forCode(String code, String type, String message, Throwable cause) {
    String c = (code + " " + type).toLowerCase(Locale.ROOT);
    String text = (code.isEmpty() ? "" : code + ": ") + message;
    if (c.contains("rate_limit") || c.contains("quota") || c.contains("too_many")) {
      return new RateLimitException(PROVIDER, text, 429, null, cause);
    }
    if (c.contains("server_error")
        || c.contains("internal")
        || c.contains("unavailable")
        || c.contains("overloaded")
        || c.contains("timeout")) {
      return new ServerErrorException(PROVIDER, text, 500, null, cause);
    }
    if (c.contains("api_key") || c.contains("authentication") || c.contains("permission")) {
      return new AuthenticationException(PROVIDER, text, 401, null, cause);
    }
    if (c.contains("invalid") || c.contains("not_found") || c.contains("unsupported")) {
      return new BadRequestException(PROVIDER, text, 400, null, cause);
    }
    return new StreamErrorException(PROVIDER, text, -1, null, cause);
  }
}
