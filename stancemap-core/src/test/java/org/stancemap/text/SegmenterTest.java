package org.stancemap.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmenterTest {
  private final Segmenter segmenter = new Segmenter();

  private static List<UnitKind> kinds(List<Unit> units) {
    return units.stream().map(Unit::kind).toList();
  }

  private static List<String> texts(String text, List<Unit> units) {
    return units.stream().map(u -> u.span().of(text)).toList();
  }

  private static List<String> sentences(String text, Unit u) {
    return u.sentences().stream().map(s -> s.span().of(text)).toList();
  }

  private static String describe(String text, List<Unit> units) {
    StringBuilder sb = new StringBuilder();
    for (Unit u : units) {
      sb.append('\n').append(u.id()).append(' ').append(u.kind()).append(" author=").append(u.author()).append(" |")
          .append(u.span().of(text).replace("\n", "\\n")).append('|');
    }
    return sb.toString();
  }

  // ---- (a) listing pages ------------------------------------------------------------------------------------------

  private static final String LISTING = """
      Why the Left Must Stand With Ukraine

      Socialists in Kyiv and Lviv have built unions under fire. Their demands deserve a hearing […]

      The Long Road to
      a Just Peace

      Negotiations cannot mean rewarding annexation. We look at three proposals […]

      Sanctions and Workers  European wages have fallen since the energy shock. Who pays the bill […]

      Notes From a Picket Line

      Dockers in Genoa refused to load arms. Here is what they told us […]
      """;

  @Test
  void listingPageGivesOneTruncatedEntryPerPost() {
    List<Unit> units = segmenter.segment(LISTING);
    assertEquals(List.of(UnitKind.ENTRY, UnitKind.ENTRY, UnitKind.ENTRY, UnitKind.ENTRY), kinds(units),
        describe(LISTING, units));
    assertEquals(List.of("u1", "u2", "u3", "u4"), units.stream().map(Unit::id).toList());
    for (Unit u : units) {
      assertTrue(u.truncated(), u.id() + " should be truncated");
      assertTrue(u.span().of(LISTING).endsWith("[…]"), u.id());
      assertNull(u.author());
    }
  }

  @Test
  void eachEntryStartsWithItsTitleAsASentence() {
    List<Unit> units = segmenter.segment(LISTING);
    List<String> firstSentences = units.stream().map(u -> sentences(LISTING, u).get(0)).toList();
    assertEquals(List.of("Why the Left Must Stand With Ukraine", "The Long Road to\na Just Peace", "Sanctions and Workers",
        "Notes From a Picket Line"), firstSentences, describe(LISTING, units));
  }

  @Test
  void entrySentencesAfterTheTitleAreTheTeaser() {
    List<Unit> units = segmenter.segment(LISTING);
    assertEquals(List.of("Why the Left Must Stand With Ukraine",
            "Socialists in Kyiv and Lviv have built unions under fire.", "Their demands deserve a hearing […]"),
        sentences(LISTING, units.get(0)));
    assertEquals(List.of("Sanctions and Workers", "European wages have fallen since the energy shock.",
        "Who pays the bill […]"), sentences(LISTING, units.get(2)));
    assertTrue(units.get(0).span().of(LISTING).startsWith("Why the Left"));
    assertTrue(units.get(1).span().of(LISTING).startsWith("The Long Road to\na Just Peace\n\nNegotiations"));
  }

  @Test
  void oneTruncatedParagraphDoesNotMakeAListing() {
    String text = "A Report From Kharkiv\n\nThe trams run again. The union says more will follow […]\n\nMore tomorrow.\n";
    List<Unit> units = segmenter.segment(text);
    assertFalse(kinds(units).contains(UnitKind.ENTRY), describe(text, units));
    assertEquals(UnitKind.TITLE, units.get(0).kind());
  }

  // ---- (b) titles and captions ------------------------------------------------------------------------------------

  @Test
  void articleWithTitleAndMemeCaption() {
    String text = """
        A Meme About the War

        A meme shows a man sweating over two buttons, one labeled “Oppose NATO” and the other labeled “Oppose Russia”.

        The author argues that both positions can be held at once. Many readers agreed.
        """;
    List<Unit> units = segmenter.segment(text);
    assertEquals(List.of(UnitKind.TITLE, UnitKind.CAPTION, UnitKind.PARAGRAPH), kinds(units), describe(text, units));
    assertEquals("A Meme About the War", units.get(0).span().of(text));
    assertEquals(List.of("A Meme About the War"), sentences(text, units.get(0)));
    assertTrue(units.get(1).span().of(text).startsWith("A meme shows"));
    assertTrue(units.get(1).span().of(text).endsWith("“Oppose Russia”."));
    assertEquals(2, units.get(2).sentences().size());
  }

  @Test
  void twoLabelsMakeACaptionWithoutAnImageWord() {
    String text = "Reading the Cartoon\n\nThe left button is labeled “Peace” and the right one is labeled “Victory”.\n\n"
        + "Either way the choice is rigged. Nobody wins.\n";
    List<Unit> units = segmenter.segment(text);
    assertEquals(List.of(UnitKind.TITLE, UnitKind.CAPTION, UnitKind.PARAGRAPH), kinds(units), describe(text, units));
  }

  @Test
  void ordinaryProseIsNotACaption() {
    String text = "The strike spread to three more depots on Friday. Drivers said they would stay out until paid.";
    List<Unit> units = segmenter.segment(text);
    assertEquals(List.of(UnitKind.PARAGRAPH), kinds(units), describe(text, units));
  }

  @Test
  void shortSubtitleUnderTheTitleIsAlsoATitle() {
    String text = "Against Both Empires\n\nNotes on the third camp\n\nThis essay argues for independence from both blocs.\n";
    List<Unit> units = segmenter.segment(text);
    assertEquals(List.of(UnitKind.TITLE, UnitKind.TITLE, UnitKind.PARAGRAPH), kinds(units), describe(text, units));
  }

  // ---- (c) interviews ---------------------------------------------------------------------------------------------

  @Test
  void paragraphsEndingInQuestionsFollowedByAnswersAreAnInterview() {
    String text = """
        Interview With an Organiser

        You were in Kharkiv when the war began. How did the union respond to the invasion?

        We organised shelters within days. Members drove supplies east.

        Many socialists abroad hesitated. What do you expect from the Western left?

        Solidarity, not lectures. Send aid to the unions directly.
        """;
    List<Unit> units = segmenter.segment(text);
    assertEquals(List.of(UnitKind.TITLE, UnitKind.QUESTION, UnitKind.ANSWER, UnitKind.QUESTION, UnitKind.ANSWER),
        kinds(units), describe(text, units));
    assertTrue(units.get(1).span().of(text).endsWith("invasion?"));
    assertEquals("Solidarity, not lectures. Send aid to the unions directly.", units.get(4).span().of(text));
  }

  @Test
  void aSingleQuestionDoesNotMakeAnInterview() {
    String text = "Who Pays for the War\n\nEnergy prices doubled in a year. Who pays for it in the end?\n\n"
        + "Workers do, as always. Profits rose.\n";
    List<Unit> units = segmenter.segment(text);
    assertFalse(kinds(units).contains(UnitKind.QUESTION), describe(text, units));
  }

  @Test
  void interviewWithShortOneSentenceQuestions() {
    String text = """
        Interview With an Organiser

        How did the union respond to the invasion?

        We organised shelters within days. Members drove supplies east.

        What do you expect from the Western left?

        Solidarity, not lectures. Send aid to the unions directly.
        """;
    List<Unit> units = segmenter.segment(text);
    assertEquals(List.of(UnitKind.TITLE, UnitKind.QUESTION, UnitKind.ANSWER, UnitKind.QUESTION, UnitKind.ANSWER),
        kinds(units), describe(text, units));
  }

  @Test
  void explicitQuestionAndAnswerMarkers() {
    String text = """
        Q: Who founded the network?

        A: A group of nurses and miners in 2014.

        Q: Is it still active?

        A: Yes, in twelve cities. It keeps growing.
        """;
    List<Unit> units = segmenter.segment(text);
    assertEquals(List.of(UnitKind.QUESTION, UnitKind.ANSWER, UnitKind.QUESTION, UnitKind.ANSWER), kinds(units),
        describe(text, units));
    assertEquals(List.of("Who founded the network?", "A group of nurses and miners in 2014.", "Is it still active?",
        "Yes, in twelve cities. It keeps growing."), texts(text, units), "the markers are not part of the units");
    assertEquals(List.of("Yes, in twelve cities.", "It keeps growing."), sentences(text, units.get(3)));
  }

  @Test
  void anAnswerMarkerWithoutAQuestionIsAParagraph() {
    String text = "A: this line only looks like an answer. There was no question.";
    List<Unit> units = segmenter.segment(text);
    assertEquals(List.of(UnitKind.PARAGRAPH), kinds(units), describe(text, units));
  }

  // ---- (d) comments -----------------------------------------------------------------------------------------------

  private static final String COMMENTS = """
      Thoughts on the Peace Talks

      The talks in Istanbul collapsed within weeks. Nobody knows exactly why.

      3 Comments

      Anna says:

      I think the West pushed Kyiv away from the table.

      Boris says:

      That is a myth. Russia kept shelling during the talks.
      And it never withdrew.

      Carla on March 3, 2023 at 10:14

      Both of you should read the leaked drafts.
      """;

  @Test
  void commentHeadersMakeCommentUnitsWithAuthors() {
    List<Unit> units = segmenter.segment(COMMENTS);
    assertEquals(List.of(UnitKind.TITLE, UnitKind.PARAGRAPH, UnitKind.COMMENT, UnitKind.COMMENT, UnitKind.COMMENT),
        kinds(units), describe(COMMENTS, units));
    assertEquals("Anna", units.get(2).author());
    assertEquals("I think the West pushed Kyiv away from the table.", units.get(2).span().of(COMMENTS));
    assertEquals("Boris", units.get(3).author());
    assertEquals(List.of("That is a myth.", "Russia kept shelling during the talks.", "And it never withdrew."),
        sentences(COMMENTS, units.get(3)));
    assertEquals("Carla", units.get(4).author());
    assertEquals("March 3, 2023 at 10:14", units.get(4).date());
    assertNull(units.get(1).author());
  }

  @Test
  void commentHeadersAndSectionMarkersAreNotUnits() {
    List<Unit> units = segmenter.segment(COMMENTS);
    for (String furniture : List.of("3 Comments", "Anna says:", "Boris says:", "Carla on March 3")) {
      int at = COMMENTS.indexOf(furniture);
      for (Unit u : units) {
        assertFalse(u.span().start() <= at && at < u.span().end(),
            "'" + furniture + "' must not be inside unit " + u.id() + describe(COMMENTS, units));
      }
    }
  }

  @Test
  void paragraphsAfterACommentsMarkerAreComments() {
    String text = "Article body here. It makes a point.\n\nComments\n\nFirst reply without a header.\n";
    List<Unit> units = segmenter.segment(text);
    assertEquals(List.of(UnitKind.PARAGRAPH, UnitKind.COMMENT), kinds(units), describe(text, units));
    assertNull(units.get(1).author());
  }

  @Test
  void commentHeaderDirectlyAboveTheCommentText() {
    String text = "Article title\n\nSome paragraph of text here. Another one.\n\n2 Comments\n\n"
        + "Anna says:\nMay 1, 2023 at 10:14 am\nI think the West pushed Kyiv.\n";
    List<Unit> units = segmenter.segment(text);
    Unit last = units.get(units.size() - 1);
    assertEquals(UnitKind.COMMENT, last.kind(), describe(text, units));
    assertEquals("Anna", last.author(), describe(text, units));
    assertEquals("I think the West pushed Kyiv.", last.span().of(text), describe(text, units));
  }

  // ---- (e) Markdown -----------------------------------------------------------------------------------------------

  @Test
  void markdownHeadingsAreTitlesWithoutTheirHashes() {
    String text = "# The Case for Solidarity\n\nSome text here. More text.\n\n## Second Heading ##\n\nFinal words.\n";
    List<Unit> units = segmenter.segment(text, List.of(), List.of(), true);
    assertEquals(List.of(UnitKind.TITLE, UnitKind.PARAGRAPH, UnitKind.TITLE, UnitKind.PARAGRAPH), kinds(units),
        describe(text, units));
    assertEquals("The Case for Solidarity", units.get(0).span().of(text));
    assertEquals(2, units.get(0).span().start());
    assertEquals("Second Heading", units.get(2).span().of(text));
    assertEquals(List.of("Second Heading"), sentences(text, units.get(2)));
    for (Unit u : units) {
      assertFalse(u.span().of(text).contains("#"), u.id());
    }
  }

  @Test
  void hashesAreOrdinaryTextWhenMarkdownIsOff() {
    String text = "# Not a heading here\n\nSome text follows. It ends.\n";
    List<Unit> units = segmenter.segment(text);
    assertTrue(units.get(0).span().of(text).startsWith("#"), describe(text, units));
  }

  @Test
  void markdownRulesSeparateBlocks() {
    String text = "First paragraph ends here.\n---\nSecond paragraph ends here.\n";
    List<Unit> units = segmenter.segment(text, List.of(), List.of(), true);
    assertEquals(List.of("First paragraph ends here.", "Second paragraph ends here."), texts(text, units));
  }

  // ---- structural hints -------------------------------------------------------------------------------------------

  @Test
  void regionsWinOverGuessesAndFurnitureIsSkipped() {
    String text = "Main article text. It argues something.\n\nAnna\n\nFirst comment paragraph.\n\nSecond paragraph.";
    Span byline = new Span(text.indexOf("Anna"), text.indexOf("Anna") + 4);
    Span body = new Span(text.indexOf("First comment"), text.length());
    Span heading = new Span(0, text.indexOf("\n\n"));
    List<Unit> units = segmenter.segment(text,
        List.of(new Region(UnitKind.COMMENT, body, "Anna", "May 1, 2023"), new Region(UnitKind.TITLE, heading, null,
            null)), List.of(byline), false);
    assertEquals(List.of(UnitKind.TITLE, UnitKind.COMMENT), kinds(units), describe(text, units));
    Unit comment = units.get(1);
    assertEquals("Anna", comment.author());
    assertEquals("May 1, 2023", comment.date());
    assertEquals(body, comment.span(), "the comment's paragraphs form one unit");
    assertEquals(List.of("First comment paragraph.", "Second paragraph."), sentences(text, comment));
  }

  @Test
  void lineOfNonBreakingSpaceIsBlank() {
    String text = "Title\n\nPara one is here.\n\u00a0\nPara two is here.\n\n\u00a0\n\nPara three is here.";
    List<Unit> units = segmenter.segment(text);
    assertEquals(List.of("Title", "Para one is here.", "Para two is here.", "Para three is here."),
        texts(text, units), describe(text, units));
  }

  @Test
  void emptyAndBlankTextGiveNoUnits() {
    assertEquals(List.of(), segmenter.segment(""));
    assertEquals(List.of(), segmenter.segment(" \n\n\t \n"));
  }

  // ---- (f) random invariants --------------------------------------------------------------------------------------

  private static final String[] WORDS = {
    "the", "war", "Russia", "Ukraine", "NATO", "peace", "union", "Dr.", "Mr.", "J.", "U.S.", "e.g.", "says:",
    "Comments", "3 Comments", "Q:", "A:", "#", "##", "---", "labeled", "meme", "shows", "A", "An", "Anna", "Über",
    "naïve", "Київ", "війна", "中文", "東京", "😀", "👩‍👩‍👧", "e\u0301", "שלום", "مرحبا", "Zoë", "don't", "—", "–", "-",
    "…", "...", "[…]", "[...]", "[ … ]", "read more", "12", "2023", "May 1, 2023", "at", "10:14", "Reply", "\t",
    "(", ")", "«", "»", "\u00a0", "\u2003", "\u200b", "\r"
  };
  private static final String[] PUNCT = {
    ".", "?", "!", ",", ";", ":", "\"", "“", "”", "'", "’", "‘", "?!", "!!", ".\"", "?”", "…", " […]", ".)"
  };

  /** A random document of words, punctuation, line breaks, truncation marks, quotes and assorted Unicode. */
  static String randomDocument(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(150);
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(24);
      if (k < 11) {
        String w = WORDS[r.nextInt(WORDS.length)];
        sb.append(r.nextInt(8) == 0 ? w.toUpperCase(Locale.ROOT) : w);
      } else if (k < 15) {
        sb.append(PUNCT[r.nextInt(PUNCT.length)]);
      } else if (k < 17) {
        sb.append("\n\n");
      } else if (k < 18) {
        sb.append('\n');
      } else if (k < 19) {
        sb.append("  ");
      } else if (k < 20) {
        sb.appendCodePoint(r.nextBoolean() ? 0x20 + r.nextInt(0x2fe0) : 0x1F300 + r.nextInt(0x300));
      } else {
        sb.append(' ');
      }
      if (r.nextInt(3) > 0) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  static void assertInvariants(String text, List<Unit> units, String context) {
    int previousEnd = 0;
    int index = 0;
    for (Unit u : units) {
      index++;
      String where = context + ", unit " + u.id() + " " + u.kind() + " " + u.span();
      assertEquals("u" + index, u.id(), where);
      Span s = u.span();
      assertTrue(s.end() <= text.length(), "unit ends after the text: " + where);
      assertTrue(s.start() >= previousEnd, "unit overlaps or goes back before " + previousEnd + ": " + where);
      assertTrue(s.length() > 0, "empty unit: " + where);
      assertEquals(text.substring(s.start(), s.end()), s.of(text), where);
      assertFalse(u.sentences().isEmpty(), "unit without sentences: " + where);
      previousEnd = s.end();
      int last = s.start();
      for (Sentence sentence : u.sentences()) {
        Span q = sentence.span();
        String sw = where + ", sentence " + q;
        assertTrue(s.contains(q), "sentence outside its unit: " + sw);
        assertTrue(q.start() >= last, "sentence goes back before " + last + ": " + sw);
        assertTrue(q.length() > 0, "empty sentence: " + sw);
        String chars = q.of(text);
        assertEquals(text.substring(q.start(), q.end()), chars, sw);
        assertFalse(Character.isWhitespace(chars.charAt(0)), "sentence starts with whitespace: " + sw);
        assertFalse(Character.isWhitespace(chars.charAt(chars.length() - 1)), "sentence ends with whitespace: " + sw);
        last = q.end();
      }
    }
  }

  /** Outside Markdown, every non-blank character of a unit belongs to one of its sentences: no text is lost. */
  static void assertSentencesCoverUnits(String text, List<Unit> units, String context) {
    for (Unit u : units) {
      for (int i = u.span().start(); i < u.span().end(); i++) {
        if (Character.isWhitespace(text.charAt(i))) {
          continue;
        }
        final int at = i;
        if (u.sentences().stream().noneMatch(x -> x.span().start() <= at && at < x.span().end())) {
          fail("character " + at + " of unit " + u.id() + " " + u.kind() + " is in no sentence: " + context);
        }
      }
    }
  }

  @Test
  void randomDocumentsKeepAllSpanInvariants() {
    long seed = Long.getLong("stancemap.test.seed", 20240611L);
    Random master = new Random(seed);
    Locale[] locales = Locale.getAvailableLocales();
    Locale locale = locales[master.nextInt(locales.length)];
    Locale saved = Locale.getDefault();
    List<List<Unit>> plain = new ArrayList<>();
    List<String> docs = new ArrayList<>();
    List<Boolean> markdown = new ArrayList<>();
    for (int d = 0; d < 200; d++) {
      long docSeed = master.nextLong();
      Random r = new Random(docSeed);
      String text = randomDocument(r);
      boolean md = r.nextBoolean();
      String context = "seed=" + seed + " doc=" + d + " docSeed=" + docSeed + " markdown=" + md + " text="
          + text.replace("\n", "\\n");
      List<Unit> units = segmenter.segment(text, List.of(), List.of(), md);
      assertInvariants(text, units, context);
      if (!md) {
        assertSentencesCoverUnits(text, units, context);
      }
      docs.add(text);
      markdown.add(md);
      plain.add(units);
    }
    try {
      Locale.setDefault(locale);
      for (int d = 0; d < docs.size(); d++) {
        String text = docs.get(d);
        String context = "seed=" + seed + " doc=" + d + " locale=" + locale.toLanguageTag() + " text="
            + text.replace("\n", "\\n");
        List<Unit> units = segmenter.segment(text, List.of(), List.of(), markdown.get(d));
        assertInvariants(text, units, context);
        assertEquals(plain.get(d), units, "segmentation must not depend on the default locale: " + context);
      }
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void randomDocumentsSegmentIdenticallyUnderTurkishLocale() {
    long seed = Long.getLong("stancemap.test.seed", 20240611L) + 1;
    Random master = new Random(seed);
    Locale saved = Locale.getDefault();
    try {
      for (int d = 0; d < 50; d++) {
        String text = randomDocument(master) + "\n\nINTERVIEW QUESTIONS?\n\nI SAID:\n\nLEAVE A REPLY\n";
        Locale.setDefault(Locale.ROOT);
        List<Unit> root = segmenter.segment(text);
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        List<Unit> turkish = segmenter.segment(text);
        assertEquals(root, turkish, "seed=" + seed + " doc=" + d + " text=" + text.replace("\n", "\\n"));
      }
    } finally {
      Locale.setDefault(saved);
    }
  }
}
