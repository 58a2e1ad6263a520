package org.stancemap.cli;

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

  @Option(names = "--embedding", paramLabel = "ID", defaultValue = "all-minilm-l6-v2-q",
      description = "Sentence-embedding model shipped with Stancemap. Default: ${DEFAULT-VALUE}.")
  String embedding;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Where trained default models are cached. Default: $STANCEMAP_CACHE, else "
          + "$XDG_CACHE_HOME/stancemap, else ~/.cache/stancemap.")
  String cacheDir;

  @Option(names = "--threads", paramLabel = "N", description = "Inference threads. Default: one per core, at most 4.")
  int threads = Math.max(1, Math.min(4, java.lang.Runtime.getRuntime().availableProcessors()));

  @Option(names = {"-q", "--quiet"}, description = "Print no progress or status messages on stderr.")
  boolean quiet;
}
