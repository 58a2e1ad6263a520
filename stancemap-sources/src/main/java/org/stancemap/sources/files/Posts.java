package org.stancemap.sources.files;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.stancemap.InvalidInputException;
import org.stancemap.document.Dates;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.sources.Items;

/**
 * Turns one mapped record of a CSV, JSONL or Parquet export into an item or a failure; shared by every reader of
 * posts (the import's parsers, the Spark job).
 */
public final class Posts {
  private static final int MAX_EXTRA = 30;
  private static final int MAX_EXTRA_CHARS = 500;

  private Posts() {}

  /**
   * Emits the item for one record.
   *
   * @param file the file's location, the prefix of every item's location
   * @param sourceName the source an item belongs to when it names none
   * @param field the value of a column or key, or null when absent
   * @param others the record's unmapped columns, kept as extra metadata (at most 30, each cut to 500 chars)
   * @param where the record's position for messages: {@code posts.csv:12}
   * @param rowNo the record's number (1-based, header not counted), for locations without an id
   * @param seenIds ids seen so far in the file
   */
  public static void emit(String file, String sourceName, PostFields f, Function<String, String> field,
      Map<String, String> others, String where, int rowNo, Set<String> seenIds, ImportContext context,
      Consumer<SourceEvent> sink) {
    String id = f.id() == null ? null : Items.first(field.apply(f.id()));
    String location = id != null ? file + "#id=" + id : file + "#row=" + rowNo;
    if (id != null && !seenIds.add(id)) {
      sink.accept(new SourceEvent.Failure(file + "#row=" + rowNo, where + ": duplicate id '" + id
          + "' (already used by an earlier record); record skipped"));
      return;
    }
    if (context.alreadyImported().test(location)) {
      return;
    }
    String text = field.apply(f.text());
    if (text == null || text.isBlank()) {
      sink.accept(new SourceEvent.Failure(location, where + ": the text column '" + f.text()
          + "' is empty; record skipped"));
      return;
    }
    try {
      Document d = Items.text(context, location, text, "txt");
      String rawDate = f.date() == null ? null : Items.first(field.apply(f.date()));
      Instant published = Dates.parse(rawDate);
      Map<String, String> extra = new TreeMap<>();
      if (rawDate != null && published == null) {
        d = Items.withNote(d, "the date '" + rawDate + "' in column '" + f.date() + "' was not understood");
        extra.put("date-raw", rawDate);
      }
      for (Map.Entry<String, String> o : others.entrySet()) {
        if (extra.size() >= MAX_EXTRA) {
          break;
        }
        if (o.getValue() != null && !o.getValue().isBlank()) {
          String v = o.getValue().strip();
          extra.put(o.getKey(), v.length() > MAX_EXTRA_CHARS ? v.substring(0, MAX_EXTRA_CHARS) + "…" : v);
        }
      }
      String source = f.source() == null ? null : Items.first(field.apply(f.source()));
      DocumentMeta meta = DocumentMeta.fromSource(f.url() == null ? null : Items.first(field.apply(f.url())),
          f.title() == null ? null : Items.first(field.apply(f.title())),
          f.author() == null ? null : Items.first(field.apply(f.author())), published, id,
          f.parent() == null ? null : Items.first(field.apply(f.parent())), null, extra);
      sink.accept(new SourceEvent.Item(new SourceItem(location, Items.first(source, sourceName), d,
          meta)));
    } catch (InvalidInputException e) {
      sink.accept(new SourceEvent.Failure(location, where + ": " + e.getMessage()));
    }
  }
}
