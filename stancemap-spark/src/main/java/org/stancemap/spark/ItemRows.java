package org.stancemap.spark;

import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.store.Codec;
import org.stancemap.text.Hashing;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A parsed input as a row, between parsing and analysis: an item (its document and metadata, everything needed to
 * rebuild it on another executor) or a parse failure. The stage boundary lets Spark spread the documents of one large
 * file over many tasks, and lets {@code --skip-existing} leave out known content hashes with a join.
 */
final class ItemRows {
  private ItemRows() {}

  static final StructType PARSED = createStructType(List.of(
      createStructField("kind", StringType, false), createStructField("location", StringType, false),
      createStructField("source", StringType, true), createStructField("error", StringType, true),
      createStructField("doc_id", StringType, true), createStructField("content_sha256", StringType, true),
      createStructField("doc_title", StringType, true), createStructField("format", StringType, true),
      createStructField("language", StringType, true), createStructField("text", StringType, true),
      createStructField("notes", createArrayType(StringType), true),
      createStructField("regions_json", StringType, true), createStructField("furniture_json", StringType, true),
      createStructField("title", StringType, true), createStructField("author", StringType, true),
      createStructField("url", StringType, true), createStructField("published", TimestampType, true),
      createStructField("external_id", StringType, true), createStructField("parent_id", StringType, true),
      createStructField("media_ref", StringType, true),
      createStructField("extra", createMapType(StringType, StringType), true)));

  /** The row of one parse event. */
  static Row of(SourceEvent e) {
    return switch (e) {
      case SourceEvent.Failure f -> RowFactory.create("error", f.location(), null, f.reason(), null, null, null, null,
          null, null, null, null, null, null, null, null, null, null, null, null, null);
      case SourceEvent.Item i -> {
        SourceItem it = i.item();
        Document d = it.document();
        DocumentMeta m = it.meta();
        yield RowFactory.create("item", it.location(), it.sourceName(), null, d.id(), Hashing.sha256(d.text()),
            d.title(), d.format().name(), d.language(), d.text(), Tables.seq(d.notes()), Codec.regions(d.regions()),
            Codec.spans(d.furniture()), m.title(), m.author(), m.url(),
            m.published() == null ? null : Timestamp.from(m.published()), m.externalId(), m.parentId(), m.mediaRef(),
            Tables.map(m.extra()));
      }
    };
  }

  /** The item of a row of kind {@code item}. */
  static SourceItem item(Row r) {
    List<String> notes = r.isNullAt(r.fieldIndex("notes")) ? List.of()
        : CollectionConverters.asJava(r.<String>getSeq(r.fieldIndex("notes")));
    Document d = new Document(r.getAs("doc_id"), r.getAs("location"), r.getAs("text"),
        Document.Format.valueOf(((String) r.getAs("format")).toUpperCase(Locale.ROOT)), r.getAs("language"),
        r.getAs("doc_title"), Codec.readRegions(r.getAs("regions_json")), Codec.readSpans(r.getAs("furniture_json")),
        notes);
    Timestamp published = r.getAs("published");
    Map<String, String> extra = r.isNullAt(r.fieldIndex("extra")) ? Map.of()
        : CollectionConverters.asJava(r.<String, String>getMap(r.fieldIndex("extra")));
    DocumentMeta m = DocumentMeta.fromSource(r.getAs("url"), r.getAs("title"), r.getAs("author"),
        published == null ? null : published.toInstant(), r.getAs("external_id"), r.getAs("parent_id"),
        r.getAs("media_ref"), extra);
    return new SourceItem(r.getAs("location"), r.getAs("source"), d, m);
  }
}
