package org.stancemap.store.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.stancemap.store.DocumentDetail;
import org.stancemap.store.DocumentQuery;
import org.stancemap.store.Entry;
import org.stancemap.store.LabelRow;
import org.stancemap.store.Store;
import org.stancemap.store.StoredDocument;
import org.stancemap.store.UnitRow;

/**
 * CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break; UTF-8
 * without BOM), one row per unit of every current, analysed document. Columns: see {@link #header}. Label lists
 * are {@code id:score} pairs separated by {@code ;}, roles {@code actor=role:score}; scores have four decimals.
 */
public final class CsvExport {
  private CsvExport() {}

  /** The header: fixed columns, then {@code stance_<t>} and {@code stance_<t>_score} per target, then the rest. */
  static List<String> header(List<String> targets) {
    List<String> h = new ArrayList<>(List.of("document_id", "store_id", "version", "source", "location", "url",
        "title", "author", "published", "language", "unit_id", "kind", "start", "end", "text", "relevant", "position",
        "position_score"));
    for (String t : targets) {
      h.add("stance_" + t);
      h.add("stance_" + t + "_score");
    }
    h.addAll(List.of("narratives", "techniques", "roles", "model"));
    return h;
  }

  static Exports.Summary write(Store store, OutputStream os) throws IOException {
    Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
    List<String> targets = store.stanceTargets();
    row(w, header(targets));
    long docs = 0;
    long rows = 0;
    long unanalysed = 0;
    try (Stream<Entry> s = store.stream(DocumentQuery.current().withText(false))) {
      for (Entry e : (Iterable<Entry>) s::iterator) {
        if (e.analysis() == null) {
          unanalysed++;
          continue;
        }
        DocumentDetail d = store.document(e.document().id()).orElseThrow();
        StoredDocument doc = d.document();
        docs++;
        for (UnitRow u : d.units()) {
          List<LabelRow> labels = d.labels().stream().filter(l -> u.unitId().equals(l.unitId())).toList();
          List<String> r = new ArrayList<>(List.of(doc.contentId(), String.valueOf(doc.id()),
              String.valueOf(doc.version()), doc.source(), doc.location(), nz(doc.url()), nz(doc.title()),
              nz(doc.author()), doc.published() == null ? "" : doc.published().toString(), doc.language(),
              u.unitId(), u.kind(), String.valueOf(u.start()), String.valueOf(u.end()),
              doc.text().substring(u.start(), u.end()), String.valueOf(u.relevant())));
          LabelRow pos = first(labels, LabelRow.POSITION, "");
          r.add(pos == null ? "" : pos.label());
          r.add(pos == null ? "" : score(pos.score()));
          for (String t : targets) {
            LabelRow st = first(labels, LabelRow.STANCE, t);
            r.add(st == null ? "" : st.label());
            r.add(st == null ? "" : score(st.score()));
          }
          r.add(list(labels, LabelRow.NARRATIVE, false));
          r.add(list(labels, LabelRow.TECHNIQUE, false));
          r.add(list(labels, LabelRow.ROLE, true));
          r.add(d.analysis().key().modelId());
          row(w, r);
          rows++;
        }
      }
    }
    w.flush();
    return new Exports.Summary(docs, rows, unanalysed);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static LabelRow first(List<LabelRow> labels, String dimension, String target) {
    for (LabelRow l : labels) {
      if (l.dimension().equals(dimension) && l.target().equals(target)) {
        return l;
      }
    }
    return null;
  }

  private static String list(List<LabelRow> labels, String dimension, boolean withTarget) {
    StringBuilder sb = new StringBuilder();
    for (LabelRow l : labels) {
      if (l.dimension().equals(dimension)) {
        if (!sb.isEmpty()) {
          sb.append(';');
        }
        if (withTarget) {
          sb.append(l.target()).append('=');
        }
        sb.append(l.label()).append(':').append(score(l.score()));
      }
    }
    return sb.toString();
  }

  static String score(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }

  static void row(Writer w, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(field(fields.get(i)));
    }
    w.write("\r\n");
  }

  static String field(String s) {
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
