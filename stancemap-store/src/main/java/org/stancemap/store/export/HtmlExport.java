package org.stancemap.store.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.stancemap.report.HtmlReport;
import org.stancemap.store.DocumentQuery;
import org.stancemap.store.Entry;
import org.stancemap.store.Store;

/**
 * One self-contained HTML report ({@link HtmlReport}) of every current, analysed document, written one document
 * at a time.
 */
public final class HtmlExport {
  private HtmlExport() {}

  static Exports.Summary write(Store store, OutputStream os) throws IOException {
    Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
    w.write(HtmlReport.begin(List.of()));
    long docs = 0;
    long unanalysed = 0;
    try (Stream<Entry> s = store.stream(DocumentQuery.current().withText(false))) {
      for (Entry e : (Iterable<Entry>) s::iterator) {
        if (e.analysis() == null) {
          unanalysed++;
          continue;
        }
        w.write(HtmlReport.article(store.analysis(e.document().id()).orElseThrow()));
        docs++;
      }
    }
    w.write(HtmlReport.end());
    w.flush();
    return new Exports.Summary(docs, docs, unanalysed);
  }
}
