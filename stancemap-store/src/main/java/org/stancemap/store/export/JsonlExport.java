package org.stancemap.store.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;
import org.stancemap.store.DocumentQuery;
import org.stancemap.store.Entry;
import org.stancemap.store.Store;
import org.stancemap.store.StoredAnalysis;
import org.stancemap.store.StoredDocument;

/**
 * JSON Lines: one object per current document, with its metadata and, under {@code analysis}, the full
 * {@code stancemap.analysis/2} document as stored (which includes the text), or {@code null} and the {@code text}
 * when it has not been analysed. Lines end in LF; UTF-8.
 */
public final class JsonlExport {
  private JsonlExport() {}

  static Exports.Summary write(Store store, OutputStream os) throws IOException {
    Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
    long docs = 0;
    long unanalysed = 0;
    try (Stream<Entry> s = store.stream(DocumentQuery.current())) {
      for (Entry e : (Iterable<Entry>) s::iterator) {
        StoredDocument d = e.document();
        StoredAnalysis a = e.analysis();
        Json.ObjBuilder extra = Json.obj();
        new TreeMap<>(d.extra()).forEach(extra::put);
        Json.ObjBuilder b = Json.obj()
            .put("id", d.contentId())
            .put("store_id", d.id())
            .put("content_sha256", d.contentHash())
            .put("source", d.source())
            .put("location", d.location())
            .put("version", d.version())
            .put("previous_store_id", d.previousId() == null ? Json.NULL : Json.of(d.previousId()))
            .put("url", d.url())
            .put("title", d.title())
            .put("author", d.author())
            .put("published", d.published() == null ? null : d.published().toString())
            .put("language", d.language())
            .put("format", d.format())
            .put("external_id", d.externalId())
            .put("parent_id", d.parentId())
            .put("media_ref", d.mediaRef())
            .put("extra", extra.build())
            .put("imported_at", d.importedAt().toString())
            .put("model", a == null ? null : a.key().modelId())
            .put("codebook", a == null ? null : a.key().codebookRef())
            .put("codebook_sha256", a == null ? null : a.key().codebookHash());
        if (a == null) {
          b.put("text", d.text());
          unanalysed++;
        }
        String meta = JsonWriter.compact(b.build());
        w.write(meta, 0, meta.length() - 1);
        w.write(",\"analysis\":");
        w.write(a == null ? "null" : a.json());
        w.write("}\n");
        docs++;
      }
    }
    w.flush();
    return new Exports.Summary(docs, docs, unanalysed);
  }
}
