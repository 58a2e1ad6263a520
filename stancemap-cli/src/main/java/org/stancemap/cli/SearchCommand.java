package org.stancemap.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stancemap.InvalidInputException;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;
import org.stancemap.search.SearchHit;
import org.stancemap.search.SearchIndex;
import org.stancemap.search.SearchMode;
import org.stancemap.search.SearchRequest;
import org.stancemap.search.SearchResults;
import org.stancemap.search.SyncReport;
import org.stancemap.search.store.StoreFeed;
import org.stancemap.search.store.StoreIndexes;
import org.stancemap.store.Store;
import org.stancemap.text.Span;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stancemap search QUERY}: brings the corpus's search index up to date with the store (what was analysed
 * since the last sync), then searches it. A thin adapter over {@link SearchIndex} and {@link StoreFeed}.
 *
 * <p>When another process writes the index (a running {@code stancemap serve}), the index is searched read-only as
 * last committed, without a sync, and the results say how many analyses it is behind the store (#19 point 7).
 */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = {"Search the analysed documents of a corpus: full text (BM25, \"phrases\", AND/OR/NOT), meaning "
        + "(nearest sentence embeddings) or both (hybrid, the default), with field filters such as "
        + "source:NAME, date:2023-01..2023-06, date:>2023-01-01, position:ID, narrative:ID, technique:ID, "
        + "stance.russia:against, role:ID, kind:comment, lang:en, title:WORD.",
        "The index lives beside the database (<db>.index) and is synced from it before every search; while "
            + "another process (stancemap serve) writes it, it is searched as last committed. See docs/search.md "
            + "for the whole syntax."},
    footer = {"", "Examples:", "  stancemap search 'sanctions oligarchs' --db corpus.db",
        "  stancemap search '\"proxy war\" date:2022 source:\"red flag weekly\"' --mode text",
        "  stancemap search 'ukrainians defending themselves' stance.russia:against --format json"})
final class SearchCommand implements Callable<Integer> {
  enum Format { text, json }

  @Parameters(arity = "1..*", paramLabel = "QUERY", description = "The query; several arguments are joined by spaces.")
  List<String> query;

  @CommandLine.Mixin DbOption db = new DbOption();

  @CommandLine.Mixin SharedOptions shared = new SharedOptions();

  @Option(names = "--index", paramLabel = "DIR", description = "The search index folder. Default: <db>.index "
      + "beside an SQLite file; stancemap-<host>-<db>.index in the working directory for a server URL.")
  Path index;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hybrid",
      description = "hybrid (full text and meaning, fused by reciprocal rank), text or semantic. "
          + "Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "10",
      description = "Hits to show (1..1000). Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
      description = "Hits to skip, for the next page. Default: ${DEFAULT-VALUE}.")
  int offset;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--no-sync", description = "Search the index as it is, without syncing it from the store first.")
  boolean noSync;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SearchRequest request = new SearchRequest(String.join(" ", query), SearchMode.parse(mode), offset, limit);
    SearchIndex.checkQuery(request.query());
    Path dir = index != null ? index : StoreIndexes.defaultFor(db.db);
    try (Store store = db.open(); Wiring wiring = new Wiring(shared, err);
        SearchIndex idx = SearchIndex.openForSearch(dir, wiring.embedding())) {
      StoreFeed feed = new StoreFeed(store, wiring.embedding().info().id());
      String behind = null;
      if (idx.readOnly()) {
        behind = behind(idx, feed);
      } else if (!noSync) {
        SyncReport r = idx.sync(feed);
        if (!shared.quiet && (r.put() > 0 || r.deleted() > 0 || r.rebuilt())) {
          err.println("search index " + dir + (r.rebuilt() ? " rebuilt (it was made with another embedding "
              + "model or schema)" : "") + ": " + r.put() + " document(s) indexed, " + r.deleted()
              + " removed, up to analysis " + r.to());
          if (feed.withoutVectors() > 0) {
            err.println("  " + feed.withoutVectors() + " of them without sentence vectors (unsupported language, or "
                + "analysed with another embedding model): found by full text only");
          }
        }
        if (idx.sentenceCount() == 0 && !shared.quiet) {
          err.println("search index " + dir + " is empty: import and analyse documents first "
              + "('stancemap import SOURCE --db " + db.db + "', then 'stancemap analyze --db " + db.db + "')");
        }
      }
      SearchResults results = idx.search(request);
      if (behind != null) {
        List<String> notes = new ArrayList<>();
        notes.add(behind + ": results may miss the newest documents");
        notes.addAll(results.notes());
        results = new SearchResults(results.request(), results.hits(), results.total(), results.exact(), notes);
      }
      if (format == Format.json) {
        out.println(JsonWriter.pretty(json(results)));
      } else {
        text(results, out);
      }
      if (format == Format.json) {
        results.notes().forEach(n -> err.println("note: " + n));
      }
      out.flush();
      err.flush();
      return StancemapTool.OK;
    } catch (UncheckedIOException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  /**
   * For an index opened read-only because another process writes it: how far its last commit is behind the
   * store, as the start of a note, or null when it holds every analysis of the store.
   */
  static String behind(SearchIndex idx, StoreFeed feed) {
    long n = feed.analysesAfter(idx.watermark());
    if (n == 0) {
      return null;
    }
    return "the search index is " + n + (n == 1 ? " analysis" : " analyses") + " behind the store; it is being "
        + "updated by another process (such as stancemap serve) and is read as last committed";
  }

  private static String date(SearchHit h) {
    return h.published() == null ? "undated" : h.published().atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  static void text(SearchResults r, PrintWriter out) {
    SearchRequest q = r.request();
    r.notes().forEach(n -> out.println("note: " + n));
    if (r.hits().isEmpty()) {
      out.println(q.offset() > 0 && r.total() > 0
          ? "no hits after " + q.offset() + " (" + r.total() + " in all)"
          : "no hits for: " + q.query());
      return;
    }
    // a query of filters only is not ranked: its matches are listed newest first
    boolean ranked = r.hits().stream().anyMatch(h -> h.textScore() != null || h.semanticScore() != null);
    out.printf(Locale.ROOT, "%s: hits %d-%d of %s%d%n", ranked ? q.mode().id() + " search" : "filter matches, "
        + "newest first", q.offset() + 1, q.offset() + r.hits().size(), r.exact() ? "" : "at least ", r.total());
    int n = q.offset();
    for (SearchHit h : r.hits()) {
      n++;
      out.printf(Locale.ROOT, "%n%d. %s | %s | %s%n", n, h.source() == null ? "unknown source" : h.source(), date(h),
          h.title() == null ? "(untitled)" : h.title());
      out.println("   " + h.highlighted("**", "**").replace('\n', ' '));
      StringBuilder where = new StringBuilder("   document ").append(h.documentId()).append(", ")
          .append(h.unitId()).append(' ').append(h.unitKind()).append(", chars ").append(h.span().start())
          .append('-').append(h.span().end());
      if (h.position() != null) {
        where.append(", position ").append(h.position());
      }
      out.println(where);
      if (ranked) {
        out.println("   matched: " + h.matched());
      }
      StringBuilder scores = new StringBuilder(ranked ? String.format(Locale.ROOT, "   score %.4f", h.score())
          : "  ");
      if (h.textScore() != null) {
        scores.append(String.format(Locale.ROOT, " (bm25 %.2f)", h.textScore()));
      }
      if (h.semanticScore() != null) {
        scores.append(String.format(Locale.ROOT, " (cosine %.3f)", h.semanticScore()));
      }
      if (h.url() != null) {
        scores.append("  ").append(h.url());
      }
      if (!scores.toString().isBlank()) {
        out.println(scores);
      }
    }
    if (q.offset() + r.hits().size() < r.total()) {
      out.println();
      out.println("more: --offset " + (q.offset() + r.hits().size()));
    }
  }

  static Json json(SearchResults r) {
    SearchRequest q = r.request();
    List<Json> hits = r.hits().stream().map(h -> (Json) Json.obj()
        .put("document_id", h.documentId()).put("title", h.title()).put("source", h.source()).put("url", h.url())
        .put("date", h.published() == null ? null : h.published().toString()).put("language", h.language())
        .put("unit_id", h.unitId()).put("unit_kind", h.unitKind()).put("sentence", h.sentence())
        .put("start", h.span().start()).put("end", h.span().end())
        .put("highlights", Json.arr(h.highlights().stream().map(SearchCommand::span).toList()))
        .put("unit_start", h.unitSpan().start()).put("unit_end", h.unitSpan().end())
        .put("score", h.score()).put("matched", h.matched())
        .put("text_score", h.textScore() == null ? Json.NULL : Json.of(h.textScore()))
        .put("semantic_score", h.semanticScore() == null ? Json.NULL : Json.of(h.semanticScore()))
        .put("position", h.position()).put("document_position", h.documentPosition())
        .put("narratives", Json.arr(h.narratives().stream().map(Json::of).toList()))
        .put("techniques", Json.arr(h.techniques().stream().map(Json::of).toList()))
        .put("stance", stance(h)).build()).toList();
    return Json.obj().put("schema", "stancemap.search/1").put("query", q.query()).put("mode", q.mode().id())
        .put("offset", q.offset()).put("limit", q.limit()).put("total", r.total()).put("total_exact", r.exact())
        .put("notes", Json.arr(r.notes().stream().map(Json::of).toList())).put("hits", Json.arr(hits)).build();
  }

  private static Json span(Span s) {
    return Json.arr(List.of(Json.of(s.start()), Json.of(s.end())));
  }

  private static Json stance(SearchHit h) {
    Json.ObjBuilder b = Json.obj();
    h.stance().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.put(e.getKey(),
        e.getValue()));
    return b.build();
  }
}
