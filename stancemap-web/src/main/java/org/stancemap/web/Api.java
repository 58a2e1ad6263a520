package org.stancemap.web;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.stancemap.InvalidInputException;
import org.stancemap.JsonException;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.ask.AskService;
import org.stancemap.ask.answer.Answer;
import org.stancemap.ask.answer.AnswerJson;
import org.stancemap.ask.question.QuestionParser;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Target;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.search.SearchHit;
import org.stancemap.search.SearchIndex;
import org.stancemap.search.SearchMode;
import org.stancemap.search.SearchRequest;
import org.stancemap.search.SearchResults;
import org.stancemap.store.CorpusFilter;
import org.stancemap.store.CorpusItem;
import org.stancemap.store.CorpusListing;
import org.stancemap.store.CorpusQueries;
import org.stancemap.store.CorpusQueries.DashboardLabels;
import org.stancemap.store.DocumentDetail;
import org.stancemap.store.Review;
import org.stancemap.store.ReviewAgreement;
import org.stancemap.store.Reviews;
import org.stancemap.store.StoredDocument;

/** The JSON API's handlers (see {@link WebServer} for the routes and {@code /openapi.json} for the contract). */
final class Api {
  static final int MAX_LIMIT = 200;
  static final Set<String> MODES = Set.of("hybrid", "text", "semantic");
  static final Set<String> DASHBOARDS = Set.of("narratives-over-time", "positions-by-source", "stance-over-time",
      "narrative-cooccurrence");

  private final Workbench wb;
  private final CorpusQueries sql;
  private final Reviews reviews;
  private final Analyses analyses;
  private final StoreRetriever retriever;
  private final long maxUpload;
  private final ActiveModel model;
  private final Retraining retraining;
  private final CodebookEdits edits;

  Api(Workbench wb, CorpusQueries sql, Reviews reviews, Analyses analyses, ActiveModel model, Retraining retraining,
      CodebookEdits edits, long maxUpload) {
    this.wb = wb;
    this.model = model;
    this.retraining = retraining;
    this.edits = edits;
    this.sql = sql;
    this.reviews = reviews;
    this.analyses = analyses;
    this.maxUpload = maxUpload;
    this.retriever = new StoreRetriever(wb.store(), wb.index(), wb.embedding()).withSql(sql);
  }

  static void json(Context ctx, Json body) {
    ctx.contentType("application/json; charset=utf-8").result(org.stancemap.json.JsonWriter.compact(body));
  }

  private static Json strings(List<String> l) {
    return Json.arr(l.stream().map(Json::of).toList());
  }

  // ---- corpus ------------------------------------------------------------------------------------------------

  void corpus(Context ctx) {
    int limit = Params.integer(ctx, "limit", 20, 1, MAX_LIMIT);
    int offset = Params.integer(ctx, "offset", 0, 0, 10_000_000);
    CorpusFilter f = new CorpusFilter(Params.text(ctx, "source", 200), Params.date(ctx, "from"),
        Params.date(ctx, "to"), Params.text(ctx, "position", 100), Params.text(ctx, "narrative", 100),
        Params.text(ctx, "technique", 100), null);
    if (f.from() != null && f.to() != null && f.to().isBefore(f.from())) {
      throw new WebException.BadRequest("parameter 'to' (" + f.to() + ") is before 'from' (" + f.from() + ")");
    }
    String q = Params.text(ctx, "q", 500);
    List<String> notes = new ArrayList<>();
    // with a query: each listed document's best-ranked sentence, shown on its card instead of the text's start
    Map<Long, SearchHit> best = new LinkedHashMap<>();
    if (q != null) {
      String mode = Params.choice(ctx, "mode", MODES);
      SearchResults r = search(q, mode == null ? "hybrid" : mode, 0, SearchRequest.MAX_LIMIT);
      Set<String> seen = new LinkedHashSet<>();
      for (SearchHit h : r.hits()) {
        if (seen.add(h.documentId())) {
          sql.idOf(h.documentId()).ifPresent(id -> best.putIfAbsent(id, h));
        }
      }
      f = f.withIds(new ArrayList<>(best.keySet()));
      notes.addAll(r.notes());
    }
    CorpusListing l = sql.list(f, offset, limit);
    List<Json> items = new ArrayList<>();
    for (CorpusItem i : l.items()) {
      items.add(Json.obj().put("id", i.id()).put("contentId", i.contentId()).put("title", i.title())
          .put("source", i.source()).put("url", i.url()).put("published", i.published())
          .put("position", i.position()).put("positionScore", i.positionScore() == null ? Json.NULL
              : Json.of(i.positionScore()))
          .put("excerpt", i.excerpt())
          .put("match", best.containsKey(i.id()) ? match(best.get(i.id())) : Json.NULL)
          .put("stance", new Json.Obj(i.stance()))
          .put("narratives", strings(i.narratives())).put("techniques", strings(i.techniques())).build());
    }
    json(ctx, Json.obj().put("items", Json.arr(items)).put("total", l.total()).put("offset", offset)
        .put("limit", limit).put("notes", strings(notes)).build());
  }

  void facets(Context ctx) {
    Codebook cb = model.codebook();
    json(ctx, Json.obj().put("sources", strings(sql.sources()))
        .put("positions", strings(positions()))
        .put("narratives", labels(cb.narratives())).put("techniques", labels(cb.techniques()))
        .put("targets", Json.arr(cb.targets().stream().map(t -> (Json) Json.obj().put("id", t.id())
            .put("name", t.name()).build()).toList())).build());
  }

  private List<String> positions() {
    List<String> out = new ArrayList<>(model.codebook().positions().stream().map(p -> p.id()).toList());
    for (String extra : List.of("unrelated", "mixed")) {
      if (!out.contains(extra)) {
        out.add(extra);
      }
    }
    return out;
  }

  private static Json labels(List<Label> ls) {
    return Json.arr(ls.stream().map(l -> (Json) Json.obj().put("id", l.id()).put("name", l.name()).build()).toList());
  }

  // ---- one document --------------------------------------------------------------------------------------------

  void document(Context ctx) {
    long id = Params.id(ctx);
    DocumentDetail d = wb.store().document(id)
        .orElseThrow(() -> new WebException.NotFound("no document " + id + " in this corpus"));
    StoredDocument doc = d.document();
    Json analysis = Json.NULL;
    if (d.analysis() != null) {
      Json.Obj a = JsonParser.parse(d.analysis().json()).asObj("analysis");
      Map<String, Json> fields = new LinkedHashMap<>(a.fields());
      fields.remove("text");
      fields.remove("source");
      analysis = new Json.Obj(fields);
    }
    String title = doc.title() != null ? doc.title() : doc.text() == null ? null
        : CorpusQueries.firstLine(doc.text().substring(0, Math.min(400, doc.text().length())));
    json(ctx, Json.obj().put("id", doc.id()).put("contentId", doc.contentId()).put("title", title)
        .put("source", doc.source()).put("url", doc.url()).put("author", doc.author())
        .put("published", doc.published() == null ? null : doc.published().toString())
        .put("language", doc.language()).put("format", doc.format()).put("version", doc.version())
        .put("current", doc.current()).put("text", doc.text()).put("analysis", analysis).build());
  }

  // ---- search --------------------------------------------------------------------------------------------------

  private SearchResults search(String q, String mode, int offset, int limit) {
    SearchIndex index = wb.index();
    if (index == null) {
      throw new WebException.BadRequest("this server has no search index, so 'q' cannot be used");
    }
    try {
      SearchIndex.checkQuery(q);
      analyses.syncIndex();
      return index.search(new SearchRequest(q, SearchMode.parse(mode), offset, limit));
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw new WebException.BadRequest("query '" + Params.shorten(q) + "': " + e.getMessage());
    }
  }

  /**
   * Where and why a sentence matched: {@code unit}, {@code sentence}, its {@code start} and {@code end} in the
   * document text, {@code highlights} ({@code [start, end]} within the sentence), {@code matched} (as
   * {@link SearchHit#matched()}), {@code textScore} and {@code semanticScore} (null when not in that list).
   */
  private static Json.ObjBuilder matchFields(Json.ObjBuilder b, SearchHit h) {
    return b.put("unit", h.unitId()).put("sentence", h.sentence()).put("start", h.span().start())
        .put("end", h.span().end())
        .put("highlights", Json.arr(h.highlights().stream().map(s -> (Json) Json.arr(List.of(
            Json.of(s.start() - h.span().start()), Json.of(s.end() - h.span().start())))).toList()))
        .put("matched", h.matched())
        .put("textScore", h.textScore() == null ? Json.NULL : Json.of(h.textScore()))
        .put("semanticScore", h.semanticScore() == null ? Json.NULL : Json.of(h.semanticScore()));
  }

  private static Json match(SearchHit h) {
    return matchFields(Json.obj(), h).build();
  }

  void search(Context ctx) {
    String q = Params.text(ctx, "q", 500);
    if (q == null) {
      throw new WebException.BadRequest("parameter 'q' is required: the search query");
    }
    String mode = Params.choice(ctx, "mode", MODES);
    int limit = Params.integer(ctx, "limit", 20, 1, MAX_LIMIT);
    int offset = Params.integer(ctx, "offset", 0, 0, 10_000);
    SearchResults r = search(q, mode == null ? "hybrid" : mode, offset, limit);
    List<Json> hits = new ArrayList<>();
    for (SearchHit h : r.hits()) {
      long id = sql.idOf(h.documentId()).orElse(-1L);
      hits.add(matchFields(Json.obj().put("id", id).put("title", h.title())
          .put("source", h.source()).put("published", h.published() == null ? null : h.published().toString())
          .put("score", h.score()).put("position", h.documentPosition()), h).build());
    }
    json(ctx, Json.obj().put("hits", Json.arr(hits)).put("total", r.total()).put("exact", r.exact())
        .put("offset", offset).put("limit", limit).put("notes", strings(r.notes())).build());
  }

  // ---- ask -----------------------------------------------------------------------------------------------------

  void ask(Context ctx) {
    Json.Obj body = body(ctx);
    String question = string(body, "question", QuestionParser.MAX_LENGTH, true);
    int k = (int) integer(body, "k", 40, 1, 500);
    // the active codebook: its label names in the answer, its labels recognised in the question (synonyms of labels
    // it no longer has are unused)
    QuestionParser parser = new QuestionParser(model.codebook(), wb.synonyms(), sql.sources());
    Answer a;
    try {
      a = new AskService(parser, retriever, null).ask(question, k);
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw new WebException.BadRequest("question: " + e.getMessage());
    }
    Json.Obj out = AnswerJson.of(a);
    // each citation gets the store id of its document, for links to the document page
    Map<String, Json> fields = new LinkedHashMap<>(out.fields());
    List<Json> cites = new ArrayList<>();
    for (Json c : out.get("citations") instanceof Json.Arr arr ? arr.items() : List.<Json>of()) {
      Map<String, Json> cf = new LinkedHashMap<>(c.asObj("citation").fields());
      Json doc = cf.get("document");
      long id = doc instanceof Json.Str s ? sql.idOf(s.value()).orElse(-1L) : -1L;
      cf.put("documentId", Json.of(id));
      cites.add(new Json.Obj(cf));
    }
    fields.put("citations", Json.arr(cites));
    json(ctx, new Json.Obj(fields));
  }

  // ---- analyze -------------------------------------------------------------------------------------------------

  /** Whether a multipart failure was Jetty refusing a part or request over its size limits. */
  private static boolean tooLarge(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("exceeds") || m.contains("too large") || m.contains("max")
          || c instanceof org.eclipse.jetty.http.HttpException h && h.getCode() == 413) {
        return true;
      }
    }
    return false;
  }

  void analyze(Context ctx) {
    Analyses.Stored s;
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (type.startsWith("multipart/form-data")) {
      UploadedFile file;
      try {
        file = ctx.uploadedFile("file");
      } catch (Exception e) { // Jetty throws ServletException (checked, unchecked through Kotlin) for bad parts
        // an upload over Jetty's multipart limits fails here too: say so with 413, not as a malformed request
        if (ctx.req().getContentLengthLong() > maxUpload || tooLarge(e)) {
          throw new WebException.TooLarge("the upload has " + Math.max(0, ctx.req().getContentLengthLong())
              + " bytes; at most " + maxUpload + " are accepted");
        }
        throw new WebException.BadRequest("the upload could not be read as multipart/form-data");
      }
      if (file == null) {
        throw new WebException.BadRequest("multipart upload without a 'file' part");
      }
      if (file.size() > maxUpload) {
        throw new WebException.TooLarge("upload has " + file.size() + " bytes; at most " + maxUpload + " are accepted");
      }
      byte[] bytes;
      try (InputStream in = file.content()) {
        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxUpload + 1));
      } catch (IOException | RuntimeException e) {
        throw new WebException.BadRequest("the upload could not be read");
      }
      s = analyses.upload(file.filename(), bytes);
    } else {
      Json.Obj body = body(ctx);
      String url = string(body, "url", 2000, false);
      if (url != null) {
        s = analyses.url(url);
      } else {
        s = analyses.paste(string(body, "text", (int) Math.min(Integer.MAX_VALUE, maxUpload), true),
            string(body, "title", 300, false), string(body, "source", 200, false));
      }
    }
    analyses.syncIndex();
    ctx.status(201);
    json(ctx, Json.obj().put("id", s.id()).put("outcome", s.outcome()).put("location", "/doc/" + s.id()).build());
  }

  // ---- review --------------------------------------------------------------------------------------------------

  /** The reviewable dimensions of a unit and the labels each allows. */
  Map<String, List<String>> choices() {
    Codebook cb = model.codebook();
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("position", positions().stream().filter(p -> !p.equals("mixed")).toList());
    for (Target t : cb.targets()) {
      c.put("stance:" + t.id(), List.of("favor", "against", "none"));
    }
    List<String> n = new ArrayList<>(cb.narratives().stream().map(Label::id).toList());
    n.add("none");
    c.put("narrative", n);
    List<String> te = new ArrayList<>(cb.techniques().stream().map(Label::id).toList());
    te.add("none");
    c.put("technique", te);
    return c;
  }

  /** The analysis's label of {@code unit} in {@code dimension} (the top one for narratives and techniques). */
  static String aiLabel(UnitAnalysis u, String dimension) {
    if (dimension.equals("position")) {
      return u.position() == null ? "unrelated" : u.position().label();
    }
    if (dimension.startsWith("stance:")) {
      StanceResult r = u.stance().get(dimension.substring(7));
      return r == null ? "none" : r.label().id();
    }
    List<Scored> ls = dimension.equals("narrative") ? u.narratives() : u.techniques();
    return ls.isEmpty() ? "none" : ls.get(0).id();
  }

  private DocumentAnalysis analysisOf(long id) {
    return wb.store().analysis(id)
        .orElseThrow(() -> new WebException.NotFound("document " + id + " does not exist or has no analysis"));
  }

  void reviewDocument(Context ctx) {
    long id = Params.id(ctx);
    DocumentAnalysis a = analysisOf(id);
    Map<String, List<String>> choices = choices();
    Map<String, Map<String, Review>> done = new LinkedHashMap<>();
    for (Review r : reviews.latest(id, a.document().id())) {
      done.computeIfAbsent(r.unitId(), k -> new LinkedHashMap<>()).put(r.dimension(), r);
    }
    String text = a.document().text();
    List<Json> units = new ArrayList<>();
    for (UnitAnalysis u : a.units()) {
      if (!u.relevant()) {
        continue;
      }
      Json.ObjBuilder labels = Json.obj();
      Json.ObjBuilder human = Json.obj();
      List<Json> stale = new ArrayList<>();
      for (String dim : choices.keySet()) {
        String ai = aiLabel(u, dim);
        labels.put(dim, ai);
        if (!choices.get(dim).contains(ai)) {
          stale.add(Json.of(dim));
        }
        Review r = done.getOrDefault(u.unit().id(), Map.of()).get(dim);
        if (r != null) {
          human.put(dim, review(r));
        }
      }
      units.add(Json.obj().put("id", u.unit().id()).put("kind", u.unit().kind().name().toLowerCase(
          Locale.ROOT)).put("start", u.unit().span().start()).put("end", u.unit().span().end())
          .put("text", u.unit().span().of(text)).put("labels", labels.build()).put("reviews", human.build())
          .put("notInCodebook", Json.arr(stale)).build());
    }
    Json.ObjBuilder ch = Json.obj();
    choices.forEach((k, v) -> ch.put(k, strings(v)));
    String title = a.document().title() != null ? a.document().title()
        : CorpusQueries.firstLine(text.substring(0, Math.min(400, text.length())));
    json(ctx, Json.obj().put("id", id).put("title", title).put("choices", ch.build())
        .put("units", Json.arr(units)).put("agreement", agreementJson())
        .put("note", "labels listed in a unit's notInCodebook are no longer in the active codebook: this analysis"
            + " is older and keeps them until the document is analysed again; review them with a current label")
        .build());
  }

  private static Json review(Review r) {
    return Json.obj().put("id", r.id()).put("documentId", r.documentId()).put("unit", r.unitId())
        .put("dimension", r.dimension()).put("ai", r.aiLabel()).put("label", r.humanLabel())
        .put("reviewer", r.reviewer()).put("at", r.at().toString()).build();
  }

  void addReview(Context ctx) {
    Json.Obj body = body(ctx);
    long id = integer(body, "documentId", -1, 1, Long.MAX_VALUE);
    String unit = string(body, "unit", 20, true);
    String dimension = string(body, "dimension", 60, true);
    String label = string(body, "label", 100, true);
    String reviewer = string(body, "reviewer", 80, true);
    Map<String, List<String>> choices = choices();
    if (!choices.containsKey(dimension)) {
      throw new WebException.BadRequest("'dimension' must be one of " + choices.keySet() + ", found '"
          + Params.shorten(dimension) + "'");
    }
    if (!choices.get(dimension).contains(label)) {
      throw new WebException.BadRequest("'label' for " + dimension + " must be one of the active codebook's "
          + choices.get(dimension) + ", found '" + Params.shorten(label) + "' (a label removed from the codebook stays"
          + " in older analyses until they are re-analysed, but cannot be given in a review)");
    }
    DocumentAnalysis a = analysisOf(id);
    UnitAnalysis u = a.units().stream().filter(x -> x.unit().id().equals(unit)).findFirst()
        .orElseThrow(() -> new WebException.BadRequest("document " + id + " has no unit '" + Params.shorten(unit)
            + "'"));
    Review r = reviews.add(id, a.document().id(), unit, dimension, aiLabel(u, dimension), label,
        reviewer);
    ctx.status(201);
    json(ctx, Json.obj().put("review", review(r)).put("agreement", agreementJson()).build());
  }

  void agreement(Context ctx) {
    json(ctx, Json.obj().put("agreement", agreementJson()).build());
  }

  private Json agreementJson() {
    List<Json> out = new ArrayList<>();
    for (ReviewAgreement g : reviews.agreement()) {
      out.add(Json.obj().put("dimension", g.dimension()).put("n", g.n()).put("agreed", g.agreed())
          .put("accuracy", num(g.accuracy())).put("kappa", num(g.kappa())).put("alpha", num(g.alpha())).build());
    }
    return Json.arr(out);
  }

  private static Json num(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? Json.NULL : Json.of(d);
  }

  // ---- retraining ----------------------------------------------------------------------------------------------

  void retrain(Context ctx) {
    if (ctx.bodyAsBytes().length > 0) {
      body(ctx); // an optional empty JSON object; anything else is a malformed request
    }
    json(ctx, retraining.retrain());
  }

  void activate(Context ctx) {
    Json.Obj body = body(ctx);
    String name = string(body, "model", 100, true);
    retraining.activate(name, by(body, "activated_by"));
    model(ctx);
  }

  void activateDefault(Context ctx) {
    Json.Obj body = ctx.bodyAsBytes().length > 0 ? body(ctx) : new Json.Obj(Map.of());
    retraining.activateDefault(by(body, "activated_by"));
    model(ctx);
  }

  private static String by(Json.Obj body, String key) {
    String by = string(body, key, 100, false);
    return by == null || by.isBlank() ? "web" : by.strip();
  }

  void model(Context ctx) {
    ActiveModel.State s = model.state();
    Codebook cb = s.analyzer().codebook();
    json(ctx, Json.obj().put("id", s.analyzer().provenance().model()).put("file", s.file())
        .put("default", model.defaultAnalyzer().provenance().model()).put("isDefault", s.file() == null)
        .put("codebook", Json.obj().put("id", cb.id()).put("version", cb.version()).put("sha256", cb.sha256())
            .put("file", s.codebookFile()).build())
        .put("activatedBy", s.by()).put("activatedAt", s.at() == null ? null : s.at().toString())
        .put("notice", model.notice())
        .put("models", strings(retraining.models())).build());
  }

  // ---- dashboards ----------------------------------------------------------------------------------------------

  /** The {@code period} parameter of the time charts: {@code auto} (the default) chooses from the data. */
  static final Set<String> PERIODS = Set.of("auto", "month", "quarter", "year");

  void dashboard(Context ctx) {
    String name = ctx.pathParam("name");
    if (!DASHBOARDS.contains(name)) {
      throw new WebException.NotFound("no dashboard '" + Params.shorten(name) + "'; there are "
          + new TreeSet<>(DASHBOARDS));
    }
    String format = Params.choice(ctx, "format", Set.of("json", "csv"));
    String period = Params.choice(ctx, "period", PERIODS);
    Timeline t = switch (name) {
      case "narratives-over-time" -> timeline(sql.narrativesByMonth(), List.of("narrative", "documents"),
          DashboardLabels.NARRATIVE, period);
      case "positions-by-source" -> new Timeline(List.of("source", "position", "documents"),
          sql.positionsBySource(), null);
      case "stance-over-time" -> timeline(sql.stanceByMonth(), List.of("target", "stance", "documents"),
          DashboardLabels.STANCE, period);
      default -> new Timeline(List.of("narrative_a", "narrative_b", "documents"), sql.narrativeCooccurrence(), null);
    };
    if ("csv".equals(format)) {
      StringBuilder sb = new StringBuilder(String.join(",", t.columns())).append("\r\n");
      for (List<Object> r : t.rows()) {
        List<String> cells = new ArrayList<>();
        r.forEach(v -> cells.add(csv(String.valueOf(v))));
        sb.append(String.join(",", cells)).append("\r\n");
      }
      ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
      ctx.contentType("text/csv; charset=utf-8").result(sb.toString());
      return;
    }
    List<Json> jr = new ArrayList<>();
    for (List<Object> r : t.rows()) {
      jr.add(Json.arr(r.stream().map(v -> v instanceof Long l ? Json.of(l) : Json.of((String) v)).toList()));
    }
    Json.ObjBuilder b = Json.obj().put("name", name).put("columns", strings(t.columns())).put("rows", Json.arr(jr));
    if (t.axis() != null) {
      t.axis().fields().forEach(b::put);
    }
    json(ctx, b.build());
  }

  /**
   * A chart's columns and rows; for a time chart also its axis: {@code period}, {@code periods} (every bucket
   * shown, empty ones included, and a break between runs), {@code first} and {@code last} month shown, {@code gaps}
   * (the months skipped at each break, {@code {from, to}}), {@code undated} (documents of the
   * chart's kind without a date, not on it), {@code before} and {@code after} (dated documents left out as
   * outliers, see {@link Periods}).
   */
  private record Timeline(List<String> columns, List<List<Object>> rows, Json.Obj axis) {}

  /**
   * Monthly rows ({@code [yyyy-MM, key..., documents]}) summed into the buckets of the axis that {@link Periods}
   * chooses for this chart's documents ({@code period=auto}), or of the bucket asked for (every month kept).
   */
  private Timeline timeline(List<List<Object>> monthly, List<String> rest, DashboardLabels labels, String period) {
    SortedMap<YearMonth, Long> docs = Periods.perMonth(sql.documentsByMonth(labels));
    long undated = sql.undated(labels);
    if (docs.isEmpty()) {
      List<String> cols = new ArrayList<>(List.of(period == null || period.equals("auto") ? "month" : period));
      cols.addAll(rest);
      return new Timeline(cols, List.of(), Json.obj().put("period", Json.NULL).put("periods", Json.arr(List.of()))
          .put("first", Json.NULL).put("last", Json.NULL).put("gaps", Json.arr(List.of())).put("undated", undated)
          .put("before", 0L)
          .put("after", 0L).build());
    }
    Periods.Axis axis = period == null || period.equals("auto") ? Periods.choose(docs)
        : Periods.fixed(Periods.Unit.of(period), docs);
    List<String> buckets = axis.buckets();
    Map<List<Object>, Long> sums = new LinkedHashMap<>();
    for (List<Object> r : monthly) {
      YearMonth m = Periods.month((String) r.get(0));
      if (m == null || !axis.shows(m)) {
        continue;
      }
      List<Object> key = new ArrayList<>();
      key.add(axis.unit().bucket(m));
      key.addAll(r.subList(1, r.size() - 1));
      sums.merge(key, (Long) r.get(r.size() - 1), Long::sum);
    }
    List<List<Object>> rows = new ArrayList<>();
    sums.forEach((k, n) -> {
      List<Object> row = new ArrayList<>(k);
      row.add(n);
      rows.add(row);
    });
    rows.sort(Comparator.<List<Object>>comparingInt(r -> buckets.indexOf((String) r.get(0)))
        .thenComparing(r -> String.join("\u0000", r.subList(1, r.size() - 1).stream().map(String::valueOf).toList())));
    List<String> cols = new ArrayList<>(List.of(axis.unit().id()));
    cols.addAll(rest);
    return new Timeline(cols, rows, Json.obj().put("period", axis.unit().id()).put("periods", strings(buckets))
        .put("first", axis.first().toString()).put("last", axis.last().toString())
        .put("gaps", Json.arr(axis.gaps().stream().map(g -> (Json) Json.obj().put("from", g.first().toString())
            .put("to", g.last().toString()).build()).toList()))
        .put("undated", undated).put("before", axis.before()).put("after", axis.after()).build());
  }

  /** A CSV cell: quoted when needed, and a leading = + - @ defused so spreadsheets do not run it as a formula. */
  static String csv(String v) {
    String s = v;
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      s = "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  // ---- codebook ------------------------------------------------------------------------------------------------

  /** The codebook that {@code file} names (a saved edit), or the active one (the one the active model labels with). */
  private record Base(Codebook codebook, String file) {}

  private Base base(String file) {
    if (file == null) {
      ActiveModel.State s = model.state();
      return new Base(s.analyzer().codebook(), s.codebookFile());
    }
    return new Base(edits.load(file), file);
  }

  void codebook(Context ctx) {
    ActiveModel.State s = model.state();
    Base b = base(Params.text(ctx, "file", 200));
    Codebook cb = b.codebook();
    boolean active = cb.sha256().equals(s.analyzer().codebook().sha256());
    json(ctx, Json.obj().put("id", cb.id()).put("version", cb.version()).put("name", cb.name())
        .put("description", cb.description()).put("sha256", cb.sha256()).put("file", b.file())
        .put("active", active).put("activeFile", s.codebookFile()).put("activeVersion", s.analyzer().codebook()
            .version())
        .put("saved", strings(edits.files()))
        .put("targets", Json.arr(cb.targets().stream().map(t -> (Json) Json.obj().put("id", t.id())
            .put("name", t.name()).put("definition", t.definition()).put("aliases", strings(t.aliases())).build())
            .toList()))
        .put("positions", Json.arr(cb.positions().stream().map(p -> full(p.label())).toList()))
        .put("narratives", Json.arr(cb.narratives().stream().map(Api::full).toList()))
        .put("techniques", Json.arr(cb.techniques().stream().map(Api::full).toList()))
        .put("roles", Json.arr(cb.roles().stream().map(Api::full).toList())).build());
  }

  void editLabel(Context ctx) {
    Json.Obj body = body(ctx);
    String definition = string(body, "definition", 4000, false);
    List<String> exemplars = stringList(body, "exemplars");
    List<String> nearMisses = stringList(body, "near_misses");
    if (definition == null && exemplars == null && nearMisses == null) {
      throw new WebException.BadRequest("send at least one of 'definition', 'exemplars' or 'near_misses'");
    }
    String by = string(body, "edited_by", 100, false);
    Base b = base(string(body, "base", 200, false));
    CodebookEdits.Written w = edits.edit(b.codebook(), b.file(), ctx.pathParam("kind"), ctx.pathParam("id"),
        new CodebookEdits.Edit(definition, exemplars, nearMisses, by));
    written(ctx, w, b, List.of());
  }

  void addLabel(Context ctx) {
    Json.Obj body = body(ctx);
    Base b = base(string(body, "base", 200, false));
    CodebookEdits.NewLabel l = new CodebookEdits.NewLabel(string(body, "id", 100, false),
        string(body, "name", 200, false), string(body, "definition", 4000, false), stringList(body, "exemplars"),
        stringList(body, "near_misses"), string(body, "edited_by", 100, false));
    written(ctx, edits.add(b.codebook(), b.file(), ctx.pathParam("kind"), l), b, List.of());
  }

  void removeLabel(Context ctx) {
    Json.Obj body = ctx.bodyAsBytes().length > 0 ? body(ctx) : new Json.Obj(Map.of());
    Base b = base(string(body, "base", 200, false));
    String kind = ctx.pathParam("kind");
    String id = ctx.pathParam("id");
    CodebookEdits.Written w = edits.remove(b.codebook(), b.file(), kind, id, string(body, "edited_by", 100, false));
    long analysesUsing = sql.analysesWithLabel(kind, id);
    long reviewsUsing = reviews.reviewsWithLabel(kind, id);
    List<String> notes = new ArrayList<>();
    if (analysesUsing > 0 || reviewsUsing > 0) {
      notes.add(analysesUsing + " stored analys" + (analysesUsing == 1 ? "is" : "es") + " and " + reviewsUsing
          + " review" + (reviewsUsing == 1 ? "" : "s") + " use " + kind + " '" + id + "': they keep it until the"
          + " documents are analysed again with a model of this codebook (old reviews keep their labels; retraining"
          + " ignores the removed " + kind + ")");
    }
    written(ctx, w, b, notes, Json.obj().put("analyses", analysesUsing).put("reviews", reviewsUsing).build());
  }

  private void written(Context ctx, CodebookEdits.Written w, Base b, List<String> more) {
    written(ctx, w, b, more, null);
  }

  private void written(Context ctx, CodebookEdits.Written w, Base b, List<String> more, Json inUse) {
    List<String> notes = new ArrayList<>(w.notes());
    notes.addAll(more);
    ctx.status(201);
    Json.ObjBuilder o = Json.obj().put("file", w.file()).put("id", w.codebook().id())
        .put("version", w.codebook().version()).put("sha256", w.codebook().sha256()).put("base", b.file())
        .put("baseVersion", b.codebook().version()).put("notes", strings(notes));
    if (inUse != null) {
      o.put("inUse", inUse);
    }
    json(ctx, o.build());
  }

  void retrainCodebook(Context ctx) {
    Json.Obj body = body(ctx);
    String file = string(body, "file", 200, true);
    Json act = body.get("activate");
    if (!(act instanceof Json.Null) && !(act instanceof Json.Bool)) {
      throw new WebException.BadRequest("'activate' must be true or false, found " + act.typeName());
    }
    Codebook cb = edits.load(file);
    Json result = retraining.retrain(cb, file);
    boolean activated = act instanceof Json.Bool bo && bo.value();
    if (activated) {
      retraining.activate(result.asObj("result").get("model").asString("model"), by(body, "activated_by"));
    }
    Json.ObjBuilder out = Json.obj();
    result.asObj("result").fields().forEach(out::put);
    json(ctx, out.put("activated", activated).build());
  }

  private static List<String> stringList(Json.Obj o, String key) {
    Json v = o.get(key);
    if (v instanceof Json.Null) {
      return null;
    }
    if (!(v instanceof Json.Arr a)) {
      throw new WebException.BadRequest("'" + key + "' must be a list of strings, found " + v.typeName());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.items().size(); i++) {
      if (!(a.items().get(i) instanceof Json.Str s) || s.value().length() > 2000) {
        throw new WebException.BadRequest("'" + key + "[" + i + "]' must be a string of at most 2000 characters");
      }
      if (!s.value().isBlank()) {
        out.add(s.value().strip());
      }
    }
    return out;
  }

  private static Json full(Label l) {
    return Json.obj().put("id", l.id()).put("name", l.name()).put("definition", l.definition())
        .put("exemplars", strings(l.exemplars())).put("nearMisses", strings(l.nearMisses())).build();
  }

  // ---- request bodies --------------------------------------------------------------------------------------------

  private Json.Obj body(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new WebException.BadRequest("the request body must be JSON (Content-Type: application/json)");
    }
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > maxUpload + 4096) {
      throw new WebException.TooLarge("the request body has " + bytes.length + " bytes; at most " + maxUpload);
    }
    try {
      Json j = JsonParser.parse(new String(bytes, StandardCharsets.UTF_8));
      if (j instanceof Json.Obj o) {
        return o;
      }
      throw new WebException.BadRequest("the request body must be a JSON object, found " + j.typeName());
    } catch (JsonException e) {
      throw new WebException.BadRequest("the request body is not valid JSON: " + Params.shorten(e.getMessage()));
    }
  }

  private static String string(Json.Obj o, String key, int max, boolean required) {
    Json v = o.get(key);
    if (v instanceof Json.Null) {
      if (required) {
        throw new WebException.BadRequest("'" + key + "' is required");
      }
      return null;
    }
    if (!(v instanceof Json.Str s)) {
      throw new WebException.BadRequest("'" + key + "' must be a string, found " + v.typeName());
    }
    if (s.value().length() > max) {
      throw new WebException.BadRequest("'" + key + "' is too long (" + s.value().length() + " characters, at most "
          + max + ")");
    }
    if (required && s.value().isBlank()) {
      throw new WebException.BadRequest("'" + key + "' must not be empty");
    }
    return s.value();
  }

  private static long integer(Json.Obj o, String key, long dflt, long min, long max) {
    Json v = o.get(key);
    if (v instanceof Json.Null) {
      if (dflt < min) {
        throw new WebException.BadRequest("'" + key + "' is required");
      }
      return dflt;
    }
    if (!(v instanceof Json.Int i) || i.value() < min || i.value() > max) {
      throw new WebException.BadRequest("'" + key + "' must be an integer in " + min + ".." + max + ", found "
          + (v instanceof Json.Int i2 ? String.valueOf(i2.value()) : v.typeName()));
    }
    return i.value();
  }
}
