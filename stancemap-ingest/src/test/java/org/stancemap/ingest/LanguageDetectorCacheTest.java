package org.stancemap.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import opennlp.tools.langdetect.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The language model's fast layout kept in a cache folder: the same answers, and damage that heals. */
class LanguageDetectorCacheTest {
  /** The sample texts, plus seeded random slices and mixtures of them (some with emoji, outside the fast path). */
  static List<String> texts() {
    List<String> out = new ArrayList<>(LanguageDetectorTest.TEXTS);
    Random r = new Random(7);
    String all = String.join(" ", LanguageDetectorTest.TEXTS);
    for (int i = 0; i < 200; i++) {
      int a = r.nextInt(all.length());
      int b = Math.min(all.length(), a + 20 + r.nextInt(120));
      String t = all.substring(a, b);
      out.add(r.nextInt(10) == 0 ? t + " \uD83D\uDE00" : t);
    }
    return out;
  }

  @Test
  void theBytesGiveBackTheSameModel() {
    NGramLanguageModel model = new NGramLanguageModel(LanguageDetectorTest.readGis());
    byte[] bytes = model.toBytes();
    NGramLanguageModel back = NGramLanguageModel.fromBytes(bytes);
    assertArrayEquals(bytes, back.toBytes());
    for (String t : texts()) {
      assertSame(model.languages(t), back.languages(t), t);
      assertEquals(model.best(t), back.best(t), t);
    }
  }

  @Test
  void aStartFromTheCacheAnswersAsAStartWithout(@TempDir Path dir) throws IOException {
    LanguageDetector first = new LanguageDetector(dir);
    assertEquals("eng", first.detect(LanguageDetectorTest.TEXTS.get(0))); // waits for the load, which writes
    Path file = LanguageDetector.cacheFile(dir);
    assertTrue(Files.isRegularFile(file), "the cache file is written");
    byte[] written = Files.readAllBytes(file);
    var stamp = Files.getLastModifiedTime(file);

    LanguageDetector cached = new LanguageDetector(dir);
    LanguageDetector plain = new LanguageDetector();
    for (String t : texts()) {
      assertEquals(plain.detect(t), cached.detect(t), t);
      assertSame(plain.languages(t), cached.languages(t), t);
    }
    assertEquals(stamp, Files.getLastModifiedTime(file), "read, not written again");
    assertArrayEquals(written, Files.readAllBytes(file));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList(), "no temporary file left");
    }
  }

  @Test
  void aDamagedCacheIsReplaced(@TempDir Path dir) throws IOException {
    new LanguageDetector(dir).detect(LanguageDetectorTest.TEXTS.get(0));
    Path file = LanguageDetector.cacheFile(dir);
    byte[] good = Files.readAllBytes(file);
    List<byte[]> damaged = List.of(
        Arrays.copyOf(good, good.length / 2), // truncated
        flip(good, good.length - 3), // one byte changed
        "not a cache".getBytes(StandardCharsets.US_ASCII),
        new byte[0]);
    for (byte[] bad : damaged) {
      Files.write(file, bad);
      LanguageDetector d = new LanguageDetector(dir);
      assertEquals("deu", d.detect(LanguageDetectorTest.TEXTS.get(1)));
      assertArrayEquals(good, Files.readAllBytes(file), "the damaged file was replaced");
    }
  }

  @Test
  void bytesThatAreNotAModelAreRefusedWithAReason() {
    byte[] good = new NGramLanguageModel(LanguageDetectorTest.readGis()).toBytes();
    assertTrue(message(flip(good, 0)).contains("not a language model cache"));
    assertTrue(message(flip(good, 40)).contains("checksum"));
    assertTrue(message(Arrays.copyOf(good, 10)).contains("truncated"));
  }

  private static String message(byte[] bytes) {
    String m = assertThrows(IllegalArgumentException.class, () -> NGramLanguageModel.fromBytes(bytes)).getMessage();
    assertNotNull(m);
    return m;
  }

  private static byte[] flip(byte[] b, int at) {
    byte[] c = b.clone();
    c[at] ^= 0x5a;
    return c;
  }

  private static void assertSame(Language[] a, Language[] b, String text) {
    if (a == null || b == null) {
      assertEquals(a == null, b == null, text);
      return;
    }
    assertEquals(a.length, b.length, text);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i].getLang(), b[i].getLang(), text);
      assertEquals(a[i].getConfidence(), b[i].getConfidence(), 0.0, text);
    }
  }
}
