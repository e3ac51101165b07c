package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link Redaction} removes from text before it is logged. */
class RedactionTest {

  @Test
  void theModelsOwnKeyIsMaskedWhereverItAppears() {
    Redaction r = new Redaction("my-plain-key-42");
    assertThat(r.apply("key my-plain-key-42 and again:my-plain-key-42."))
        .isEqualTo("key *** and again:***.");
  }

  @Test
  void withoutAKeyOrWithABlankOneTextIsLeftAloneExceptKnownShapes() {
    assertThat(new Redaction(null).apply("nothing secret here")).isEqualTo("nothing secret here");
    assertThat(new Redaction(" ").apply("a b  c")).isEqualTo("a b  c");
    assertThat(new Redaction("").apply("plain")).isEqualTo("plain");
  }

  @Test
  void bearerTokensKeepTheirSchemeButLoseTheToken() {
    assertThat(new Redaction(null).apply("Authorization: Bearer abc.def-ghi, next"))
        .isEqualTo("Authorization: Bearer ***, next");
  }

  @Test
  void keyQueryParametersAreMaskedLeavingTheRestOfTheUrl() {
    assertThat(new Redaction(null).apply("GET https://h/v1/m?alt=sse&key=XYZ123&x=1"))
        .isEqualTo("GET https://h/v1/m?alt=sse&key=***&x=1");
    assertThat(new Redaction(null).apply("/p?access_token=t0k3n")).isEqualTo("/p?access_token=***");
  }

  @Test
  void keyShapedStringsOfBothProvidersAreMaskedWhole() {
    Redaction r = new Redaction(null);
    assertThat(r.apply("use sk-proj_ABCdef123456 now")).isEqualTo("use *** now");
    assertThat(r.apply("google AIzaSyA1234567890abcdefghijk_- end")).isEqualTo("google *** end");
    // too short or inside a word: not a key
    assertThat(r.apply("task-list sk-short")).isEqualTo("task-list sk-short");
  }

  @Test
  void replacementsWithDollarSignsOrBackslashesAreTakenLiterally() {
    assertThat(new Redaction(null).apply("Bearer a$1b\\c")).isEqualTo("Bearer ***");
  }

  @Test
  void credentialHeadersAreKnownWhateverTheirCase() {
    assertThat(Redaction.secretHeader("Authorization")).isTrue();
    assertThat(Redaction.secretHeader("x-goog-api-key")).isTrue();
    assertThat(Redaction.secretHeader("X-Api-Key")).isTrue();
    assertThat(Redaction.secretHeader("COOKIE")).isTrue();
    assertThat(Redaction.secretHeader("Content-Type")).isFalse();
    assertThat(Redaction.secretHeader("x-goog-api-client")).isFalse();
  }
}
