package org.stancemap.document;

import java.util.Objects;

/**
 * One item a source produced: a document and its metadata.
 *
 * @param location a stable key for the item within its source, used to recognise it on a later import and to
 *     resume an interrupted one: a file path, a URL, {@code posts.csv#row=12}, {@code result.json#message=345}
 * @param sourceName the name of the source the item belongs to (a site's host, a feed's title, a channel)
 * @param document the text, as ingest read it; its id is the hash of its text
 * @param meta what the source says about the item (see {@link DocumentMeta#fromSource})
 */
public record SourceItem(String location, String sourceName, Document document, DocumentMeta meta) {
  public SourceItem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(meta, "meta");
  }
}
