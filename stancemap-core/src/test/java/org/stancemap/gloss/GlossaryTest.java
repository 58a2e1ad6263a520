package org.stancemap.gloss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancemap.text.Span;

class GlossaryTest {
  private static final List<String> GERMAN = List.of(
      "# Stancemap glossary: test German (deu) to English, version 0.3. Written for this test.",
      "wir\twe", "lehnen\treject", "den\tthe", "die\tthe", "ab\toff", "nicht\tnot", "krieg\twar",
      "angriff\tattack", "waffen\tweapons", "lieferungen\tdeliveries", "regierung\tgovernment",
      "nato\tNATO", "russland\tRussia", "russisch*\tRussian", "weder washington noch moskau\tneither Washington nor Moscow",
      "der westen\tthe West", "militärische spezialoperation\tspecial military operation", "ost\teast",
      "erweiterung\texpansion", "usa\tUSA", "und\tand");
  private static final List<String> FRENCH = List.of(
      "# Stancemap glossary: test French (fra) to English, version 1.0.",
      "l'\tthe", "d'\tof", "otan\tNATO", "ukraine\tUkraine", "aujourd'hui\ttoday", "guerre\twar", "non\tno",
      "à\tto", "la\tthe", "ee.uu.\tUS", "l'europe de l'est\tEastern Europe");

  private final Glossary deu = Glossary.parse("deu", "test", GERMAN);
  private final Glossary fra = Glossary.parse("fra", "test", FRENCH);

  @Test
  void wordsStemsAndFixedExpressionsAreGlossed() {
    assertEquals("we reject the war off", deu.gloss("Wir lehnen den Krieg ab").english());
    assertEquals("the Russian government", deu.gloss("die russische Regierung").english());
    assertEquals("neither Washington nor Moscow!", deu.gloss("Weder Washington noch Moskau!").english());
    assertEquals("the West and the special military operation",
        deu.gloss("Der Westen und die „militärische Spezialoperation“").english()
            .replace("\u201C", "").replace("\u201D", ""));
    assertEquals("0.3", deu.version());
    assertEquals(GERMAN.size() - 1, deu.size());
    assertEquals(new Span(4, 4), deu.gloss("Die Regierung").toSource(4, 4));
  }

  @Test
  void germanCompoundsAreSplitIntoKnownPartsWithALinkingElement() {
    assertEquals("weapons deliveries", deu.gloss("Waffenlieferungen").english());
    assertEquals("attack war", deu.gloss("Angriffskrieg").english());
    assertEquals("NATO east expansion", deu.gloss("NATO-Osterweiterung").english());
    assertEquals("Spezialkrieger", fra.gloss("Spezialkrieger").english(), "French does not split compounds");
  }

  @Test
  void elisionsAbbreviationsAndUnknownWordsAreReadAsWritten() {
    assertEquals("no to the war of the NATO today", fra.gloss("Non à la guerre de l'OTAN aujourd'hui")
        .english().replace("de ", "of "));
    assertEquals("the NATO", fra.gloss("l\u2019OTAN").english());
    assertEquals("US", fra.gloss("EE.UU.").english());
    assertEquals("Eastern Europe", fra.gloss("l'Europe de l'Est").english());
    Glossed g = deu.gloss("Wir lehnen Selenskyj nicht ab");
    assertEquals("we reject Selenskyj not off", g.english());
    assertEquals(5, g.words());
    assertEquals(4, g.known());
    assertEquals(0.8, g.coverage(), 1e-9);
  }

  @Test
  void typographicQuotesBecomeEnglishQuotes() {
    assertEquals("\u201Cwar\u201D", fra.gloss("\u00ABguerre\u00BB").english());
    assertEquals("\u201Cwar\u201C", deu.gloss("\u201EKrieg\u201C").english());
  }

  @Test
  void aSpanOfTheEnglishReadingMapsToTheSourceWordsItCameFrom() {
    String source = "Die russische Regierung, weder Washington noch Moskau.";
    Glossed g = deu.gloss(source);
    int at = g.english().indexOf("Russian government");
    Span s = g.toSource(at, at + "Russian government".length());
    assertEquals("russische Regierung", s.of(source));
    int w = g.english().indexOf("Washington");
    assertEquals("weder Washington noch Moskau", g.toSource(w, w + 3).of(source),
        "a part of a fixed expression maps to the whole expression");
    assertEquals(new Span(0, 0), g.toSource(0, 0));
    assertThrows(IllegalArgumentException.class, () -> g.toSource(0, g.english().length() + 1));
  }

  @Test
  void randomTextsAreCoveredPieceByPieceAndEverySpanMapsInsideTheSource() {
    Random random = new Random(20261207L);
    String[] pool = {"Krieg", "krieg", "Waffen", "Selenskyj", "die", "Osterweiterung", "NATO-Osterweiterung",
        "weder", "Washington", "noch", "Moskau", "l'OTAN", "EE.UU.", "12", "ü", "„", "“", ",", ".", "!", "—", "\n",
        "  ", "'", "-", "Russlands", "russisches", "ab"};
    for (int round = 0; round < 500; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(25);
      for (int i = 0; i < n; i++) {
        b.append(pool[random.nextInt(pool.length)]);
        if (random.nextInt(3) > 0) {
          b.append(' ');
        }
      }
      String source = b.toString();
      for (Glossary glossary : List.of(deu, fra)) {
        Glossed g = glossary.gloss(source);
        int src = 0;
        int eng = 0;
        StringBuilder english = new StringBuilder();
        for (Glossed.Piece p : g.pieces()) {
          assertEquals(src, p.sourceStart(), "pieces cover the source without gaps: " + source);
          assertEquals(eng, p.englishStart(), "pieces cover the reading without gaps: " + source);
          assertTrue(p.sourceEnd() > p.sourceStart(), "every piece holds source characters");
          english.append(g.english(), p.englishStart(), p.englishEnd());
          src = p.sourceEnd();
          eng = p.englishEnd();
        }
        assertEquals(source.length(), src);
        assertEquals(g.english(), english.toString());
        assertTrue(g.known() <= g.words());
        for (int k = 0; k < 5 && !g.english().isEmpty(); k++) {
          int a = random.nextInt(g.english().length());
          int e = a + random.nextInt(g.english().length() - a + 1);
          Span s = g.toSource(a, e);
          assertTrue(s.end() <= source.length(), "mapped span inside the source");
        }
      }
    }
  }

  @Test
  void badGlossaryLinesNameTheLineAndWhatToFix() {
    var dup = assertThrows(IllegalArgumentException.class,
        () -> Glossary.parse("deu", "g.tsv", List.of("krieg\twar", "Krieg\twars")));
    assertTrue(dup.getMessage().contains("g.tsv line 2") && dup.getMessage().contains("line 1"), dup.getMessage());
    var tab = assertThrows(IllegalArgumentException.class, () -> Glossary.parse("deu", "g.tsv", List.of("krieg war")));
    assertTrue(tab.getMessage().contains("exactly one tab"), tab.getMessage());
    var stem = assertThrows(IllegalArgumentException.class, () -> Glossary.parse("deu", "g.tsv", List.of("kr*\twar")));
    assertTrue(stem.getMessage().contains("stem"), stem.getMessage());
    var empty = assertThrows(IllegalArgumentException.class, () -> Glossary.parse("deu", "g.tsv", List.of("# x")));
    assertTrue(empty.getMessage().contains("no 'source<TAB>english' entries"), empty.getMessage());
  }

  @Test
  void aGlossaryFileIsNamedAfterItsLanguage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path nld = dir.resolve("nld.tsv");
    java.nio.file.Files.writeString(nld, "oorlog\twar\n", java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("nld", Glossary.load(nld).language());
    java.nio.file.Path named = dir.resolve("dutch.tsv");
    java.nio.file.Files.writeString(named, "oorlog\twar\n", java.nio.charset.StandardCharsets.UTF_8);
    var e = assertThrows(IllegalArgumentException.class, () -> Glossary.load(named));
    assertTrue(e.getMessage().contains("ISO 639-3") && e.getMessage().contains("'dutch'"), e.getMessage());
  }

  @Test
  void onlyLanguagesWithAShippedGlossaryHaveOne() {
    assertFalse(Glossary.shipped("xyz").isPresent());
    assertFalse(Glossary.shipped("../etc").isPresent());
    assertFalse(Glossary.shipped(null).isPresent());
  }
}
