package org.stancemap.codebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancemap.text.Span;

class MentionsTest {
  private static Mentions builtin;
  private static Mentions tiny;

  @BeforeAll
  static void load() {
    builtin = new Mentions(CodebookLoader.builtin("ru-ua-left"));
    tiny = new Mentions(TinyCodebook.load());
  }

  private static List<String> targets(Mentions m, String text) {
    return m.targets(text, new Span(0, text.length())).stream().map(x -> x.span().of(text)).toList();
  }

  @Test
  void aliasesMatchCaseInsensitively() {
    assertEquals(List.of("RUSSIA", "putin", "KrEmLiN"), targets(tiny, "RUSSIA and putin and the KrEmLiN."));
  }

  @Test
  void shortCapitalAcronymsMatchOnlyAsWritten() {
    // "US" is the United States only in capitals: the pronoun is no mention, whatever its case
    assertEquals(List.of("US", "EU", "UK"), targets(builtin, "Let us see: US troops, the EU and the UK disagree."));
    assertEquals(List.of(), targets(builtin, "Tell us, Us and us again; eu and uk in lower case."));
    // longer acronyms keep matching in any case ("Nato" in British style)
    assertEquals(List.of("Nato", "NATO", "USA"), targets(builtin, "Nato, NATO and the USA."));
    assertTrue(Mentions.isAcronym("US") && Mentions.isAcronym("SMO") && !Mentions.isAcronym("NATO")
        && !Mentions.isAcronym("Us") && !Mentions.isAcronym("U.S."));
  }

  @Test
  void aPhraseListedUnderTwoTargetsIsAMentionOfEach() {
    String text = "This is an inter-imperialist war.";
    List<String> ids = builtin.targets(text, new Span(0, text.length())).stream().map(Mentions.Mention::id)
        .sorted().toList();
    assertEquals(List.of("russia", "west"), ids);
  }

  @Test
  void possessivesAndPluralsMatch() {
    String text = "Putin's war, the Putins of this world, Putin’s aides, Russians and Russia's neighbours.";
    assertEquals(List.of("Putin's", "Putins", "Putin’s", "Russians", "Russia's"), targets(builtin, text));
    assertEquals(List.of("Putin's", "Putins", "Putin’s", "Russians", "Russia's"), targets(tiny, text));
  }

  @Test
  void aliasesDoNotMatchInsideOtherWords() {
    assertEquals(List.of(), targets(builtin, "Prussia, Russiagate, Belarussian and unputinlike are other words."));
    assertEquals(List.of(), targets(tiny, "Prussia and Kremlinology"));
    assertEquals(List.of("Russia"), targets(tiny, "Prussia is not Russia."));
  }

  @Test
  void multiWordAliasesAllowAnyWhitespaceAndWinOverShorterOnes() {
    String text = "The Russian\n  Federation said so.";
    List<Mentions.Mention> found = tiny.targets(text, new Span(0, text.length()));
    assertEquals(1, found.size(), found.toString());
    assertEquals("Russian\n  Federation", found.get(0).span().of(text));
  }

  @Test
  void impliedPhrasesAreFlaggedImplied() {
    String text = "Russia denied it, but the invaders shelled the town again.";
    List<Mentions.Mention> found = builtin.targets(text, new Span(0, text.length()));
    assertEquals(2, found.size(), found.toString());
    assertEquals("Russia", found.get(0).span().of(text));
    assertFalse(found.get(0).implied());
    assertEquals("the invaders", found.get(1).span().of(text));
    assertTrue(found.get(1).implied());
    assertEquals("russia", found.get(1).id());
  }

  @Test
  void mentionsAreInTextOrderAndInsideTheSpan() {
    String text = "Kyiv first. Then Russia. Then Ukraine. Then Putin.";
    Span span = new Span(text.indexOf("Then"), text.indexOf("Then Putin"));
    List<Mentions.Mention> found = tiny.targets(text, span);
    assertEquals(List.of("russia", "ukraine"), found.stream().map(Mentions.Mention::id).toList());
    for (Mentions.Mention m : found) {
      assertTrue(span.contains(m.span()), m.toString());
    }
  }

  @Test
  void wordBoundariesLookOutsideTheSpan() {
    String text = "Prussia";
    assertEquals(List.of(), tiny.targets(text, new Span(1, text.length())), "'russia' inside 'Prussia' is no mention");
  }

  @Test
  void actorsResolveOverlapsToTheLongestMention() {
    String text = "President Putin met Vladimir Putin's cabinet; Putin left.";
    List<String> actors = tiny.actors(text, new Span(0, text.length())).stream().map(m -> m.span().of(text)).toList();
    assertEquals(List.of("President Putin", "Vladimir Putin's", "Putin"), actors);
  }

  @Test
  void prefilteredScanFindsExactlyWhatThePlainRegexFinds() {
    // Seeded random texts mixing aliases (in odd cases, glued to letters, digits and punctuation, with curly
    // apostrophes and characters whose case folding is unusual) with filler; every random span must give the
    // same matches, pattern by pattern, as Matcher.find() over the span.
    String[] pieces = {"Russia", "RUSSIA'S", "russians", "Putin", "putin’s", "Kremlin", "Ukraine", "Kyiv", "the West",
        "NATO", "the Western left", "the left", "Zelensky", "Moscow", "the invaders", "Washington", "Russian\n Federation",
        "Prussia", "unputinlike", "x", "9", "-", "'", "’", " ", "  ", "\n", ".", ",", "İ", "ß", "K", "ǅ", "𝐀", "é",
        "and", "of", "sides with", "ǆRussia", "1NATO", "NATO2", "Ukraine’", "Kyivs", "_", "«", "»", "the\tWestern  left", "the\u00a0West",
        "the Western\nleft", "the Kremlin’s", "THE WEST'S", "the", "Western", "left", "\t", "\u000b"};
    Random random = new Random(20261201L);
    for (Mentions m : List.of(builtin, tiny)) {
      for (int round = 0; round < 3000; round++) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(14);
        for (int i = 0; i < n; i++) {
          String p = pieces[random.nextInt(pieces.length)];
          sb.append(random.nextInt(4) == 0 ? p.toUpperCase(Locale.ROOT) : p);
          if (random.nextBoolean()) {
            sb.append(' ');
          }
        }
        String text = sb.toString();
        int a = random.nextInt(text.length() + 1);
        int b = a + random.nextInt(text.length() - a + 1);
        Span span = random.nextInt(3) == 0 ? new Span(0, text.length()) : new Span(a, b);
        assertEquals(m.scanWithRegexOnly(text, span), m.scanAll(text, span), () -> "text '" + text + "', " + span);
        List<List<Mentions.Mention>> both = m.both(text, span);
        assertEquals(m.targets(text, span), both.get(0));
        assertEquals(m.actors(text, span), both.get(1));
      }
    }
  }

  @Test
  void foldIsTheRegexFoldForEveryChar() {
    for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
      char ch = (char) c;
      assertEquals(Character.toLowerCase(Character.toUpperCase(ch)), Mentions.fold(ch), "U+" + Integer.toHexString(c));
    }
  }
}
