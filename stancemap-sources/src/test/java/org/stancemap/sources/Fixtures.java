package org.stancemap.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.LanguageDetector;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.Source;
import org.stancemap.ingest.source.SourceEvent;

/** Shared test helpers: one document reader (the language model loads once), contexts, event collection. */
public final class Fixtures {
  private static DocumentReader reader;

  private Fixtures() {}

  public static synchronized DocumentReader reader() {
    if (reader == null) {
      reader = new DocumentReader(new LanguageDetector(), DocumentReader.DEFAULT_MAX_BYTES, null);
    }
    return reader;
  }

  public static ImportContext context(boolean allowPrivate, Map<String, String> options) {
    return new ImportContext(reader(), DocumentReader.DEFAULT_MAX_BYTES, allowPrivate, options, null);
  }

  public static ImportContext context(long maxBytes, boolean allowPrivate, Map<String, String> options,
      Predicate<String> alreadyImported) {
    return new ImportContext(reader(), maxBytes, allowPrivate, options, alreadyImported);
  }

  /** Everything a source reported, in order. */
  public record Events(List<SourceEvent> all) {
    public List<SourceItem> items() {
      List<SourceItem> out = new ArrayList<>();
      for (SourceEvent e : all) {
        if (e instanceof SourceEvent.Item i) {
          out.add(i.item());
        }
      }
      return out;
    }

    public List<SourceEvent.Failure> failures() {
      List<SourceEvent.Failure> out = new ArrayList<>();
      for (SourceEvent e : all) {
        if (e instanceof SourceEvent.Failure f) {
          out.add(f);
        }
      }
      return out;
    }

    public SourceItem item(String location) {
      return items().stream().filter(i -> i.location().equals(location)).findFirst()
          .orElseThrow(() -> new AssertionError("no item at " + location + " in " + all));
    }
  }

  public static Events read(Source s, ImportContext c) {
    List<SourceEvent> all = new ArrayList<>();
    s.read(c, all::add);
    return new Events(all);
  }
}
