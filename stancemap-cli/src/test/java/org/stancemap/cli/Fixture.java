package org.stancemap.cli;

import java.nio.file.Path;
import org.stancemap.analysis.Analyzer;
import org.stancemap.codebook.Codebook;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.model.HeadSet;
import org.stancemap.model.onnx.OnnxEmbeddingModel;
import org.stancemap.testkit.Pipeline;

/**
 * The real pipeline of the test kit ({@link Pipeline}), built once per test JVM: the built-in codebook, the shipped
 * embedding model and the default heads (the shipped model, else trained on first use into the project's
 * {@code target/model-cache}, reused by later runs until {@code mvn clean}; the property {@code golden.cache} names
 * another folder).
 */
final class Fixture {
  static final Path ROOT = Pipeline.root();
  // bench/golden-emulated.sh trains the heads under the emulated CPU into a cache of their own
  static final Path CACHE = Pipeline.cache();
  static final Codebook CODEBOOK = Pipeline.CODEBOOK;
  static final OnnxEmbeddingModel EMBEDDING = Pipeline.EMBEDDING;
  static final HeadSet HEADS = Pipeline.HEADS;
  static final Analyzer ANALYZER = Pipeline.ANALYZER;
  static final DocumentReader READER = Pipeline.READER;

  private Fixture() {}

  /** The shared data directory beside the project, which plain unit tests must not need. */
  static Path shared() {
    return Pipeline.shared();
  }
}
