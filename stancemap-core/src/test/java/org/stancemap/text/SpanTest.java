package org.stancemap.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanTest {

  @Test
  void negativeStartIsRefusedWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Span(-1, 3));
    assertTrue(e.getMessage().contains("start=-1"), e.getMessage());
  }

  @Test
  void startAfterEndIsRefusedWithBothValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Span(5, 4));
    assertTrue(e.getMessage().contains("start=5") && e.getMessage().contains("end=4"), e.getMessage());
  }

  @Test
  void emptySpansAreAllowed() {
    Span s = new Span(3, 3);
    assertEquals(0, s.length());
    assertEquals("", s.of("abcdef"));
  }

  @Test
  void lengthAndContains() {
    Span outer = new Span(2, 10);
    assertEquals(8, outer.length());
    assertTrue(outer.contains(new Span(2, 10)));
    assertTrue(outer.contains(new Span(4, 6)));
    assertTrue(outer.contains(new Span(10, 10)));
    assertFalse(outer.contains(new Span(1, 5)));
    assertFalse(outer.contains(new Span(5, 11)));
  }

  @Test
  void ofReturnsTheCoveredCharacters() {
    String text = "Kyiv – Київ 😀 end";
    int start = text.indexOf("Київ");
    assertEquals("Київ", new Span(start, start + 4).of(text));
    int emoji = text.indexOf("😀");
    assertEquals("😀", new Span(emoji, emoji + 2).of(text));
    assertEquals(text, new Span(0, text.length()).of(text));
  }

  @Test
  void ofRefusesASpanEndingAfterTheText() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Span(2, 9).of("short"));
    assertTrue(e.getMessage().contains("length 5"), e.getMessage());
  }

  @Test
  void trimRemovesLeadingAndTrailingWhitespaceOnly() {
    String text = "  \t word one \n two\t\n  ";
    Span t = new Span(0, text.length()).trim(text);
    assertEquals("word one \n two", t.of(text));
    assertEquals(4, t.start());
  }

  @Test
  void trimOfASubSpanStaysInsideIt() {
    String text = "abc   def   ghi";
    Span t = new Span(3, 12).trim(text);
    assertEquals(new Span(6, 9), t);
    assertEquals("def", t.of(text));
  }

  @Test
  void trimOfABlankSpanGivesAnEmptySpanInsideIt() {
    String text = "ab    cd";
    Span original = new Span(2, 6);
    Span t = original.trim(text);
    assertEquals(0, t.length());
    assertTrue(original.contains(t), t.toString());
  }

  @Test
  void trimOfATrimmedSpanIsTheSameSpan() {
    String text = "  x  ";
    Span once = new Span(0, 5).trim(text);
    assertEquals(once, once.trim(text));
    assertEquals(new Span(2, 3), once);
  }

  @Test
  void ordersByStartThenEnd() {
    List<Span> spans = new ArrayList<>(List.of(new Span(5, 9), new Span(1, 4), new Span(5, 6), new Span(0, 10)));
    Collections.sort(spans);
    assertEquals(List.of(new Span(0, 10), new Span(1, 4), new Span(5, 6), new Span(5, 9)), spans);
    assertEquals(0, new Span(2, 3).compareTo(new Span(2, 3)));
  }

  @Test
  void printsAsAHalfOpenRange() {
    assertEquals("[1, 3)", new Span(1, 3).toString());
  }
}
