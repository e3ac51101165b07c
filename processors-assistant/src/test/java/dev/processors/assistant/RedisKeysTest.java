package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every Redis key and pub/sub channel of the service sits under the prefix, named as documented.
 */
class RedisKeysTest {
  private final RedisKeys keys = new RedisKeys("cosmo:");

  @Test
  void eachKeyIsItsKindAndIdsUnderThePrefix() {
    assertThat(keys.thread("c1")).isEqualTo("cosmo:thread:c1");
    assertThat(keys.meta("c1")).isEqualTo("cosmo:meta:c1");
    assertThat(keys.history("conv_1")).isEqualTo("cosmo:history:conv_1");
    assertThat(keys.seq("c1")).isEqualTo("cosmo:seq:c1");
    assertThat(keys.seqOf("c1", "m1")).isEqualTo("cosmo:seqof:c1:m1");
    assertThat(keys.done("c1")).isEqualTo("cosmo:done:c1");
    assertThat(keys.answered("c1", "m1")).isEqualTo("cosmo:answered:c1:m1");
    assertThat(keys.waitingSince("c1", 7)).isEqualTo("cosmo:waitsince:c1:7");
    assertThat(keys.attempts("c1", "m1")).isEqualTo("cosmo:attempts:c1:m1");
    assertThat(keys.cache("ab12")).isEqualTo("cosmo:cache:ab12");
    assertThat(keys.frames("c1")).isEqualTo("cosmo:frames:c1");
    assertThat(keys.turns()).isEqualTo("cosmo:turns");
  }

  @Test
  void theChannelOfAThreadKeyIsWhatFollowsThePrefixEvenWithColons() {
    assertThat(keys.channelOfThreadKey(keys.thread("user:42:session")))
        .isEqualTo("user:42:session");
  }

  @Test
  void aScanPatternEscapesGlobCharactersOfThePrefix() {
    assertThat(keys.pattern("thread:")).isEqualTo("cosmo:thread:*");
    assertThat(new RedisKeys("a*b?c[d]e\\f:").pattern("thread:"))
        .isEqualTo("a\\*b\\?c\\[d\\]e\\\\f:thread:*");
  }
}
