package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CleartextTest {

  @Test
  void tlsAndLoopbackHostsAreSafeForAKey() {
    assertThat(Cleartext.isSecureOrLocal("https://api.example.com")).isTrue();
    assertThat(Cleartext.isSecureOrLocal("wss://api.example.com")).isTrue();
    assertThat(Cleartext.isSecureOrLocal("http://127.0.0.1:8080")).isTrue();
    assertThat(Cleartext.isSecureOrLocal("http://127.1.2.3")).isTrue();
    assertThat(Cleartext.isSecureOrLocal("ws://localhost:9000")).isTrue();
    assertThat(Cleartext.isSecureOrLocal("http://[::1]:8080")).isTrue();
  }

  @Test
  void cleartextToAnyOtherHostIsNot() {
    assertThat(Cleartext.isSecureOrLocal("http://api.example.com")).isFalse();
    assertThat(Cleartext.isSecureOrLocal("ws://10.0.0.5:9000")).isFalse();
    assertThat(Cleartext.isSecureOrLocal("http://127.0.0.1.example.com")).isFalse();
    assertThat(Cleartext.isSecureOrLocal("http://128.0.0.1")).isFalse();
    assertThat(Cleartext.isSecureOrLocal("http://[::2]")).isFalse();
  }

  @Test
  void aKeyOverCleartextIsRefusedNamingTheUrlUnlessAllowedOrKeyless() {
    assertThatThrownBy(() -> Cleartext.check("http://api.example.com/v1", true, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://api.example.com/v1")
        .hasMessageContaining("allowCleartext()");
    assertThatCode(() -> Cleartext.check("http://api.example.com", true, true))
        .doesNotThrowAnyException();
    assertThatCode(() -> Cleartext.check("http://api.example.com", false, false))
        .doesNotThrowAnyException();
  }
}
