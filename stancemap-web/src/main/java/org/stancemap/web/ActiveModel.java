package org.stancemap.web;

import java.time.Instant;
import java.util.Objects;
import org.stancemap.analysis.Analyzer;
import org.stancemap.codebook.Codebook;

/**
 * The analyzer the server labels new documents with, and with it the active codebook (the one the analyzer was built
 * with): the default one the server started with, until {@code POST /api/model/activate} switches to a model file
 * (which is recorded in the database, see {@link org.stancemap.store.ModelActivations}, and restored at the next start). Thread-safe: the
 * state is swapped as one immutable record.
 */
final class ActiveModel {
  /**
   * What is active.
   *
   * @param analyzer the pipeline
   * @param file the model file under the models folder, or null for the default model
   * @param codebookFile the edited codebook file under the codebooks folder the model belongs to, or null for the
   *     codebook the server started with
   * @param by who activated it (null for the default model at start)
   * @param at when (null for the default model at start)
   */
  record State(Analyzer analyzer, String file, String codebookFile, String by, Instant at) {
    State {
      Objects.requireNonNull(analyzer, "analyzer");
    }
  }

  private final Analyzer defaultAnalyzer;
  private volatile State state;
  private volatile String notice;

  ActiveModel(Analyzer analyzer) {
    this.defaultAnalyzer = Objects.requireNonNull(analyzer, "analyzer");
    this.state = new State(analyzer, null, null, null, null);
  }

  State state() {
    return state;
  }

  Analyzer analyzer() {
    return state.analyzer();
  }

  /** The active codebook: the one the active analyzer labels with. */
  Codebook codebook() {
    return state.analyzer().codebook();
  }

  /** The model file name under the models folder, or null for the default model. */
  String file() {
    return state.file();
  }

  /** The analyzer the server started with. */
  Analyzer defaultAnalyzer() {
    return defaultAnalyzer;
  }

  /** A message about the start-up restore (e.g. the recorded model could not be loaded), or null. */
  String notice() {
    return notice;
  }

  void notice(String text) {
    this.notice = text;
  }

  synchronized void activate(State next) {
    this.state = Objects.requireNonNull(next, "state");
  }
}
