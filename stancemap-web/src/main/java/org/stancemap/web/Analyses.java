package org.stancemap.web;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.stancemap.StancemapException;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Provenance;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.FileParser;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.search.store.StoreFeed;
import org.stancemap.sources.http.FetchException;
import org.stancemap.sources.http.HttpResponse;
import org.stancemap.sources.http.SafeHttp;
import org.stancemap.store.AnalysisKey;
import org.stancemap.store.ImportRun;
import org.stancemap.store.Put;

/**
 * The Analyze flow: pasted text, an uploaded file or a fetched URL becomes a stored document (one import run per
 * server, {@code serve analyze}), is analysed by the pipeline, stored with its labels and sentence vectors, and the
 * search index is brought up to date. One analysis at a time (the machines have few cores).
 */
final class Analyses implements AutoCloseable {
  /** File name extensions an upload may have, with the format hint ingest takes. */
  static final Map<String, String> UPLOAD_TYPES = Map.of("txt", "txt", "text", "txt", "md", "md", "markdown", "md",
      "html", "html", "htm", "html", "xhtml", "html");
  private static final Set<String> FETCH_TYPES = Set.of("text/html", "application/xhtml+xml", "text/plain",
      "text/markdown");

  private final Workbench wb;
  private final long maxBytes;
  private final Object lock = new Object();
  private final ActiveModel model;
  private ImportRun run;

  Analyses(Workbench wb, ActiveModel model, long maxBytes) {
    this.wb = wb;
    this.model = model;
    this.maxBytes = maxBytes;
  }

  private AnalysisKey key(org.stancemap.analysis.Analyzer analyzer) {
    Provenance p = analyzer.provenance();
    // the codebook the analyzer labels with (an edited one when its model is active), not the server's
    return new AnalysisKey(p.model(), analyzer.codebook().ref(), analyzer.codebook().sha256(), p.embedding(),
        p.version());
  }

  /** Result: the store id and how the put went. */
  record Stored(long id, String outcome) {}

  Stored paste(String text, String title, String source) {
    if (text == null || text.isBlank()) {
      throw new WebException.BadRequest("'text' is empty: paste the text to analyse");
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    checkSize(bytes.length, "the pasted text");
    String name = source == null || source.isBlank() ? "pasted" : source.strip();
    if (name.length() > 200) {
      throw new WebException.BadRequest("'source' is too long (at most 200 characters)");
    }
    Document d = read("pasted text", bytes, "txt");
    DocumentMeta meta = DocumentMeta.fromSource(null, blankToNull(title), null, null, null, null, null, Map.of());
    return store(new SourceItem("web:pasted/" + d.id(), name, d, meta));
  }

  Stored upload(String filename, byte[] bytes) {
    String name = filename == null ? "" : filename.replaceAll("[\\p{Cntrl}/\\\\]", "_");
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String hint = UPLOAD_TYPES.get(ext);
    FileParser parser = hint == null ? PARSERS.get(ext) : null;
    if (hint == null && parser == null) {
      TreeSet<String> all = new TreeSet<>(UPLOAD_TYPES.keySet());
      all.addAll(PARSERS.keySet());
      throw new WebException.Unsupported("upload '" + Params.shorten(name) + "': only " + all
          + " files can be analysed here");
    }
    checkSize(bytes.length, "upload '" + Params.shorten(name) + "'");
    Document d = parser != null ? parsed(parser, name, ext, bytes)
        : read("upload '" + Params.shorten(name) + "'", bytes, hint);
    DocumentMeta meta = DocumentMeta.fromSource(null, null, null, null, null, null, null, Map.of("filename", name));
    return store(new SourceItem("web:upload/" + d.id() + "/" + name, "upload", d, meta));
  }

  Stored url(String text) {
    SafeHttp http = wb.http();
    if (http == null) {
      throw new WebException.BadRequest("URL analysis is switched off on this server");
    }
    URI uri;
    try {
      uri = SafeHttp.parseUrl(text.strip());
    } catch (URISyntaxException | RuntimeException e) {
      throw new WebException.BadRequest("'url' is not a valid http or https URL: " + Params.shorten(text));
    }
    HttpResponse r;
    try {
      r = http.get(uri, FETCH_TYPES);
    } catch (FetchException e) {
      throw new WebException.BadRequest("could not fetch the URL: " + Params.message(String.valueOf(e.getMessage())));
    }
    String hint = r.mediaType() != null && r.mediaType().contains("html") ? "html" : "txt";
    Document d = read(r.uri().toString(), r.body(), hint);
    DocumentMeta meta = DocumentMeta.fromSource(r.uri().toString(), null, null, null, null, null, null, Map.of());
    String host = r.uri().getHost() == null ? "web" : r.uri().getHost();
    return store(new SourceItem(r.uri().toString(), host, d, meta));
  }

  /** The sources module's parsers for binary uploads (PDF, docx, meme images through OCR), found as services. */
  static final Map<String, FileParser> PARSERS = binaryParsers();

  private static Map<String, FileParser> binaryParsers() {
    Map<String, FileParser> out = new TreeMap<>();
    for (FileParser p : ServiceLoader.load(FileParser.class)) {
      for (String e : p.extensions()) {
        if (Set.of("pdf", "docx", "png", "jpg", "jpeg").contains(e)) {
          out.merge(e, p, (a, b) -> b.priority() > a.priority() ? b : a);
        }
      }
    }
    return Map.copyOf(out);
  }

  /** Runs a file parser on the upload written to a private temporary file; its messages never show that path. */
  private Document parsed(FileParser parser, String name, String ext, byte[] bytes) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("stancemap-upload");
      Path file = dir.resolve("upload." + ext);
      Files.write(file, bytes);
      List<Document> docs = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      String shown = "upload '" + Params.shorten(name) + "'";
      String path = file.toString();
      parser.parse(file, new ImportContext(wb.reader(), maxBytes, false, Map.of(), null), e -> {
        switch (e) {
          case SourceEvent.Item item -> docs.add(item.item().document());
          case SourceEvent.Failure f -> failures.add(f.reason().replace(path, shown).replace(dir().toString(), ""));
        }
      });
      if (docs.isEmpty()) {
        throw new WebException.BadRequest(failures.isEmpty() ? shown + ": no text found"
            : Params.message(failures.get(0)));
      }
      Document first = docs.get(0);
      return Document.ofText(name, first.text(), first.language());
    } catch (IOException e) {
      throw new WebException.Failure("the upload could not be stored for parsing", e);
    } finally {
      if (dir != null) {
        try (var files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
          // a temporary directory left behind is harmless
        }
      }
    }
  }

  private static Path dir() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private void checkSize(long n, String what) {
    if (n > maxBytes) {
      throw new WebException.TooLarge(what + " has " + n + " bytes; at most " + maxBytes + " are accepted");
    }
  }

  private Document read(String what, byte[] bytes, String hint) {
    try {
      return wb.reader().document(what, bytes, hint);
    } catch (StancemapException e) {
      throw new WebException.BadRequest(e.getMessage());
    }
  }

  private Stored store(SourceItem item) {
    synchronized (lock) {
      if (run == null) {
        run = wb.store().beginRun("serve analyze");
      }
      Put put = wb.store().put(run.id(), item);
      long id = put.documentId();
      org.stancemap.analysis.Analyzer analyzer = model.analyzer();
      // analysed (again) unless the stored analysis is by the active model and codebook: submitting a document
      // once more after an activation re-analyses it
      if (wb.store().analysis(id).map(a -> !analyzer.provenance().equals(a.provenance())).orElse(true)) {
        Document d = wb.store().ingestDocument(id).orElseThrow();
        List<float[]> vectors = new ArrayList<>();
        DocumentAnalysis a = analyzer.analyze(d, (s, v) -> vectors.add(v));
        int sentences = a.units().stream().mapToInt(u -> u.unit().sentences().size()).sum();
        wb.store().saveAnalysis(id, a, key(analyzer), vectors.size() == sentences ? vectors : null);
      }
      return new Stored(id, put.outcome().id());
    }
  }

  /** Brings the search index up to date with the store (what was analysed since its watermark). */
  void syncIndex() {
    if (wb.index() == null) {
      return;
    }
    synchronized (wb.index()) {
      String now = Long.toString(wb.store().lastAnalysisSeq());
      if (!now.equals(wb.index().watermark())) {
        wb.index().sync(new StoreFeed(wb.store(), wb.embedding() == null ? "none" : wb.embedding().info().id()));
      }
    }
  }

  /** {@link #syncIndex()} at start-up: a failure is logged, and search answers with its own error later. */
  void syncIndexQuietly(PrintStream log) {
    try {
      syncIndex();
    } catch (RuntimeException e) {
      log.println("stancemap serve: the search index could not be synced: " + e.getMessage());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (run != null) {
        wb.store().finishRun(run.id());
        run = null;
      }
    }
  }
}
