package org.stancemap.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
  private final SentenceSplitter splitter = new SentenceSplitter();

  private List<String> split(String text) {
    return splitter.split(text, new Span(0, text.length())).stream().map(s -> s.of(text)).toList();
  }

  @Test
  void splitsAtFullStops() {
    assertEquals(List.of("The union met on Monday.", "It voted to strike."),
        split("The union met on Monday. It voted to strike."));
  }

  @Test
  void keepsTitlesAndCommonAbbreviationsTogether() {
    assertEquals(List.of("Dr. Smith arrived late.", "He apologised."), split("Dr. Smith arrived late. He apologised."));
    assertEquals(List.of("Mr. and Mrs. Jones met Gen. Patton in the U.S. Army office.", "Then they left."),
        split("Mr. and Mrs. Jones met Gen. Patton in the U.S. Army office. Then they left."));
    assertEquals(List.of("Prices rose, e.g. for bread and fuel.", "Wages did not."),
        split("Prices rose, e.g. for bread and fuel. Wages did not."));
  }

  @Test
  void keepsInitialsTogether() {
    assertEquals(List.of("The essay by J. R. Tolkien was cited.", "It was long."),
        split("The essay by J. R. Tolkien was cited. It was long."));
    assertEquals(List.of("E. P. Thompson wrote about the making of a class."),
        split("E. P. Thompson wrote about the making of a class."));
  }

  @Test
  void splitsAfterATruncationMarkBeforeACapital() {
    assertEquals(List.of("Prices rose […]", "Then they fell."), split("Prices rose […] Then they fell."));
    assertEquals(List.of("Prices rose [...]", "Then they fell."), split("Prices rose [...] Then they fell."));
    assertEquals(List.of("Prices rose [ … ]", "Then they fell."), split("Prices rose [ … ] Then they fell."));
  }

  @Test
  void doesNotSplitAfterATruncationMarkBeforeALowercaseWord() {
    assertEquals(List.of("Wages stagnated […] and nobody noticed."), split("Wages stagnated […] and nobody noticed."));
  }

  @Test
  void aTeaserEndingInATruncationMarkIsOneSentence() {
    assertEquals(List.of("The dockers refused to load the ship, and the port […]"),
        split("The dockers refused to load the ship, and the port […]"));
  }

  @Test
  void recognisesTruncationMarks() {
    assertTrue(SentenceSplitter.isTruncationMark("x […]", 2, 5));
    assertTrue(SentenceSplitter.isTruncationMark("x [...] y", 2, 9));
    assertTrue(SentenceSplitter.isTruncationMark("[ … ]", 0, 5));
    assertFalse(SentenceSplitter.isTruncationMark("x [1] y", 2, 7));
    assertFalse(SentenceSplitter.isTruncationMark("x […]", 2, 4), "the mark must end inside the range");
  }

  @Test
  void splitsAtQuestionAndExclamationMarks() {
    assertEquals(List.of("Is this war?", "Yes!", "It is."), split("Is this war? Yes! It is."));
    assertEquals(List.of("Really?!", "Nobody believed it."), split("Really?! Nobody believed it."));
  }

  @Test
  void keepsClosingQuotesAndBracketsWithTheirSentence() {
    assertEquals(List.of("He said \"stop.\"", "Then he left."), split("He said \"stop.\" Then he left."));
    assertEquals(List.of("She wrote “enough.”", "Then silence."), split("She wrote “enough.” Then silence."));
    assertEquals(List.of("She asked ‘why?’", "Nobody knew."), split("She asked ‘why?’ Nobody knew."));
    assertEquals(List.of("(See the note above.)", "Next comes the argument."),
        split("(See the note above.) Next comes the argument."));
  }

  @Test
  void splitsBeforeAnOpeningQuote() {
    assertEquals(List.of("The minister spoke.", "“We will not retreat,” he said."),
        split("The minister spoke. “We will not retreat,” he said."));
  }

  @Test
  void splitsATitleGluedToItsTextByTwoSpaces() {
    assertEquals(List.of("A Title Here", "The text starts here.", "It goes on."),
        split("A Title Here  The text starts here. It goes on."));
  }

  @Test
  void twoSpacesBeforeALowercaseWordAreNotAGluedTitle() {
    assertEquals(List.of("Some words  and more words follow here."), split("Some words  and more words follow here."));
  }

  @Test
  void twoSpacesAfterASentenceAreAnOrdinaryBoundary() {
    assertEquals(List.of("It ended.", "Then more came."), split("It ended.  Then more came."));
  }

  @Test
  void doesNotSplitBeforeALowercaseWord() {
    assertEquals(List.of("the end was near. and nobody cared.", "But then it came."),
        split("the end was near. and nobody cared. But then it came."));
    assertEquals(List.of("Wait... what happened?", "Nothing."), split("Wait... what happened? Nothing."));
  }

  @Test
  void splitsBeforeDigitsAndNonLatinCapitals() {
    assertEquals(List.of("The vote was close.", "52 delegates agreed."), split("The vote was close. 52 delegates agreed."));
    assertEquals(List.of("Він прийшов.", "Вона пішла."), split("Він прийшов. Вона пішла."));
  }

  @Test
  void textWithoutFinalPunctuationIsOneSentence() {
    assertEquals(List.of("No terminal punctuation"), split("No terminal punctuation"));
  }

  @Test
  void blankTextGivesNoSentences() {
    assertEquals(List.of(), split(""));
    assertEquals(List.of(), split("  \n\t "));
  }

  @Test
  void returnsTrimmedSpansInsideTheGivenSubSpan() {
    String text = "IGNORED. First one.  Second one?  IGNORED TOO.";
    int start = text.indexOf("First") - 1;
    int end = text.indexOf("IGNORED TOO") - 1;
    List<Span> spans = splitter.split(text, new Span(start, end));
    assertEquals(2, spans.size());
    assertEquals("First one.", spans.get(0).of(text));
    assertEquals("Second one?", spans.get(1).of(text));
    for (Span s : spans) {
      assertTrue(new Span(start, end).contains(s), s.toString());
    }
  }
}
