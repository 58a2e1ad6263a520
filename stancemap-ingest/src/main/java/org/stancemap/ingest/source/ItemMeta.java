package org.stancemap.ingest.source;

import java.time.Instant;
import java.util.Map;

/**
 * What a source knows about one item besides its text. Every field but {@code extra} may be null.
 *
 * @param url the item's canonical URL, when it has one
 * @param title the title given by the page, feed or column
 * @param author the author or channel name
 * @param published when the item was published (from HTML meta, feed entries, CSV columns, message dates)
 * @param externalId the item's id in its source (a post id, a Telegram message id, a feed GUID)
 * @param parentId the externalId of the item this one replies to (thread structure), or null
 * @param mediaRef a reference to media the text was read from (the image of a meme read by OCR), or null
 * @param extra any further metadata, by name
 */
public record ItemMeta(
    String url,
    String title,
    String author,
    Instant published,
    String externalId,
    String parentId,
    String mediaRef,
    Map<String, String> extra) {
  public static final ItemMeta NONE = new ItemMeta(null, null, null, null, null, null, null, Map.of());

  public ItemMeta {
    extra = Map.copyOf(extra);
  }

  public ItemMeta withTitle(String t) {
    return new ItemMeta(url, t, author, published, externalId, parentId, mediaRef, extra);
  }
}
