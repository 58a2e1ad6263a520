package org.stancemap.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipInputStream;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LanguageDetectorTest {
  static LanguageDetector fast;
  static LanguageDetectorModel reference;

  @BeforeAll
  static void load() throws IOException {
    fast = new LanguageDetector();
    try (InputStream in = LanguageDetector.class.getResourceAsStream(LanguageDetector.RESOURCE)) {
      reference = new LanguageDetectorModel(in); // OpenNLP's own reader
    }
  }

  static final List<String> TEXTS = List.of(
      "The war in Ukraine is a war of aggression, and the left must say so without hedging.",
      "Der Krieg in der Ukraine ist ein Angriffskrieg, sagte sie gestern in Berlin vor der Presse.",
      "La guerre en Ukraine est une guerre d'agression ; la gauche doit le dire clairement.",
      "La guerra en Ucrania es una guerra de agresión, y la izquierda debe decirlo sin rodeos.",
      "Війна в Україні є загарбницькою війною, і ліві мають це визнати.",
      "Война на Украине — это агрессивная война, и левые должны это признать.",
      "Wojna w Ukrainie jest wojną napastniczą i lewica musi to powiedzieć.",
      "乌克兰战争是一场侵略战争，左派必须明确这一点。",
      "Short text 123 !!! ??? http://example.org #tag @user",
      "NATO NATO NATO Putin Putin Kyiv Kyiv Moscow");

  @Test
  void fastReaderGivesExactlyOpenNlpsProbabilities() {
    for (String t : TEXTS) {
      Language[] a = fast.openNlpLanguages(t);
      Language[] b = new LanguageDetectorME(reference).predictLanguages(t);
      assertEquals(b.length, a.length, t);
      for (int i = 0; i < a.length; i++) {
        assertEquals(b[i].getLang(), a[i].getLang(), t);
        assertEquals(b[i].getConfidence(), a[i].getConfidence(), 0.0, t);
      }
    }
  }

  /** The shipped model read by {@link GisReader}. */
  static opennlp.tools.ml.maxent.GISModel readGis() {
    try (InputStream in = LanguageDetector.class.getResourceAsStream(LanguageDetector.RESOURCE);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals("langdetect.model")) {
          return GisReader.read(zip.readAllBytes());
        }
      }
      throw new IllegalStateException("no langdetect.model in " + LanguageDetector.RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void detectsLanguagesAndShortTextIsUndetermined() {
    assertEquals("eng", fast.detect(TEXTS.get(0)));
    assertEquals("deu", fast.detect(TEXTS.get(1)));
    assertEquals("fra", fast.detect(TEXTS.get(2)));
    assertEquals("ukr", fast.detect(TEXTS.get(4)));
    assertEquals("und", fast.detect("Too short."));
  }

  @Test
  void malformedModelsAreRefusedWithAReason() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("Perceptron");
    }
    IOException e = assertThrows(IOException.class, () -> GisReader.read(bytes.toByteArray()));
    assertTrue(e.getMessage().contains("GIS"), e.getMessage());
    byte[] truncated = Arrays.copyOf(bytes.toByteArray(), 5);
    assertThrows(IOException.class, () -> GisReader.read(truncated));
  }
}
