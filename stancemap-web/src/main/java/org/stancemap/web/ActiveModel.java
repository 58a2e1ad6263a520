package org.stancemap.web;

import java.util.Objects;
import org.stancemap.analysis.Analyzer;

/**
 * The analyzer the server labels new documents with: the one it started with until {@code POST /api/model/activate}
 * switches to a retrained model. Thread-safe.
 */
final class ActiveModel {
  private volatile Analyzer analyzer;
  private volatile String file;

  ActiveModel(Analyzer analyzer) {
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
  }

  Analyzer analyzer() {
    return analyzer;
  }

  /** The model file name under the models folder, or null for the model the server started with. */
  String file() {
    return file;
  }

  synchronized void activate(Analyzer next, String fileName) {
    this.analyzer = Objects.requireNonNull(next, "analyzer");
    this.file = fileName;
  }
}
