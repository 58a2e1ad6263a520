package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoleInputTest {
  private static final String SENTENCE = "Yesterday in the east the Russian army shelled Kharkiv's civilians again while "
      + "they queued for bread near the central station of the city in the snow.";

  private static String window(String sentence, String actor) {
    int start = sentence.indexOf(actor);
    return RoleInput.of(sentence, start, start + actor.length());
  }

  @Test
  void windowStartsFourWordsBeforeTheActor() {
    String w = window(SENTENCE, "Kharkiv's civilians");
    assertTrue(w.startsWith("the Russian army shelled Kharkiv's civilians"), w);
    assertFalse(w.contains("east"), w);
  }

  @Test
  void windowEndsAFixedNumberOfWordsAfterTheActor() {
    String w = window("a b c d e f X g h i j k l m n o p q r s t u v w", "X");
    assertEquals("c d e f X g h i j k l m n o p q r s", w);
  }

  @Test
  void windowDoesNotReachBackIntoThePreviousSentence() {
    assertEquals("Putin ordered the invasion.", window("They lied again. Putin ordered the invasion.", "Putin"));
    assertEquals("the army shelled Kharkiv", window("He spoke: the army shelled Kharkiv", "Kharkiv"));
  }

  @Test
  void actorAtTheStartOfTheSentence() {
    assertEquals("Putin ordered the invasion.", window("Putin ordered the invasion.", "Putin"));
  }

  @Test
  void exemplarBracketsAreRemovedAndTheSameWindowIsUsed() {
    String exemplar = SENTENCE.replace("Kharkiv's civilians", "[Kharkiv's civilians]");
    assertEquals(window(SENTENCE, "Kharkiv's civilians"), RoleInput.ofExemplar(exemplar));
    assertEquals("Putin ordered the invasion.", RoleInput.ofExemplar("They lied. [Putin] ordered the invasion."));
    assertFalse(RoleInput.ofExemplar("They thanked [the volunteers] warmly.").contains("["));
  }

  @Test
  void exemplarWithoutBracketsIsReturnedUnchanged() {
    assertEquals("No brackets here.", RoleInput.ofExemplar("No brackets here."));
  }

  @Test
  void windowIsStripped() {
    String w = window("  lots   of   space   before   the   Kremlin   and   after  ", "Kremlin");
    assertEquals(w.strip(), w);
    assertTrue(w.contains("Kremlin"));
  }
}
