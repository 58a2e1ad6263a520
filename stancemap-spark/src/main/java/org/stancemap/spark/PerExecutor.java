package org.stancemap.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stancemap.analysis.Analyzer;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.gloss.Glossary;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.LanguageDetector;
import org.stancemap.model.CodebookTrainer;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.model.HeadSet;
import org.stancemap.model.ModelFile;
import org.stancemap.model.onnx.OnnxEmbeddingModel;

/**
 * What each executor JVM builds once and shares among all its tasks and partitions: the analyzer (codebook,
 * encoder, heads) and the document reader. Keyed by the job's model settings, so a JVM that runs tasks of two jobs
 * with different models keeps one of each.
 *
 * <p>Design decision: one ONNX Runtime session per JVM with as many inference workers as the executor has cores,
 * fed by every task the executor runs at once; a session per task would hold the encoder's weights once per core.
 */
final class PerExecutor {
  private PerExecutor() {}

  /**
   * The model settings of a job, as they reach the executor: files are local copies (SparkFiles) or null.
   *
   * @param codebookSha256 the codebook's hash, as the driver read it (recorded with every analysis)
   */
  record Settings(String codebook, String model, List<String> glossaries, int cores, long maxBytes,
      String codebookSha256) implements Serializable {
    Settings {
      glossaries = List.copyOf(glossaries);
    }
  }

  /** An executor's shared parts. */
  record Shared(Analyzer analyzer, DocumentReader reader) {}

  private static final Map<Settings, Shared> SHARED = new HashMap<>();

  /** The shared parts for {@code s}, built on first use in this JVM. */
  static synchronized Shared get(Settings s) {
    return SHARED.computeIfAbsent(s, PerExecutor::build);
  }

  private static final Map<Long, DocumentReader> READERS = new HashMap<>();

  /** A document reader (decoding, HTML, language detection) for parsing, without loading the models. */
  static synchronized DocumentReader reader(Settings s) {
    return READERS.computeIfAbsent(s.maxBytes(), max -> new DocumentReader(new LanguageDetector(), max, null));
  }

  private static Shared build(Settings s) {
    Codebook codebook = CodebookLoader.load(s.codebook());
    int workers = Math.max(1, s.cores());
    EmbeddingModel embedding;
    Optional<Path> encoder = s.model() == null ? Optional.empty()
        : ModelFile.encoder(Path.of(s.model()));
    embedding = encoder.isPresent() ? OnnxEmbeddingModel.openFineTuned(encoder.get(), workers, 32)
        : OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.DEFAULT, workers, 32);
    HeadSet heads;
    if (s.model() != null) {
      heads = ModelFile.read(Path.of(s.model()), codebook, embedding.info());
    } else {
      heads = ModelFile.shipped(codebook, embedding.info()).orElseGet(() -> {
        try {
          // A codebook of the user's own without a model: trained from its exemplars, once per executor JVM.
          return CodebookTrainer.obtain(codebook, embedding, Files.createTempDirectory("stancemap-heads"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    List<Glossary> glossaries = new ArrayList<>();
    for (String g : s.glossaries()) {
      try {
        glossaries.add(Glossary.load(Path.of(g)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Analyzer analyzer = new Analyzer(codebook, embedding, heads, Analyzer.Settings.defaults(), glossaries);
    return new Shared(analyzer, reader(s));
  }
}
