package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stancemap.text.Span;

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
    assertEquals(window(SENTENCE, "Kharkiv's civilians"), RoleInput.ofExemplar(exemplar).text());
    assertEquals("Putin ordered the invasion.",
        RoleInput.ofExemplar("They lied. [Putin] ordered the invasion.").text());
    RoleInput.Window w = RoleInput.ofExemplar("They thanked [the volunteers] warmly.");
    assertFalse(w.text().contains("["));
    assertEquals("They thanked the volunteers warmly.", w.input(), "the whole sentence is embedded, unbracketed");
  }

  @Test
  void exemplarWithoutBracketsIsTheWholeText() {
    RoleInput.Window w = RoleInput.ofExemplar("No brackets here.");
    assertEquals("No brackets here.", w.text());
    assertEquals(new Span(0, 17), w.span());
  }

  @Test
  void theWindowIsASpanOfTheSentenceTheOtherHeadsSee() {
    String s = "They lied again. Putin ordered the invasion of the east.";
    int at = s.indexOf("Putin");
    RoleInput.Window w = RoleInput.window(s, at, at + 5);
    assertEquals(s, w.input());
    assertEquals("Putin ordered the invasion of the east.", w.span().of(w.input()));
    assertEquals(w.text(), RoleInput.of(s, at, at + 5));
  }

  @Test
  void aDroppedConcessiveClauseMovesTheSpanOrKeepsTheWholeSentence() {
    String s = "Although the unions protested loudly, the Western left stayed silent about the shelling.";
    String kept = ClassifierInput.of(s);
    assertTrue(kept.startsWith("the Western left"), kept);
    int left = s.indexOf("the Western left");
    RoleInput.Window w = RoleInput.window(s, left, left + 16);
    assertEquals(kept, w.input(), "the mention is in the main clause: the other heads' input is reused");
    assertTrue(w.text().startsWith("the Western left stayed silent"), w.text());
    assertEquals(w.text(), w.span().of(w.input()));
    int unions = s.indexOf("the unions");
    RoleInput.Window u = RoleInput.window(s, unions, unions + 10);
    assertEquals(s, u.input(), "the mention is in the dropped clause: the whole sentence is embedded");
    assertEquals(RoleInput.of(s, unions, unions + 10), u.text());
  }

  @Test
  void windowIsStripped() {
    String w = window("  lots   of   space   before   the   Kremlin   and   after  ", "Kremlin");
    assertEquals(w.strip(), w);
    assertTrue(w.contains("Kremlin"));
  }
}
