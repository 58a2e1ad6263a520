package org.stancemap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.stancemap.InvalidInputException;
import org.stancemap.analysis.Analyzer;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.gloss.Glossary;
import org.stancemap.model.CodebookTrainer;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.model.HeadSet;
import org.stancemap.model.ModelFile;
import org.stancemap.model.onnx.OnnxEmbeddingModel;

/**
 * The composition root: builds the codebook, embedding model, trained heads and analyzer from the command-line
 * options, lazily and once. The only place that chooses implementations.
 */
final class Wiring implements AutoCloseable {
  private final SharedOptions options;
  private final PrintWriter err;
  private Codebook codebook;
  private EmbeddingModel embedding;
  private HeadSet heads;
  private Analyzer analyzer;
  private List<Glossary> glossaries;
  private Analyzer.Settings settings = Analyzer.Settings.defaults();

  Wiring(SharedOptions options, PrintWriter err) {
    this.options = options;
    this.err = err;
  }

  /** The thresholds the analyzer will use; call before {@link #analyzer()}. */
  Wiring settings(Analyzer.Settings s) {
    if (analyzer != null) {
      throw new IllegalStateException("the analyzer is already built");
    }
    settings = Objects.requireNonNull(s, "settings");
    return this;
  }

  Codebook codebook() {
    if (codebook == null) {
      codebook = CodebookLoader.load(options.codebook);
    }
    return codebook;
  }

  EmbeddingModel embedding() {
    if (embedding == null) {
      embedding = openEmbedding();
    }
    return embedding;
  }

  private EmbeddingModel openEmbedding() {
    if (options.encoder != null) {
      if (!Files.isDirectory(options.encoder)) {
        throw new InvalidInputException("--encoder " + options.encoder + " is not a folder; give a folder holding a "
            + "sentence-transformers model exported to ONNX (a fine-tuned .encoder.onnx file is named by its model: "
            + "use --model)");
      }
      return OnnxEmbeddingModel.openFolder(options.encoder, Math.max(1, options.threads), 32);
    }
    if (options.model != null) {
      // a model trained with --fine-tune runs on its own encoder, which lies beside it
      Optional<Path> encoder = ModelFile.encoder(Path.of(options.model));
      if (encoder.isPresent()) {
        return OnnxEmbeddingModel.openFineTuned(encoder.get(), Math.max(1, options.threads), 32);
      }
    }
    // ONNX Runtime's optimised graph is kept beside the trained heads, so later starts skip graph optimisation
    return OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.byId(options.embedding), Math.max(1, options.threads),
        32, cacheDir());
  }

  HeadSet heads() {
    if (heads == null) {
      if (options.model != null) {
        heads = ModelFile.read(Path.of(options.model), codebook(), embedding().info());
      } else if ((heads = ModelFile.shipped(codebook(), embedding().info()).orElse(null)) != null) {
        // the shipped default model: trained on the team's corpus over the shipped encoder; nothing to train here
        return heads;
      } else {
        Path cache = cacheDir();
        boolean cached = Files.isRegularFile(CodebookTrainer.cacheFile(codebook(), embedding().info(),
            cache));
        if (!cached && !options.quiet) {
          err.println("stancemap: training the " + codebook().ref() + " model from its codebook (first use only; "
              + "cached in " + cache + ")");
          err.flush();
        }
        heads = CodebookTrainer.obtain(codebook(), embedding(), cache, m -> {
          if (!options.quiet) {
            err.println("stancemap: training: " + m);
            err.flush();
          }
        });
      }
    }
    return heads;
  }

  Analyzer analyzer() {
    if (analyzer == null) {
      if (embedding == null) {
        // Start-up: open the embedding model (native libraries, tokenizer, ONNX session) while the codebook loads.
        CompletableFuture<EmbeddingModel> e =
            CompletableFuture.supplyAsync(this::openEmbedding, r -> {
              Thread t = new Thread(r, "stancemap-open-embedding");
              t.setDaemon(true);
              t.start();
            });
        codebook();
        try {
          embedding = e.join();
        } catch (CompletionException x) {
          throw x.getCause() instanceof RuntimeException r ? r : x;
        }
      }
      analyzer = new Analyzer(codebook(), embedding(), heads(), settings, glossaries());
    }
    return analyzer;
  }

  /** The glossaries given with --glossary, each read once, one per language; errors name the file and line. */
  List<Glossary> glossaries() {
    if (glossaries == null) {
      glossaries = Glossary.loadAllGiven(options.glossaries);
    }
    return glossaries;
  }

  Path cacheDir() {
    return cacheDir(options);
  }

  /** Where trained default models, the optimised graph and the language model's layout are cached. */
  static Path cacheDir(SharedOptions options) {
    if (options.cacheDir != null) {
      return Path.of(options.cacheDir);
    }
    String env = System.getenv("STANCEMAP_CACHE");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("stancemap");
  }

  @Override
  public void close() {
    if (embedding != null) {
      embedding.close();
    }
  }
}
