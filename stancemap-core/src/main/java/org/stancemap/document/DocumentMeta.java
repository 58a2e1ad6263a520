package org.stancemap.document;

import java.time.Instant;
import java.util.Map;

/**
 * What is known about a document besides its text: the one metadata shape that sources produce, the store keeps, a
 * search result shows and an answer cites. Every field but {@code language} and {@code extra} may be null.
 *
 * @param id the document's id: its content id, or the key a search index knows it by (a replacement of the document
 *     uses the same key); null while a source describes an item whose document it has not yet read
 * @param title the title given by the page, feed, column or markup
 * @param source the name of the source the document belongs to (a site, a feed, a channel, a file path)
 * @param url the document's canonical URL, when it has one
 * @param published when the document was published (from HTML meta, feed entries, CSV columns, message dates); a
 *     date known only to the day is the start of that day in UTC (see {@link Dates})
 * @param language ISO 639 code of the document's language ({@code und} when unknown)
 * @param author the author or channel name
 * @param externalId the item's id in its source (a post id, a Telegram message id, a feed GUID)
 * @param parentId the externalId of the item this one replies to (thread structure), or null
 * @param mediaRef a reference to media the text was read from (the image of a meme read by OCR), or null
 * @param extra any further metadata, by name
 */
public record DocumentMeta(
    String id,
    String title,
    String source,
    String url,
    Instant published,
    String language,
    String author,
    String externalId,
    String parentId,
    String mediaRef,
    Map<String, String> extra) {
  /** Nothing known. */
  public static final DocumentMeta NONE = fromSource(null, null, null, null, null, null, null, Map.of());

  public DocumentMeta {
    language = language == null || language.isBlank() ? "und" : language;
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** What a search result or a citation shows of a document: its id, title, source, URL, date and language. */
  public static DocumentMeta of(String id, String title, String source, String url, Instant published,
      String language) {
    return new DocumentMeta(id, title, source, url, published, language, null, null, null, null, Map.of());
  }

  /** What a source says about an item besides its text (the document's id, source and language are known elsewhere). */
  public static DocumentMeta fromSource(String url, String title, String author, Instant published, String externalId,
      String parentId, String mediaRef, Map<String, String> extra) {
    return new DocumentMeta(null, title, null, url, published, null, author, externalId, parentId, mediaRef, extra);
  }

  public DocumentMeta withTitle(String t) {
    return new DocumentMeta(id, t, source, url, published, language, author, externalId, parentId, mediaRef, extra);
  }
}
