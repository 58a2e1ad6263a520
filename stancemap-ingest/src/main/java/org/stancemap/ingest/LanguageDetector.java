package org.stancemap.ingest;

import java.io.IOException;
import java.io.InputStream;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.stancemap.ModelLoadException;

/**
 * Detects a document's language (ISO 639-3, 103 languages) with Apache OpenNLP's language model, shipped in the
 * {@code opennlp-models-langdetect} artifact. Texts with fewer than {@value #MIN_LETTERS} letters are {@code und}:
 * too short to tell. Loads its model once; {@link #detect} is thread-safe.
 */
public final class LanguageDetector {
  static final int MIN_LETTERS = 20;
  private static final int SAMPLE = 8000;
  private final LanguageDetectorModel model;

  public LanguageDetector() {
    try (InputStream in = LanguageDetector.class.getResourceAsStream("/langdetect-183.bin")) {
      if (in == null) {
        throw new ModelLoadException("the language model langdetect-183.bin (opennlp-models-langdetect) is not on "
            + "the classpath");
      }
      model = new LanguageDetectorModel(in);
    } catch (IOException e) {
      throw new ModelLoadException("cannot load the language model: " + e.getMessage(), e);
    }
  }

  /** The ISO 639-3 code of the text's language, or {@code und}. */
  public String detect(String text) {
    String sample = text.length() > SAMPLE ? text.substring(0, SAMPLE) : text;
    long letters = sample.chars().filter(Character::isLetter).count();
    if (letters < MIN_LETTERS) {
      return "und";
    }
    // LanguageDetectorME keeps no state between calls, but is cheap to create; one per call keeps this thread-safe.
    Language best = new LanguageDetectorME(model).predictLanguage(sample);
    return best == null ? "und" : best.getLang();
  }
}
