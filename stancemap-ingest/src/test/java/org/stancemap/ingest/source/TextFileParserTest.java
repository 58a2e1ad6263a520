package org.stancemap.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TextFileParserTest {
  @Test
  void aMarkdownHeadingIsTheTitle() {
    assertEquals("Whose war is it?", TextFileParser.titleLine("\n# Whose war is it?\n\nThe text."));
  }

  @Test
  void aShortFirstLineWithoutFinalPunctuationIsTheTitle() {
    assertEquals("Neither Washington nor Moscow", TextFileParser.titleLine("Neither Washington nor Moscow\n\nBody."));
  }

  @Test
  void aSentenceOrAVeryLongLineIsNoTitle() {
    assertNull(TextFileParser.titleLine("This starts with a sentence.\nMore."));
    assertNull(TextFileParser.titleLine("x".repeat(161) + "\n"));
    assertNull(TextFileParser.titleLine("   \n\n"));
  }
}
