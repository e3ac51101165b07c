package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialJsonTest {

  private static List<String> snapshots(String... deltas) throws IOException {
    PartialJson json = new PartialJson();
    List<String> out = new ArrayList<>();
    for (String d : deltas) {
      json.feed(d);
      json.snapshot().ifPresent(out::add);
    }
    return out;
  }

  @Test
  void objectGrowsFieldByFieldAsDeltasArrive() throws IOException {
    assertThat(snapshots("{\"city\":", "\"Paris\",", "\"days\":[1,", "2]}"))
        .containsExactly(
            "{}",
            "{\"city\":\"Paris\"}",
            "{\"city\":\"Paris\",\"days\":[1]}",
            "{\"city\":\"Paris\",\"days\":[1,2]}");
  }

  @Test
  void aStringValueIsShownAsFarAsItHasArrived() throws IOException {
    assertThat(snapshots("{\"note\":\"Comp", "utes a \\\"mov", "ing\\\" avg\"}"))
        .containsExactly(
            "{\"note\":\"Comp\"}",
            "{\"note\":\"Computes a \\\"mov\"}",
            "{\"note\":\"Computes a \\\"moving\\\" avg\"}");
  }

  @Test
  void aKeyBeingWrittenIsNotShown() throws IOException {
    assertThat(snapshots("{\"a\":1,\"ci", "ty\":\"P"))
        .containsExactly("{\"a\":1}", "{\"a\":1,\"city\":\"P\"}");
  }

  @Test
  void aCutOffEscapeIsLeftOutUntilItCompletes() throws IOException {
    assertThat(snapshots("[\"a\\", "u00e9b\"]")).containsExactly("[\"a\"]", "[\"aéb\"]");
  }

  @Test
  void numbersAppearOnceTheirTerminatorArrives() throws IOException {
    assertThat(snapshots("{\"n\":12", "3,\"m\":true}"))
        .containsExactly("{}", "{\"n\":123,\"m\":true}");
  }

  @Test
  void nestedStringsInArraysOfObjectsStream() throws IOException {
    assertThat(snapshots("{\"steps\":[{\"op\":\"av", "g\"}]}"))
        .containsExactly("{\"steps\":[{\"op\":\"av\"}]}", "{\"steps\":[{\"op\":\"avg\"}]}");
  }

  @Test
  void finishReturnsTheCompleteValueAndRejectsAnIncompleteOne() throws IOException {
    PartialJson done = new PartialJson();
    done.feed("{\"a\":[1,2]}");
    assertThat(done.finish().toString()).isEqualTo("{\"a\":[1,2]}");

    PartialJson cut = new PartialJson();
    cut.feed("{\"a\":[1,");
    assertThatThrownBy(cut::finish).isInstanceOf(IOException.class);
  }

  @Test
  void textThatCannotBeJsonFailsAtOnce() {
    PartialJson json = new PartialJson();
    assertThatThrownBy(() -> json.feed("{\"a\" 1}")).isInstanceOf(IOException.class);
  }

  @Test
  void nothingIsShownBeforeTheFirstToken() throws IOException {
    PartialJson json = new PartialJson();
    json.feed("  ");
    assertThat(json.snapshot()).isEmpty();
  }
}
