package org.stancemap.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorFactory;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import opennlp.tools.ml.maxent.GISModel;
import org.stancemap.ModelLoadException;

/**
 * Detects a document's language (ISO 639-3, 103 languages) with Apache OpenNLP's language model, shipped in the
 * {@code opennlp-models-langdetect} artifact. Texts with fewer than {@value #MIN_LETTERS} letters are {@code und}:
 * too short to tell. {@link #detect} is thread-safe.
 *
 * <p>Design decision: the model (14 MB of maxent parameters) is read on a background thread that starts in the
 * constructor, so that it loads while the embedding model and the codebook do; the first {@link #detect} waits for
 * it. It is read by {@link GisReader}, which builds the same {@link GISModel} as OpenNLP's own reader from the
 * same bytes, several times faster: OpenNLP reads the compressed entry eight bytes per inflater call and parses
 * its outcome patterns with a {@code StringTokenizer}. {@code LanguageDetectorTest} checks that both give
 * identical probabilities. Detection itself runs through {@link NGramLanguageModel}, the same model and
 * computation without OpenNLP's per-call allocations (the same language; texts with emoji go to OpenNLP).
 */
public final class LanguageDetector {
  static final int MIN_LETTERS = 20;
  private static final int SAMPLE = 8000;
  static final String RESOURCE = "/langdetect-183.bin";
  private static final String ENTRY = "langdetect.model";
  private final CompletableFuture<Loaded> model;

  /** OpenNLP's model and the same model laid out for {@link NGramLanguageModel}. */
  private record Loaded(LanguageDetectorModel openNlp, NGramLanguageModel fast) { }

  public LanguageDetector() {
    if (LanguageDetector.class.getResource(RESOURCE) == null) {
      throw new ModelLoadException("the language model langdetect-183.bin (opennlp-models-langdetect) is not on "
          + "the classpath");
    }
    model = new CompletableFuture<>();
    Thread loader = new Thread(() -> {
      try {
        model.complete(load());
      } catch (RuntimeException | Error e) {
        model.completeExceptionally(e);
      }
    }, "stancemap-langdetect-load");
    loader.setDaemon(true);
    loader.start();
  }

  private static Loaded load() {
    try (InputStream in = LanguageDetector.class.getResourceAsStream(RESOURCE);
        ZipInputStream zip = new ZipInputStream(new BufferedInputStream(in, 1 << 16))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals(ENTRY)) {
          GISModel gis = GisReader.read(zip.readAllBytes());
          return new Loaded(new LanguageDetectorModel(gis, Map.of(), new LanguageDetectorFactory()),
              new NGramLanguageModel(gis));
        }
      }
      throw new ModelLoadException("the language model " + RESOURCE + " has no entry " + ENTRY);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelLoadException m) {
        throw m;
      }
      throw new ModelLoadException("cannot load the language model: " + e.getMessage(), e);
    }
  }

  private Loaded model() {
    try {
      return model.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new ModelLoadException(String.valueOf(e.getCause()));
    }
  }

  /** The ISO 639-3 code of the text's language, or {@code und}. */
  public String detect(String text) {
    String sample = text.length() > SAMPLE ? text.substring(0, SAMPLE) : text;
    long letters = sample.chars().filter(Character::isLetter).count();
    if (letters < MIN_LETTERS) {
      return "und";
    }
    String fast = model().fast().best(sample);
    if (fast != null) {
      return fast;
    }
    // LanguageDetectorME keeps no state between calls, but is cheap to create; one per call keeps this thread-safe.
    Language best = new LanguageDetectorME(model().openNlp()).predictLanguage(sample);
    return best == null ? "und" : best.getLang();
  }

  /** All languages with their probabilities, best first (for tests and diagnostics). */
  Language[] languages(String text) {
    Language[] fast = model().fast().languages(text);
    return fast != null ? fast : openNlpLanguages(text);
  }

  /** The same, always computed by OpenNLP itself (the reference {@link NGramLanguageModel} is tested against). */
  Language[] openNlpLanguages(String text) {
    return new LanguageDetectorME(model().openNlp()).predictLanguages(text);
  }
}
