package org.stancemap.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.stancemap.analysis.Analyzer;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.LanguageDetector;
import org.stancemap.model.CodebookTrainer;
import org.stancemap.model.HeadSet;
import org.stancemap.model.ModelFile;
import org.stancemap.model.onnx.OnnxEmbeddingModel;

/**
 * The real analysis pipeline for tests, built once per test JVM: the built-in codebook, the shipped encoder, the
 * default heads, the analyzer over them and the document reader, as the CLI builds them by default. The tests of
 * {@code stancemap-cli}, {@code stancemap-ask}, {@code stancemap-search} and {@code stancemap-web} analyse their
 * fixture corpora with it (the module {@code stancemap-testkit} is a test-scope dependency of theirs, and of no main
 * code), so that they all check the same pipeline and none builds its own copy.
 *
 * <p>The heads are the shipped model where it matches the codebook and the encoder; otherwise they are trained from
 * the codebook's exemplars on first use into one cache for the whole project, {@link #cache()}, and read from there
 * by later runs (and by every module) until {@code mvn clean}.
 *
 * <p>The fields are built when the class is first used (the encoder and the heads take a second or two); the
 * folder helpers {@link #root()}, {@link #shared()} and {@link #cache()} only read system properties and the file
 * system, but calling them also builds the fields.
 */
public final class Pipeline {
  /** The built-in codebook, {@link CodebookLoader#DEFAULT}. */
  public static final Codebook CODEBOOK = CodebookLoader.builtin(CodebookLoader.DEFAULT);

  /** The shipped sentence encoder, {@link OnnxEmbeddingModel#openDefault()}, open for the life of the JVM. */
  public static final OnnxEmbeddingModel EMBEDDING = OnnxEmbeddingModel.openDefault();

  /**
   * The default heads: the shipped model ({@link ModelFile#shipped}), else the heads trained from {@link #CODEBOOK}
   * on {@link #EMBEDDING} and cached in {@link #cache()} ({@link CodebookTrainer#obtain}).
   */
  public static final HeadSet HEADS = ModelFile.shipped(CODEBOOK, EMBEDDING.info())
      .orElseGet(() -> CodebookTrainer.obtain(CODEBOOK, EMBEDDING, cache()));

  /** The analyzer over {@link #CODEBOOK}, {@link #EMBEDDING} and {@link #HEADS}, with the default settings. */
  public static final Analyzer ANALYZER = new Analyzer(CODEBOOK, EMBEDDING, HEADS, Analyzer.Settings.defaults());

  /**
   * The document reader the CLI uses by default: language detection, {@link DocumentReader#DEFAULT_MAX_BYTES}, the
   * charset detected.
   */
  public static final DocumentReader READER =
      new DocumentReader(new LanguageDetector(), DocumentReader.DEFAULT_MAX_BYTES, null);

  private Pipeline() {}

  /**
   * The multi-module project's folder (the one holding {@code mvnw} and the root {@code pom.xml}): the system
   * property {@code maven.multiModuleProjectDirectory} where set, else the nearest folder holding {@code mvnw} at or
   * above the working directory (a module's folder when Maven runs its tests).
   *
   * @throws IllegalStateException if neither names a folder
   */
  public static Path root() {
    String p = System.getProperty("maven.multiModuleProjectDirectory");
    if (p != null && !p.isBlank()) {
      return Path.of(p).toAbsolutePath().normalize();
    }
    Path start = Path.of("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no folder holding mvnw at or above " + start
        + "; set -Dmaven.multiModuleProjectDirectory");
  }

  /**
   * The shared data folder beside the project (benchmark data, seed lists), which plain unit tests must not need:
   * the system property {@code stancemap.shared} (set by the build) where set, else {@code ../shared} from
   * {@link #root()}. It may not exist.
   */
  public static Path shared() {
    String p = System.getProperty("stancemap.shared");
    return p != null && !p.isBlank() ? Path.of(p).toAbsolutePath().normalize()
        : root().resolve("../shared").normalize();
  }

  /**
   * The cache folder, one for the whole project, of the trained default heads (and of the commands the CLI's tests
   * run, as their {@code --cache-dir}): {@code target/model-cache} under {@link #root()}, or the folder named by the
   * system property {@code golden.cache} ({@code bench/golden-emulated.sh} trains the heads under an emulated CPU
   * into a cache of their own).
   */
  public static Path cache() {
    String p = System.getProperty("golden.cache");
    return p != null && !p.isBlank() ? Path.of(p).toAbsolutePath().normalize()
        : root().resolve("target").resolve("model-cache");
  }
}
