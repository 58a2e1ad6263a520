package org.stancemap.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand that analyses or trains shares. */
final class SharedOptions {
  @Option(names = "--codebook", paramLabel = "CODEBOOK", defaultValue = "ru-ua-left",
      description = "Codebook file (YAML, format stancemap.codebook/1), or the name of a built-in one. "
          + "Default: ${DEFAULT-VALUE}.")
  String codebook;

  @Option(names = "--model", paramLabel = "FILE",
      description = "A model trained with 'stancemap train'. Default: the model trained from the codebook's own "
          + "exemplars, built on first use and cached.")
  String model;

  @Option(names = "--embedding", paramLabel = "ID", defaultValue = "stancemap-minilm-l6-ft-q",
      description = "Sentence-embedding model shipped with Stancemap: stancemap-minilm-l6-ft-q (fine-tuned on the "
          + "team's corpus), all-minilm-l6-v2-q or bge-small-en-v15-q. Default: ${DEFAULT-VALUE}.")
  String embedding;

  @Option(names = "--encoder", paramLabel = "PATH",
      description = "A folder holding any sentence-transformers model exported to ONNX (model.onnx, tokenizer.json, "
          + "1_Pooling/config.json or stancemap-encoder.json), used instead of --embedding; heads are trained for "
          + "it from the codebook on first use. For 'train' also the .encoder.onnx file an earlier --fine-tune wrote.")
  Path encoder;

  @Option(names = "--glossary", paramLabel = "FILE",
      description = "A glossary that reads texts in another language into English word by word "
          + "(docs/multilingual.md), named after the language's ISO 639-3 code (ukr.tsv); it replaces the shipped "
          + "glossary of that language. Repeatable.")
  java.util.List<Path> glossaries = new java.util.ArrayList<>();

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Where trained default models are cached. Default: $STANCEMAP_CACHE, else "
          + "$XDG_CACHE_HOME/stancemap, else ~/.cache/stancemap.")
  String cacheDir;

  @Option(names = "--threads", paramLabel = "N", description = "Inference threads. Default: one per core, at most 4.")
  int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  @Option(names = {"-q", "--quiet"}, description = "Print no progress or status messages on stderr.")
  boolean quiet;
}
