package org.stancemap.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.InvalidInputException;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.sources.files.CsvPostsParser;
import org.stancemap.sources.files.JsonlPostsParser;
import org.stancemap.sources.files.PostFields;
import org.stancemap.sources.files.Posts;

/**
 * Turns a {@link Raw} input into items or failures on an executor, with the import's own parsers: a text file
 * becomes one document as {@code analyze} reads it (decoding, HTML main text, language), a CSV or JSON Lines file
 * one document per row as {@code import} reads it, a table record one document with the same column mapping.
 */
final class Parsing {
  private Parsing() {}

  /** The input formats of the job. */
  enum Format {
    /** One document per file: .txt, .md, .html (the extension decides, as for {@code analyze}). */
    text,
    /** Posts, one per row: CSV with a header (RFC 4180), columns mapped as by {@code import}. */
    csv,
    /** Posts, one JSON object per line, keys mapped as by {@code import}. */
    jsonl,
    /** Posts, one per row of Parquet tables, columns mapped as by {@code import}. */
    parquet
  }

  /**
   * Every item and failure of {@code raw}, in input order.
   *
   * @param options the import's column options ({@code text-column} and the like), for CSV and JSON Lines
   * @param columns for table records: the column each field was mapped to (see {@link #columns})
   */
  static List<SourceEvent> parse(Raw raw, Format format, DocumentReader reader, Map<String, String> options,
      Map<String, String> columns, long maxBytes) {
    List<SourceEvent> out = new ArrayList<>();
    ImportContext context = new ImportContext(reader, maxBytes, false, options, null);
    switch (raw) {
      case Raw.File f when f.failure() != null -> out.add(new SourceEvent.Failure(f.location(), f.failure()));
      case Raw.File f -> {
        try {
          switch (format) {
            case text -> out.add(new SourceEvent.Item(new SourceItem(f.location(), f.sourceName(),
                reader.document(f.location(), f.bytes(), DocumentReader.extension(f.location())), DocumentMeta.NONE)));
            case csv -> new CsvPostsParser().parse(f.location(), f.sourceName(), f.bytes(), context, out::add);
            case jsonl -> new JsonlPostsParser().parse(f.location(), f.sourceName(), f.bytes(), context, out::add);
            case parquet -> throw new IllegalStateException("Parquet inputs are read as records");
          }
        } catch (InvalidInputException e) {
          out.add(new SourceEvent.Failure(f.location(), e.getMessage()));
        } catch (RuntimeException e) {
          out.add(new SourceEvent.Failure(f.location(), f.location() + ": could not be processed: " + e));
        }
      }
      case Raw.Record r -> {
        PostFields fields = fields(columns);
        Map<String, String> others = new LinkedHashMap<>(r.values());
        fields.mapped().forEach(others::remove);
        try {
          Posts.emit(r.file(), r.sourceName(), fields, r.values()::get, others, r.location(), (int) r.row(),
              new HashSet<>(), context, out::add);
        } catch (RuntimeException e) {
          out.add(new SourceEvent.Failure(r.location(), r.location() + ": could not be processed: " + e));
        }
      }
    }
    return out;
  }

  /** The field mapping a table's columns resolved to (see {@link #columns}). */
  static PostFields fields(Map<String, String> columns) {
    return new PostFields(columns.get("text"), columns.get("id"), columns.get("parent"), columns.get("author"),
        columns.get("date"), columns.get("title"), columns.get("url"), columns.get("source"));
  }

  /** {@code f} as a serialisable map from field ({@code text}, {@code id}, …) to column. */
  static Map<String, String> columns(PostFields f) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("text", f.text());
    put(m, "id", f.id());
    put(m, "parent", f.parent());
    put(m, "author", f.author());
    put(m, "date", f.date());
    put(m, "title", f.title());
    put(m, "url", f.url());
    put(m, "source", f.source());
    return m;
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /** A document's month for partitioning: {@code yyyy-MM} of its date, or {@code undated}. */
  static String month(Instant published) {
    return published == null ? "undated" : published.toString().substring(0, 7);
  }
}
