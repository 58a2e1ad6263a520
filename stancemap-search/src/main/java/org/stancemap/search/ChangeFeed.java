package org.stancemap.search;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where an index gets its documents from: a store lists what changed after a watermark. Watermarks are opaque
 * strings that the feed defines and orders (a sequence number, a timestamp); the index only stores the watermark of
 * the last change it applied in its commit data and hands it back on the next {@link SearchIndex#sync}.
 */
@FunctionalInterface
public interface ChangeFeed {

  /**
   * The changes after {@code watermark}, oldest first; everything there is when {@code watermark} is null. Replaying
   * a change already applied must be harmless (puts replace, deletes of missing documents do nothing). The caller
   * closes the stream.
   */
  Stream<Change> changesSince(String watermark);

  /** One change of the feed, with the watermark that is current once it is applied. */
  sealed interface Change permits Put, Delete {
    String watermark();
  }

  /** Add the document, or replace the document with the same id. */
  record Put(IndexedDocument document, String watermark) implements Change {
    public Put {
      Objects.requireNonNull(document, "document");
      Objects.requireNonNull(watermark, "watermark");
    }
  }

  /** Remove the document with this id. */
  record Delete(String documentId, String watermark) implements Change {
    public Delete {
      Objects.requireNonNull(documentId, "documentId");
      Objects.requireNonNull(watermark, "watermark");
    }
  }
}
