package org.stancemap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.ask.retrieval.InMemoryRetriever;
import org.stancemap.document.DocumentMeta;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.IngestResult;
import org.stancemap.ingest.LanguageDetector;
import org.stancemap.text.Span;
import org.stancemap.text.UnitKind;

/** Reads and analyses the inputs of {@code ask} and {@code explain} with the normal pipeline, in input order. */
final class Corpus {
  record Item(DocumentAnalysis analysis, DocumentMeta meta, Map<Span, float[]> vectors) {}

  final List<Item> items = new ArrayList<>();
  final List<String> failures = new ArrayList<>();

  private Corpus() {}

  static Corpus read(List<String> inputs, Wiring wiring, SharedOptions shared, PrintWriter err) {
    Inputs reader = new Inputs(new DocumentReader(new LanguageDetector(Wiring.cacheDir(shared)),
        DocumentReader.DEFAULT_MAX_BYTES, null), DocumentReader.DEFAULT_MAX_BYTES);
    List<String> files = new ArrayList<>();
    for (String in : inputs) {
      files.addAll(reader.expand(in, note -> {
        if (!shared.quiet) {
          err.println("stancemap: " + Terminal.printable(note));
        }
      }));
    }
    Analyzer analyzer = wiring.analyzer();
    Corpus c = new Corpus();
    Ordered.map(files, f -> reader.read(f, System.in).stream().map(r -> {
      if (!(r instanceof IngestResult.Loaded l)) {
        return (Object) r;
      }
      try {
        Map<Span, float[]> vectors = new HashMap<>();
        DocumentAnalysis a = analyzer.analyze(l.document(), (s, v) -> vectors.put(s.span(), v));
        return new Item(a, meta(a, l.source()), vectors);
      } catch (RuntimeException e) {
        return new IngestResult.Failed(l.source(), l.source() + ": could not be analysed (" + e + "); please report "
            + "it with this input");
      }
    }).toList(), files.contains("-") ? 1 : shared.threads, results -> results.forEach(result -> {
      if (result instanceof IngestResult.Failed failed) {
        c.failures.add(failed.reason());
        err.println("stancemap: " + Terminal.printable(failed.reason()));
        err.flush();
      } else if (result instanceof Item item) {
        if (c.items.stream().noneMatch(x -> x.meta().id().equals(item.meta().id()))) {
          c.items.add(item);
        } else if (!shared.quiet) {
          err.println("stancemap: " + Terminal.printable(item.meta().source()) + ": same text as an earlier input; counted once");
        }
      }
    }));
    return c;
  }

  /** File metadata: the title from the markup or the first title unit; no URL or date is known for a file. */
  static DocumentMeta meta(DocumentAnalysis a, String source) {
    String title = a.document().title();
    if (title == null) {
      title = a.units().stream().filter(u -> u.unit().kind() == UnitKind.TITLE).findFirst()
          .map(u -> u.unit().span().of(a.document().text()).replaceFirst("^#+\\s*", "").strip()).orElse(null);
    }
    return DocumentMeta.of(a.document().id(), title, source, null, null, a.document().language());
  }

  InMemoryRetriever retriever(Wiring wiring) {
    InMemoryRetriever.Builder b = InMemoryRetriever.builder(wiring.embedding());
    items.forEach(i -> b.add(i.analysis(), i.meta(), i.vectors()));
    return b.build();
  }
}
