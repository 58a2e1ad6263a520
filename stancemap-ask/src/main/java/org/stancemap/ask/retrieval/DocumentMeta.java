package org.stancemap.ask.retrieval;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a citation says about a document.
 *
 * @param id the document id (content hash)
 * @param title its title, or null
 * @param source where it came from: a publication, site or file path
 * @param url its address, or null
 * @param published its publication date, or null when unknown
 */
public record DocumentMeta(String id, String title, String source, String url, LocalDate published) {
  public DocumentMeta {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
  }
}
