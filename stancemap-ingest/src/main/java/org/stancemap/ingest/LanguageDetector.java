package org.stancemap.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorFactory;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import opennlp.tools.ml.maxent.GISModel;
import org.stancemap.AtomicFiles;
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
 *
 * <p>Design decision: with a cache folder, the {@link NGramLanguageModel}'s arrays are kept there between runs
 * ({@code langdetect-183-<key>.ngram}, 16 MB, keyed by the model artifact's location and the layout), and a
 * start reads them in one piece instead of parsing the 14 MB model: 0.2 s less to the first document (see
 * docs/benchmarks.md section 1.6). OpenNLP's own model is then read only when a text first needs it (emoji). A
 * cache file that is damaged or of another layout is replaced; one that cannot be written only costs the next start
 * the parse.
 */
public final class LanguageDetector {
  static final int MIN_LETTERS = 20;
  private static final int SAMPLE = 8000;
  static final String RESOURCE = "/langdetect-183.bin";
  private static final String ENTRY = "langdetect.model";
  private final CompletableFuture<Loaded> model;

  /** OpenNLP's model (read when first asked for, after a start from the cache) and the fast layout of it. */
  private record Loaded(Supplier<LanguageDetectorModel> openNlp, NGramLanguageModel fast) { }

  /** A detector without a cache folder: every start parses the model. */
  public LanguageDetector() {
    this(null);
  }

  /**
   * @param cacheDir where the fast layout of the model is kept between runs (created when missing), or null for
   *     none
   */
  public LanguageDetector(Path cacheDir) {
    if (LanguageDetector.class.getResource(RESOURCE) == null) {
      throw new ModelLoadException("the language model langdetect-183.bin (opennlp-models-langdetect) is not on "
          + "the classpath");
    }
    model = new CompletableFuture<>();
    Thread loader = new Thread(() -> {
      try {
        model.complete(load(cacheDir));
      } catch (RuntimeException | Error e) {
        model.completeExceptionally(e);
      }
    }, "stancemap-langdetect-load");
    loader.setDaemon(true);
    loader.start();
  }

  /** The cache file for this model artifact in {@code cacheDir}. */
  static Path cacheFile(Path cacheDir) {
    String key = org.stancemap.text.Hashing.sha256(LanguageDetector.class.getResource(RESOURCE) + "\n"
        + NGramLanguageModel.class.getName());
    return cacheDir.resolve("langdetect-183-" + key.substring(0, 12) + ".ngram");
  }

  private static Loaded load(Path cacheDir) {
    Path file = cacheDir == null ? null : cacheFile(cacheDir);
    if (file != null && Files.isRegularFile(file)) {
      try {
        NGramLanguageModel fast = NGramLanguageModel.fromBytes(Files.readAllBytes(file));
        return new Loaded(memoised(() -> openNlp(readGis())), fast);
      } catch (IOException | IllegalArgumentException e) {
        // damaged or of another layout: parsed again below, and the file replaced
      }
    }
    GISModel gis = readGis();
    Loaded loaded = new Loaded(memoised(() -> openNlp(gis)), new NGramLanguageModel(gis));
    if (file != null) {
      write(file, loaded.fast().toBytes());
    }
    return loaded;
  }

  /** Writes the cache file whole or not at all; a folder that cannot be written means no cache, not an error. */
  private static void write(Path file, byte[] bytes) {
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException | UncheckedIOException e) {
      // the next start parses the model again
    }
  }

  private static LanguageDetectorModel openNlp(GISModel gis) {
    return new LanguageDetectorModel(gis, Map.of(), new LanguageDetectorFactory());
  }

  /** {@code s}, computed once on first use (thread-safe); later calls return the same model or throw again. */
  private static Supplier<LanguageDetectorModel> memoised(
      Supplier<LanguageDetectorModel> s) {
    return new Supplier<>() {
      private LanguageDetectorModel value;

      @Override
      public synchronized LanguageDetectorModel get() {
        if (value == null) {
          value = s.get();
        }
        return value;
      }
    };
  }

  private static GISModel readGis() {
    try (InputStream in = LanguageDetector.class.getResourceAsStream(RESOURCE);
        ZipInputStream zip = new ZipInputStream(new BufferedInputStream(in, 1 << 16))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals(ENTRY)) {
          return GisReader.read(zip.readAllBytes());
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
    Language best = new LanguageDetectorME(model().openNlp().get()).predictLanguage(sample);
    return best == null ? "und" : best.getLang();
  }

  /** All languages with their probabilities, best first (for tests and diagnostics). */
  Language[] languages(String text) {
    Language[] fast = model().fast().languages(text);
    return fast != null ? fast : openNlpLanguages(text);
  }

  /** The same, always computed by OpenNLP itself (the reference {@link NGramLanguageModel} is tested against). */
  Language[] openNlpLanguages(String text) {
    return new LanguageDetectorME(model().openNlp().get()).predictLanguages(text);
  }
}
