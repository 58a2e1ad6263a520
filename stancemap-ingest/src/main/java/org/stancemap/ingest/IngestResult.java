package org.stancemap.ingest;

import org.stancemap.document.Document;

/** What reading one input gave: a document, or a failure that names the input and says what is wrong. */
public sealed interface IngestResult {
  String source();

  record Loaded(Document document) implements IngestResult {
    @Override
    public String source() {
      return document.source();
    }
  }

  record Failed(String source, String reason) implements IngestResult {}
}
