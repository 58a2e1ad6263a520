package org.stancemap.cli;

import java.nio.file.Path;
import org.stancemap.analysis.Analyzer;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.LanguageDetector;
import org.stancemap.model.CodebookTrainer;
import org.stancemap.model.HeadSet;
import org.stancemap.model.onnx.OnnxEmbeddingModel;

/**
 * The real pipeline, built once per test JVM: the built-in codebook, the shipped embedding model and the default
 * heads, trained on first use into {@code target/model-cache} (reused by later runs until {@code mvn clean}; the
 * property {@code golden.cache} names another folder).
 */
final class Fixture {
  static final Path ROOT = root();
  // bench/golden-emulated.sh trains the heads under the emulated CPU into a cache of their own
  static final Path CACHE = Path.of(System.getProperty("golden.cache", "target/model-cache")).toAbsolutePath();
  static final Codebook CODEBOOK = CodebookLoader.builtin(CodebookLoader.DEFAULT);
  static final OnnxEmbeddingModel EMBEDDING = OnnxEmbeddingModel.openDefault();
  static final HeadSet HEADS = org.stancemap.model.ModelFile.shipped(CODEBOOK, EMBEDDING.info()).orElseGet(() ->
      CodebookTrainer.obtain(CODEBOOK, EMBEDDING, CACHE));
  static final Analyzer ANALYZER = new Analyzer(CODEBOOK, EMBEDDING, HEADS, Analyzer.Settings.defaults());
  static final DocumentReader READER =
      new DocumentReader(new LanguageDetector(), DocumentReader.DEFAULT_MAX_BYTES, null);

  private Fixture() {}

  private static Path root() {
    String p = System.getProperty("maven.multiModuleProjectDirectory");
    Path dir = p != null ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
    return dir.toAbsolutePath().normalize();
  }

  /** The shared data directory beside the project, which plain unit tests must not need. */
  static Path shared() {
    String p = System.getProperty("stancemap.shared");
    return p != null ? Path.of(p).toAbsolutePath().normalize() : ROOT.resolve("../shared").normalize();
  }
}
