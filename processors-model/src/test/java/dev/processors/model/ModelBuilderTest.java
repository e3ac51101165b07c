package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.ProcessorCache;
import dev.processors.core.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelBuilderTest {
  /** The arguments of a tool. */
  record Echo(String text) {}

  /** What a provider module writes: a builder that adds nothing and hands over the settings. */
  static class ProviderBuilder extends ModelBuilder<ProviderBuilder> {
    @Override
    protected ProviderBuilder self() {
      return this;
    }

    ModelSettings build() {
      return settings("ProviderModel");
    }
  }

  @Test
  void aProviderBuilderReadsEverySharedSetting() {
    RetryPolicy retry = RetryPolicy.builder().maxAttempts(5).build();
    ProcessorCache cache = ProcessorCache.builder().maximumSize(10).build();
    ToolDeclaration tool =
        ToolDeclaration.of("noop", "Does nothing", "{\"type\":\"object\",\"properties\":{}}");
    ModelSettings s =
        new ProviderBuilder()
            .model("m-1")
            .apiKey("key")
            .baseUrl("http://127.0.0.1:9/")
            .systemInstruction("Be brief.")
            .temperature(0.5)
            .maxOutputTokens(64)
            .tools(tool)
            .responseSchema("{\"type\":\"object\"}")
            .retryPolicy(retry)
            .resumeAfterFailure(false)
            .cache(cache)
            .connectTimeout(Duration.ofSeconds(3))
            .readTimeout(Duration.ofSeconds(4))
            .build();
    assertThat(s.model()).isEqualTo("m-1");
    assertThat(s.apiKey()).contains("key");
    assertThat(s.baseUrl()).contains("http://127.0.0.1:9");
    assertThat(s.systemInstruction()).isEqualTo("Be brief.");
    assertThat(s.temperature()).contains(0.5);
    assertThat(s.maxOutputTokens()).contains(64);
    assertThat(s.tools()).containsExactly(tool);
    assertThat(s.responseSchema().orElseThrow().json()).isEqualTo("{\"type\":\"object\"}");
    assertThat(s.retryPolicy()).isSameAs(retry);
    assertThat(s.resumeAfterFailure()).isFalse();
    assertThat(s.cache()).containsSame(cache);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void unsetSettingsAreEmptyOrDefault() {
    ModelSettings s = new ProviderBuilder().model("m-1").build();
    assertThat(s.apiKey()).isEmpty();
    assertThat(s.baseUrl()).isEmpty();
    assertThat(s.systemInstruction()).isEmpty();
    assertThat(s.temperature()).isEmpty();
    assertThat(s.maxOutputTokens()).isEmpty();
    assertThat(s.tools()).isEmpty();
    assertThat(s.responseSchema()).isEmpty();
    assertThat(s.resumeAfterFailure()).isTrue();
    assertThat(s.cache()).isEmpty();
    assertThat(s.retryPolicy().maxAttempts()).isEqualTo(3);
  }

  @Test
  void buildingWithoutAModelNameFailsNamingTheModel() {
    assertThatThrownBy(() -> new ProviderBuilder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ProviderModel needs a model name");
  }

  @Test
  void settingsNeverShowTheApiKey() {
    ModelSettings s = new ProviderBuilder().model("m-1").apiKey("sk-very-secret").build();
    assertThat(s.toString()).contains("m-1").doesNotContain("sk-very-secret");
  }

  @Test
  void badSettingsAreRefusedWithTheCoresWordingNamingTheArgument() {
    ProviderBuilder b = new ProviderBuilder();
    assertThatThrownBy(() -> b.model(" ")).hasMessage("model is blank");
    assertThatThrownBy(() -> b.apiKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("apiKey");
    assertThatThrownBy(() -> b.maxOutputTokens(0))
        .hasMessage("maxOutputTokens must be positive, got 0");
    assertThatThrownBy(() -> b.readTimeout(Duration.ZERO))
        .hasMessage("readTimeout must be positive, got PT0S");
    assertThatThrownBy(() -> b.temperature(3))
        .hasMessage("temperature must be in [0.0, 2.0], got 3.0");
    assertThatThrownBy(() -> b.baseUrl("ftp://host"))
        .hasMessageStartingWith("baseUrl must start with");
    Tools tools = Tools.builder().add("echo", "Echoes", Echo.class, e -> e.text()).build();
    assertThatThrownBy(() -> FunctionCalling.builder((in, out) -> {}, tools).maxRounds(0))
        .hasMessage("maxRounds must be at least 1, got 0");
  }

  @Test
  void aProviderKeyInTheEnvironmentCountsOnlyWithoutAClientOfTheUsers() {
    String present = System.getenv().keySet().stream().findFirst().orElseThrow();
    ProviderBuilder reads =
        new ProviderBuilder() {
          @Override
          protected java.util.List<String> keyVariables() {
            return java.util.List.of("PROCESSORS_NO_SUCH_VARIABLE", present);
          }
        };
    ProviderBuilder ownClient =
        new ProviderBuilder() {
          @Override
          protected java.util.List<String> keyVariables() {
            return java.util.List.of(present);
          }

          @Override
          protected boolean clientGiven() {
            return true;
          }
        };
    boolean presentIsSet = !System.getenv(present).isBlank();
    assertThat(reads.keyFromEnvironment()).isEqualTo(presentIsSet);
    assertThat(ownClient.keyFromEnvironment()).isFalse();
    assertThat(new ProviderBuilder().keyFromEnvironment()).isFalse();
  }
}
