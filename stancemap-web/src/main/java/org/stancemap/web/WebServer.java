package org.stancemap.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;
import org.stancemap.store.CorpusQueries;
import org.stancemap.store.Reviews;

/**
 * The analyst's workbench: a Javalin (Jetty 12) server with the JSON API under {@code /api}, its OpenAPI 3.1
 * document at {@code /openapi.json}, and the pages ({@code /}, {@code /doc/{id}}, {@code /analyze}, {@code /ask},
 * {@code /review}, {@code /dashboards}, {@code /codebook}), which are one static HTML shell each plus a bundled
 * script that draws them from the API with DOM text nodes only. Every request passes {@link Security}. Errors
 * are JSON {@code {"error": CODE, "message": TEXT}}; unexpected failures are logged to the server's error stream
 * and answered with a generic 500 message, never a stack trace.
 */
public final class WebServer implements AutoCloseable {
  /**
   * One route, as registered with Javalin and listed in the OpenAPI document.
   *
   * @param operationId the OpenAPI operation id, unique
   * @param query the query parameters the handler reads
   * @param body the request body, in words (null: none)
   * @param notFound what a 404 means for this route, or null when the handler never answers 404
   * @param produces the media type of a success (JSON for the API; HTML for the pages)
   */
  record Route(String method, String path, String operationId, String summary, List<Param> query, String body,
      String notFound, String produces, Handler handler) {
    Route {
      query = List.copyOf(query);
    }
  }

  /**
   * A query parameter: its JSON schema holds the allowed values ({@code enum}, {@code minimum}, {@code maximum}) that
   * the handler checks (400 otherwise).
   */
  record Param(String name, String description, Json schema, boolean required) {}

  private static Param param(String name, String description) {
    return new Param(name, description, Json.obj().put("type", "string").build(), false);
  }

  private static Param choice(String name, String description, List<String> values, String dflt) {
    return new Param(name, description, Json.obj().put("type", "string")
        .put("enum", Json.arr(values.stream().map(Json::of).toList())).put("default", dflt).build(), false);
  }

  private static Param integer(String name, String description, long min, long max, long dflt) {
    return new Param(name, description, Json.obj().put("type", "integer").put("minimum", min).put("maximum", max)
        .put("default", dflt).build(), false);
  }

  private static final List<String> MODE_VALUES = List.of("hybrid", "text", "semantic");
  private static final Param MODE = choice("mode", "search mode (docs/search.md)", MODE_VALUES, "hybrid");
  private static final String QUERY = "search query (Lucene syntax with Stancemap's fields; docs/search.md)";
  private static final List<Param> CORPUS_QUERY = List.of(param("source", "source name, exactly"),
      new Param("from", "first publication day", Json.obj().put("type", "string").put("format", "date").build(),
          false),
      new Param("to", "last publication day", Json.obj().put("type", "string").put("format", "date").build(), false),
      param("position", "document position id"), param("narrative", "narrative id the document carries"),
      param("technique", "technique id the document carries"),
      param("q", QUERY + "; the order is then the search rank"), MODE,
      integer("limit", "page size", 1, Api.MAX_LIMIT, 20), integer("offset", "documents to skip", 0, 10_000_000, 0));
  private static final List<Param> SEARCH_QUERY = List.of(
      new Param("q", QUERY, Json.obj().put("type", "string").put("minLength", 1).put("maxLength", 500).build(),
          true), MODE,
      integer("limit", "hits per page", 1, Api.MAX_LIMIT, 20), integer("offset", "hits to skip", 0, 10_000, 0));

  /** How long a retraining request waits for the worker. */
  static final long RETRAIN_WAIT_SECONDS = 300;

  static final List<String> PAGES = List.of("corpus", "document", "analyze", "ask", "review", "dashboards",
      "codebook");

  private final Javalin app;
  private final Analyses analyses;
  private final Retraining retraining;
  private final List<Route> routes = new ArrayList<>();
  private final PrintStream log;

  private WebServer(Workbench wb, ServerSettings settings, PrintStream log) {
    this.log = log;
    CorpusQueries sql = wb.store().corpus();
    Reviews reviews = wb.store().reviews();
    ActiveModel model = new ActiveModel(wb.analyzer());
    this.analyses = new Analyses(wb, model, settings.maxUploadBytes());
    CodebookEdits edits = new CodebookEdits(CodebookEdits.codebooksDir(wb));
    this.retraining = new Retraining(wb, reviews, model, Retraining.modelsDir(wb), edits, wb.store().modelActivations(),
        RETRAIN_WAIT_SECONDS);
    retraining.restore(log);
    Api api = new Api(wb, sql, reviews, analyses, model, retraining, edits, settings.maxUploadBytes());
    Set<String> hosts = new LinkedHashSet<>(List.of("127.0.0.1", "localhost", "[::1]"));
    hosts.add(settings.host().toLowerCase(Locale.ROOT));
    Security security = new Security(settings.token(), ServerSettings.isLoopback(settings.host()) ? hosts : null);

    String json = "application/json";
    routes.add(new Route("get", "/api/corpus", "listDocuments", "List current documents, newest first, with filters"
        + " and paging; with q, in search rank with each document's best-matching sentence", CORPUS_QUERY, null, null,
        json, api::corpus));
    routes.add(new Route("get", "/api/facets", "getFacets", "Sources, positions, narratives, techniques and targets"
        + " for filters", List.of(), null, null, json, api::facets));
    routes.add(new Route("get", "/api/documents/{id}", "getDocument", "One document with its text and full analysis",
        List.of(), null, "no such document", json, api::document));
    routes.add(new Route("get", "/api/search", "searchSentences", "Full-text, semantic or hybrid search over"
        + " sentences", SEARCH_QUERY, null, null, json, api::search));
    routes.add(new Route("post", "/api/ask", "ask", "Answer a question offline from the corpus, with citations",
        List.of(), "{\"question\": string, \"k\": integer?}", null, json, api::ask));
    routes.add(new Route("post", "/api/analyze", "analyzeDocument", "Analyse pasted text, a URL or an uploaded file"
        + " and store it", List.of(), "{\"text\": string, \"title\"?: string, \"source\"?: string} |"
        + " {\"url\": string} | multipart/form-data with a 'file' part", null, json, api::analyze));
    routes.add(new Route("get", "/api/review/{id}", "getReview", "A document's units with the analysis's labels and"
        + " reviews", List.of(), null, "no such document, or it has no analysis", json, api::reviewDocument));
    routes.add(new Route("post", "/api/reviews", "addReview", "Accept or correct a unit's label", List.of(),
        "{\"documentId\": integer, \"unit\": string, \"dimension\": string, \"label\": string,"
        + " \"reviewer\": string}", null, json, api::addReview));
    routes.add(new Route("get", "/api/agreement", "getAgreement", "Agreement between analysis and reviewers per"
        + " dimension", List.of(), null, null, json, api::agreement));
    routes.add(new Route("post", "/api/retrain", "retrain", "Train a new model from the reviews and evaluate the"
        + " active and the new model on held-out reviewed units (does not switch to it)", List.of(), "{}", null,
        json, api::retrain));
    routes.add(new Route("post", "/api/model/activate", "activateModel", "Switch the server to a model that"
        + " /api/retrain or /api/codebook/retrain made; recorded in the database, so the server starts with it again",
        List.of(), "{\"model\": string, \"activated_by\"?: string}", "no model file of that name", json,
        api::activate));
    routes.add(new Route("post", "/api/model/default", "activateDefaultModel", "Switch the server back to the model"
        + " it was started with (recorded like an activation)", List.of(), "{\"activated_by\"?: string}", null, json,
        api::activateDefault));
    routes.add(new Route("get", "/api/model", "getModel", "The active model (who activated it and when, its"
        + " codebook, a start-up notice when the recorded model could not be loaded) and the retrained models that"
        + " can be activated", List.of(), null, null, json, api::model));
    routes.add(new Route("get", "/api/dashboards/{name}", "getDashboard", "Dashboard data (narratives-over-time, "
        + "positions-by-source, stance-over-time, narrative-cooccurrence) as JSON or CSV; the time charts per period"
        + " (auto: chosen from the data, or month, quarter, year)",
        List.of(choice("format", "json ({columns, rows}) or csv", List.of("json", "csv"), "json"),
            choice("period", "time buckets of the time charts: auto (chosen from the data), month, quarter or year",
                List.of("auto", "month", "quarter", "year"), "auto")),
        null, "no dashboard of that name", json, api::dashboard));
    routes.add(new Route("get", "/api/codebook", "getCodebook", "The active codebook's labels, definitions and"
        + " exemplars (or those of a saved codebook file), and the saved files",
        List.of(param("file", "a saved codebook file name (default: the active codebook)")), null,
        "no saved codebook file of that name", json, api::codebook));
    routes.add(new Route("put", "/api/codebook/labels/{kind}/{id}", "editLabel", "Edit a label (kind: narrative,"
        + " technique, role, position, or target with id TARGET or TARGET.favor|against|none) of the active codebook"
        + " or of a saved file (base) into a new codebook file with the next patch version (does not switch the"
        + " analyzer)", List.of(), "{\"definition\"?: string, \"exemplars\"?: [string], \"near_misses\"?:"
        + " [string], \"base\"?: string, \"edited_by\"?: string}", "no saved codebook file named by base", json,
        api::editLabel));
    routes.add(new Route("post", "/api/codebook/labels/{kind}", "addLabel", "Add a narrative or technique (kind) to"
        + " the active codebook or a saved file (base), written as a new codebook file", List.of(),
        "{\"id\": string, \"name\"?: string, \"definition\": string, \"exemplars\": [string],"
        + " \"near_misses\"?: [string], \"base\"?: string, \"edited_by\"?: string}",
        "no saved codebook file named by base", json, api::addLabel));
    routes.add(new Route("delete", "/api/codebook/labels/{kind}/{id}", "removeLabel", "Remove a narrative or"
        + " technique from the active codebook or a saved file (base), written as a new codebook file; says how many"
        + " stored analyses and reviews still use it", List.of(), "{\"base\"?: string, \"edited_by\"?: string}",
        "no saved codebook file named by base", json, api::removeLabel));
    routes.add(new Route("post", "/api/codebook/retrain", "retrainCodebook", "Train the default heads of an edited"
        + " codebook file, evaluate the active and the new heads on the reviews, and activate them if asked",
        List.of(), "{\"file\": string, \"activate\"?: boolean}", "no saved codebook file of that name", json,
        api::retrainCodebook));
    routes.add(new Route("get", "/openapi.json", "getOpenApi", "This document", List.of(), null, null, json,
        ctx -> Api.json(ctx, OpenApi.document(routes, ctx.scheme() + "://" + ctx.host()))));
    String html = "text/html";
    routes.add(new Route("get", "/", "pageCorpus", "The Corpus page (a shell that the bundled script draws from the"
        + " API)", List.of(), null, null, html, ctx -> page(ctx, "corpus")));
    routes.add(new Route("get", "/doc/{id}", "pageDocument", "The Document page", List.of(), null, null, html,
        ctx -> page(ctx, "document")));
    for (String p : List.of("analyze", "ask", "review", "dashboards", "codebook")) {
      routes.add(new Route("get", "/" + p, "page" + Character.toUpperCase(p.charAt(0)) + p.substring(1),
          "The " + Character.toUpperCase(p.charAt(0)) + p.substring(1) + " page", List.of(), null, null, html,
          ctx -> page(ctx, p)));
    }
    routes.add(new Route("get", "/assets/{name}", "getAsset", "The pages' script, style sheet, icon and chart"
        + " library", List.of(), null, "no asset of that name", "application/octet-stream", WebServer::asset));

    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      // Jetty's own 400 pages (bad Host header, %00 or /../ in the path) carry our security headers too (#20)
      config.jetty.modifyServer(JettyErrors::install);
      config.http.maxRequestSize = settings.maxUploadBytes() + 64 * 1024;
      config.jetty.multipartConfig.maxFileSize(settings.maxUploadBytes(), io.javalin.config.SizeUnit.BYTES);
      config.jetty.multipartConfig.maxTotalRequestSize(settings.maxUploadBytes() + 64 * 1024,
          io.javalin.config.SizeUnit.BYTES);
      config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE,
          settings.maxUploadBytes() + 1), io.javalin.config.SizeUnit.BYTES);
      config.routes.before(security::check);
      for (Route r : routes) {
        if (r.method().equals("get")) {
          config.routes.get(r.path(), r.handler());
        } else if (r.method().equals("put")) {
          config.routes.put(r.path(), r.handler());
        } else if (r.method().equals("delete")) {
          config.routes.delete(r.path(), r.handler());
        } else {
          config.routes.post(r.path(), r.handler());
        }
      }
      config.routes.exception(WebException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
      config.routes.exception(Security.Unauthorized.class, (e, ctx) -> {
        ctx.header("WWW-Authenticate", "Bearer");
        error(ctx, 401, "unauthorized", e.getMessage());
      });
      config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
          codeOf(e.getStatus()), e.getStatus() < 500 ? e.getMessage() : "the server could not answer this request"));
      config.routes.exception(org.stancemap.StancemapException.class, (e, ctx) -> {
        // one exhaustive switch over the sealed family: a new kind of failure cannot be left unmapped
        switch (e) {
          case org.stancemap.InvalidInputException i -> error(ctx, 400, "bad-request",
              Params.message(String.valueOf(i.getMessage())));
          case org.stancemap.JsonException j -> error(ctx, 400, "bad-request",
              Params.message(String.valueOf(j.getMessage())));
          case org.stancemap.LlmCallException l -> error(ctx, 502, "language-model-failed",
              Params.message(String.valueOf(l.getMessage())));
          case org.stancemap.CodebookException c -> serverError(ctx, c);
          case org.stancemap.ModelLoadException m -> serverError(ctx, m);
          case org.stancemap.StoreException s -> serverError(ctx, s);
        }
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        if (e instanceof IllegalArgumentException) {
          error(ctx, 400, "bad-request", Params.message(String.valueOf(e.getMessage())));
          return;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
          if (c instanceof org.eclipse.jetty.http.HttpException bad && bad.getCode() < 500) {
            error(ctx, bad.getCode() == 413 ? 413 : 400, bad.getCode() == 413 ? "too-large" : "bad-request",
                "the request could not be read (" + Params.shorten(String.valueOf(bad.getReason())) + ")");
            return;
          }
        }
        serverError(ctx, e);
      });
      config.routes.error(404, ctx -> {
        if (ctx.result() == null || !String.valueOf(ctx.res().getContentType()).startsWith("application/json")) {
          error(ctx, 404, "not-found", "no such page or endpoint: " + Params.shorten(ctx.path()));
        }
      });
      config.routes.error(405, ctx -> error(ctx, 405, "method-not-allowed", "this method is not allowed here"));
    });
    app.start(settings.host(), settings.port());
    analyses.syncIndexQuietly(log);
  }

  /** A failure the client cannot fix: logged in full, answered with 500 and no detail. */
  private void serverError(io.javalin.http.Context ctx, Exception e) {
    log.println("stancemap serve: " + ctx.req().getMethod() + " " + ctx.path() + " failed: " + e);
    error(ctx, 500, "server-error", "the server could not answer this request; see the server's log");
  }

  /** The machine-readable code of an HTTP status, as the API's own errors use them. */
  static String codeOf(int status) {
    return switch (status) {
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 413 -> "too-large";
      case 415 -> "unsupported-media-type";
      default -> status < 500 ? "bad-request" : "server-error";
    };
  }

  /**
   * Starts a server.
   *
   * @param log where unexpected request failures are written (never to clients)
   */
  public static WebServer start(Workbench wb, ServerSettings settings, PrintStream log) {
    return new WebServer(wb, settings, log);
  }

  /** A new random access token (32 URL-safe characters). */
  public static String newToken() {
    return Security.newToken();
  }

  /** The port it listens on (useful with port 0). */
  public int port() {
    return app.port();
  }

  List<Route> routes() {
    return List.copyOf(routes);
  }

  /** Every route Javalin has registered, as {@code "get /api/corpus"} (before-handlers left out). */
  List<String> registeredRoutes() {
    Set<String> methods = Set.of("get", "post", "put", "delete", "patch", "head", "options");
    List<String> out = new ArrayList<>();
    for (io.javalin.router.ParsedEndpoint e : app.unsafe.internalRouter.allHttpHandlers()) {
      String m = e.endpoint.method.name().toLowerCase(Locale.ROOT);
      if (methods.contains(m)) {
        out.add(m + " " + e.endpoint.path);
      }
    }
    return out;
  }

  static void error(Context ctx, int status, String code, String message) {
    ctx.status(status);
    Api.json(ctx, Json.obj().put("error", code).put("message", message).build());
  }

  /** One file under {@code /assets/}: where it lies on the class path, its media type and Cache-Control. */
  record Asset(String resource, String type, String cacheControl) {}

  /**
   * The version of the Apache ECharts WebJar on the class path (from its Maven metadata), which draws the
   * dashboards. Its file is served from the jar at {@link #ECHARTS_ASSET}; the version in the name lets browsers
   * keep it for a year.
   */
  static final String ECHARTS_VERSION = webJarVersion("echarts");
  static final String ECHARTS_ASSET = "echarts-" + ECHARTS_VERSION + ".min.js";

  private static final String OURS = "no-cache";
  static final Map<String, Asset> ASSETS = Map.of(
      "app.js", new Asset("static/app.js", "text/javascript; charset=utf-8", OURS),
      "app.css", new Asset("static/app.css", "text/css; charset=utf-8", OURS),
      "favicon.svg", new Asset("static/favicon.svg", "image/svg+xml", OURS),
      ECHARTS_ASSET, new Asset("/META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js",
          "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"));

  private static String webJarVersion(String name) {
    String meta = "/META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
    try (InputStream in = WebServer.class.getResourceAsStream(meta)) {
      if (in == null) {
        throw new IllegalStateException("the WebJar org.webjars.npm:" + name + " is missing from the class path ("
            + meta + " not found); the web module depends on it");
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "");
      if (!v.matches("[0-9A-Za-z.+-]+")) {
        throw new IllegalStateException("unreadable version '" + v + "' in " + meta);
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + meta, e);
    }
  }

  private static void asset(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    Asset a = ASSETS.get(name);
    if (a == null) {
      throw new WebException.NotFound("no asset " + Params.shorten(name));
    }
    InputStream in = WebServer.class.getResourceAsStream(a.resource());
    if (in == null) {
      throw new WebException.NotFound("no asset " + name);
    }
    // replaces the no-store that Security sets on every response; Javalin streams and closes the stream
    ctx.header("Cache-Control", a.cacheControl());
    ctx.contentType(a.type()).result(in);
  }

  private static final String SHELL = """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Stancemap</title>
      <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
      <link rel="stylesheet" href="/assets/app.css">
      %s<script src="/assets/app.js" defer></script>
      </head>
      <body data-page="%s">
      <header class="top"><a class="brand" href="/">Stancemap</a>
      <nav><a href="/">Corpus</a><a href="/analyze">Analyze</a><a href="/ask">Ask</a><a href="/review">Review</a>\
      <a href="/dashboards">Dashboards</a><a href="/codebook">Codebook</a></nav></header>
      <main id="main"><noscript>The workbench needs JavaScript; the API is at /openapi.json.</noscript></main>
      </body>
      </html>
      """;

  private static void page(Context ctx, String name) {
    // the shell holds no data: the page name is one of PAGES, never user input; only the dashboards load ECharts
    String scripts = name.equals("dashboards")
        ? "<script src=\"/assets/" + ECHARTS_ASSET + "\" defer></script>\n" : "";
    ctx.contentType("text/html; charset=utf-8").result(String.format(Locale.ROOT, SHELL, scripts, name)
        .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    app.stop();
    retraining.close();
    analyses.close();
  }

  /** Pretty JSON of the OpenAPI document, for tests and docs. */
  String openApiText() {
    return JsonWriter.pretty(OpenApi.document(routes, "http://127.0.0.1:7070"));
  }
}
