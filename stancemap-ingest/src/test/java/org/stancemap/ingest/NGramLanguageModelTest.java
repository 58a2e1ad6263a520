package org.stancemap.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import opennlp.tools.langdetect.Language;
import opennlp.tools.util.normalizer.AggregateCharSequenceNormalizer;
import opennlp.tools.util.normalizer.CharSequenceNormalizer;
import opennlp.tools.util.normalizer.EmojiCharSequenceNormalizer;
import opennlp.tools.util.normalizer.NumberCharSequenceNormalizer;
import opennlp.tools.util.normalizer.ShrinkCharSequenceNormalizer;
import opennlp.tools.util.normalizer.TwitterCharSequenceNormalizer;
import opennlp.tools.util.normalizer.UrlCharSequenceNormalizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link NGramLanguageModel} against OpenNLP itself, on seeded random texts built to trip every normaliser. */
class NGramLanguageModelTest {
  private static final CharSequenceNormalizer OPENNLP = new AggregateCharSequenceNormalizer(
      EmojiCharSequenceNormalizer.getInstance(), UrlCharSequenceNormalizer.getInstance(),
      TwitterCharSequenceNormalizer.getInstance(), NumberCharSequenceNormalizer.getInstance(),
      ShrinkCharSequenceNormalizer.getInstance());

  /** Pieces the normalisers' patterns look at, and ordinary words in several scripts around them. */
  private static final List<String> PIECES = List.of(
      "a", "e", "i", "o", "u", "A", "O", "h", "j", "H", "J", "x", "X", ":", ";", "-", "(", ")", "d", "D", "p", "P",
      "r", "t", "R", "T", "rt ", "RT:", " rt ", "_", "#", "@", "0", "7", "42", " ", "  ", "\t", "\n", "\r", "\u000B",
      "\f", "\u0085", "\u2028", "\u00A0", "\u0301", "é", "É", "ß", "İ", "ı", "Σ", "ς", "К", "к", "ǅ", "aaa", "AaA",
      "!!!", "haha", "JAJAJA", "hehe", "xD", ":-)", ";p", "http://ex.org/a?b=1", "https://x", "me@mail.org",
      "@user", "#tag", "\uFF0C", "\u3002", "\uE000", "\uFFFD", "\uD7FF", "--", "the war ", "Krieg und Frieden ",
      "війна ", "la guerre ", "expert ", "start: ", "art ", "X-P", "x-", ":-", "xp", ";-(", "xxp");

  static LanguageDetector detector;

  @BeforeAll
  static void load() {
    detector = new LanguageDetector();
  }

  private static String randomText(Random r, int pieces) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(pieces + 1);
    for (int i = 0; i < n; i++) {
      b.append(PIECES.get(r.nextInt(PIECES.size())));
    }
    return b.toString();
  }

  @Test
  void normalisationIsOpenNlpsOnSeededRandomTexts() {
    Random r = new Random(20261203);
    int twitterSkipped = 0;
    for (int i = 0; i < 20_000; i++) {
      String t = randomText(r, 40);
      assertEquals(OPENNLP.normalize(t).toString(), NGramLanguageModel.normalise(t), () -> "text: " + escape(t));
      if (!NGramLanguageModel.needsOpenNlpTwitter(t)) {
        twitterSkipped++;
        assertEquals(TwitterCharSequenceNormalizer.getInstance().normalize(t).toString(), NGramLanguageModel.faces(t),
            () -> "skipped, but the Twitter normaliser does more than remove emoticons: " + escape(t));
      }
    }
    assertTrue(twitterSkipped > 500, "too few texts exercise the skip: " + twitterSkipped);
  }

  @Test
  void emojiNumbersAndShrinkMatchOpenNlpOnTheirOwn() {
    Random r = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      String t = randomText(r, 30);
      assertEquals(EmojiCharSequenceNormalizer.getInstance().normalize(t).toString(), NGramLanguageModel.emoji(t));
      assertEquals(NumberCharSequenceNormalizer.getInstance().normalize(t).toString(), NGramLanguageModel.numbers(t));
      assertEquals(ShrinkCharSequenceNormalizer.getInstance().normalize(t).toString(), NGramLanguageModel.shrink(t),
          () -> "text: " + escape(t));
    }
  }

  @Test
  void languagesAreOpenNlpsUpToRounding() {
    Random r = new Random(42);
    for (int i = 0; i < 1_500; i++) {
      String t = i < LanguageDetectorTest.TEXTS.size() ? LanguageDetectorTest.TEXTS.get(i) : randomText(r, 60);
      Language[] fast = detector.languages(t);
      Language[] open = detector.openNlpLanguages(t);
      assertEquals(open.length, fast.length);
      assertEquals(open[0].getLang(), fast[0].getLang(), () -> "text: " + escape(t));
      if (t.chars().filter(Character::isLetter).count() >= LanguageDetector.MIN_LETTERS) {
        assertEquals(open[0].getLang(), detector.detect(t), () -> "text: " + escape(t));
      }
      for (int k = 0; k < open.length; k++) {
        assertEquals(open[k].getConfidence(), fast[k].getConfidence(), 1e-12, () -> "text: " + escape(t));
      }
    }
  }

  @Test
  void longTextsPickOpenNlpsLanguageEvenWhereItsSumsOverflow() {
    Random r = new Random(99);
    String[] words = {"the war ", "Krieg und Frieden ", "la guerre ", "війна і мир ", "la guerra ", "wojna "};
    for (int i = 0; i < 60; i++) {
      StringBuilder b = new StringBuilder();
      String main = words[i % words.length];
      while (b.length() < 200 + 130 * i) {
        b.append(r.nextInt(5) == 0 ? words[r.nextInt(words.length)] : main);
      }
      String t = b.toString();
      assertEquals(detector.openNlpLanguages(t.length() > 8000 ? t.substring(0, 8000) : t)[0].getLang(),
          detector.detect(t), () -> "text: " + escape(t));
    }
  }

  @Test
  void textsOutsideTheFastPathGoToOpenNlpUnchanged() {
    String emoji = "Slava Ukraini \uD83C\uDDFA\uD83C\uDDE6 and the whole left should say it loudly";
    NGramLanguageModel fast = new NGramLanguageModel(LanguageDetectorTest.readGis());
    assertNull(fast.languages(emoji));
    assertTrue(fast.languages(LanguageDetectorTest.TEXTS.get(0)) != null, "plain text takes the fast path");
    Language[] viaDetector = detector.languages(emoji);
    Language[] open = detector.openNlpLanguages(emoji);
    for (int k = 0; k < open.length; k++) {
      assertEquals(open[k].getLang(), viaDetector[k].getLang());
      assertEquals(open[k].getConfidence(), viaDetector[k].getConfidence(), 0.0);
    }
    assertEquals("eng", detector.detect(emoji));
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\u%04X", (int) c));
    }
    return b.toString();
  }
}
