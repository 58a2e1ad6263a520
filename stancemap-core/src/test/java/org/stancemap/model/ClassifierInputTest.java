package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassifierInputTest {

  @Test
  void dropsALeadingConcessiveClause() {
    assertEquals("Y is good and long enough", ClassifierInput.of("Although X is bad, Y is good and long enough"));
    assertEquals("Russia is the aggressor in this war.",
        ClassifierInput.of("Whilst the West is no saint, Russia is the aggressor in this war."));
    assertEquals("Russia alone chose to invade its neighbour.",
        ClassifierInput.of("Though NATO expanded east; Russia alone chose to invade its neighbour."));
    assertEquals("nothing justifies flattening a city of half a million.",
        ClassifierInput.of("EVEN THOUGH the expansion was reckless, nothing justifies flattening a city of half a million."));
  }

  @Test
  void keepsTheSentenceWhenTheMainClauseIsShort() {
    assertEquals("Although X is bad, Y is good.", ClassifierInput.of("Although X is bad, Y is good."));
  }

  @Test
  void keepsSentencesWithoutAConcession() {
    String s = "Alright, this sentence does not start with a concession at all.";
    assertEquals(s, ClassifierInput.of(s));
    String later = "Russia attacked, although the talks had barely started in Istanbul that spring.";
    assertEquals(later, ClassifierInput.of(later));
    assertEquals("Although", ClassifierInput.of("Although"));
    assertEquals("", ClassifierInput.of(""));
  }

  @Test
  void aConcessionWithoutACommaIsKept() {
    String s = "Although the war goes on the unions keep organising in every city of the country.";
    assertEquals(s, ClassifierInput.of(s));
  }
}
