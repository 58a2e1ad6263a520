package org.stancemap.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stancemap.json.Json;

/**
 * The OpenAPI 3.1 document, generated from the route table that also registers the routes with Javalin, so it lists
 * every route the server answers (API, pages and assets). Written for client generators: every operation has an
 * {@code operationId} and its security (the bearer token, or none on loopback), parameters carry their allowed
 * values as {@code enum}, {@code minimum} and {@code maximum}, and every response has a media type and a schema
 * (errors: {@code #/components/schemas/Error}). {@code OpenApiLintTest} checks these rules.
 */
final class OpenApi {
  private OpenApi() {}

  /** POST routes that answer 200 (they create nothing addressable, or answer with state); others create (201). */
  private static final Set<String> POST_OK = Set.of("/api/ask", "/api/retrain", "/api/model/activate",
      "/api/model/default", "/api/codebook/retrain");
  /** Routes that refuse a body that is too large (413) or of a type they do not read (415). */
  private static final Set<String> UPLOADS = Set.of("/api/analyze");
  /** Routes that answer 503 while another retraining runs or when it takes too long. */
  private static final Set<String> RETRAINS = Set.of("/api/retrain", "/api/codebook/retrain");

  private static final String ERROR = "#/components/schemas/Error";

  /**
   * The document.
   *
   * @param server the base URL clients reach this server at (the request's scheme and Host)
   */
  static Json.Obj document(List<WebServer.Route> routes, String server) {
    Map<String, Json.ObjBuilder> paths = new LinkedHashMap<>();
    for (WebServer.Route r : routes) {
      paths.computeIfAbsent(r.path(), k -> Json.obj()).put(r.method(), operation(r));
    }
    Json.ObjBuilder p = Json.obj();
    paths.forEach((k, v) -> p.put(k, v.build()));
    return Json.obj().put("openapi", "3.1.0")
        .put("info", Json.obj().put("title", "Stancemap workbench API").put("version", "0.1.0")
            .put("description", "JSON API of `stancemap serve`. State-changing requests from a browser need the"
                + " X-CSRF-Token header (the sm_csrf cookie's value) and a same-origin Origin; with a token, send"
                + " Authorization: Bearer TOKEN (then neither is needed). A server on loopback without --token needs"
                + " no credentials.")
            .put("license", Json.obj().put("name", "See the project's licence").put("identifier", "NOASSERTION")
                .build()).build())
        .put("servers", Json.arr(List.of(Json.obj().put("url", server)
            .put("description", "this server").build())))
        .put("components", Json.obj()
            .put("securitySchemes", Json.obj().put("bearer", Json.obj().put("type", "http").put("scheme", "bearer")
                .put("description", "the access token of `stancemap serve --token` (or the one it printed)")
                .build()).build())
            .put("schemas", Json.obj().put("Error", Json.obj().put("type", "object")
                .put("required", Json.arr(List.of(Json.of("error"), Json.of("message"))))
                .put("properties", Json.obj()
                    .put("error", Json.obj().put("type", "string").put("description", "machine-readable code, e.g."
                        + " bad-request, not-found").build())
                    .put("message", Json.obj().put("type", "string").put("description", "what is wrong and how to"
                        + " fix it").build()).build()).build()).build()).build())
        .put("paths", p.build()).build();
  }

  private static Json operation(WebServer.Route r) {
    List<Json> params = new ArrayList<>();
    for (String seg : r.path().split("/")) {
      if (seg.startsWith("{")) {
        String n = seg.substring(1, seg.length() - 1);
        boolean storeId = n.equals("id") && (r.path().startsWith("/api/documents") || r.path().startsWith(
            "/api/review") || r.path().startsWith("/doc/"));
        params.add(Json.obj().put("name", n).put("in", "path").put("required", true)
            .put("schema", storeId ? Json.obj().put("type", "integer").put("format", "int64").put("minimum", 1)
                .build() : Json.obj().put("type", "string").build()).build());
      }
    }
    for (WebServer.Param q : r.query()) {
      params.add(Json.obj().put("name", q.name()).put("in", "query").put("required", q.required())
          .put("description", q.description()).put("schema", q.schema()).build());
    }
    Json.ObjBuilder op = Json.obj().put("operationId", r.operationId()).put("summary", r.summary())
        .put("tags", Json.arr(List.of(Json.of(r.path().startsWith("/api/") || r.path().equals("/openapi.json")
            ? "api" : "pages"))))
        .put("security", Json.arr(List.of(Json.obj().put("bearer", Json.arr(List.of())).build(), Json.obj().build())))
        .put("parameters", Json.arr(params));
    if (r.body() != null) {
      Json.ObjBuilder content = Json.obj().put("application/json", Json.obj().put("schema", Json.obj()
          .put("type", "object").build()).build());
      if (UPLOADS.contains(r.path())) {
        content.put("multipart/form-data", Json.obj().put("schema", Json.obj().put("type", "object")
            .put("properties", Json.obj().put("file", Json.obj().put("type", "string").put("contentMediaType",
                "application/octet-stream").build()).build()).build()).build());
      }
      boolean optional = r.body().startsWith("{}") || r.body().matches("\\{(\"\\w+\"\\?: [a-z\\[\\]]+,? ?)*\\}");
      op.put("requestBody", Json.obj().put("required", !optional).put("description", r.body())
          .put("content", content.build()).build());
    }
    Json.ObjBuilder responses = Json.obj().put(success(r), Json.obj().put("description", successWords(r))
        .put("content", successContent(r)).build());
    responses.put("400", error("malformed request: the message names the parameter and what to fix"));
    responses.put("401", error("an access token is required (server started with --token)"));
    responses.put("403", error("the Host, Origin or CSRF check failed"));
    if (r.notFound() != null) {
      responses.put("404", error(r.notFound()));
    }
    if (UPLOADS.contains(r.path())) {
      responses.put("413", error("the upload or text is larger than --max-upload"));
      responses.put("415", error("an upload of a type that cannot be read"));
    }
    if (RETRAINS.contains(r.path())) {
      responses.put("503", error("another retraining runs, or this one took too long"));
    }
    op.put("responses", responses.build());
    return op.build();
  }

  private static Json error(String description) {
    return Json.obj().put("description", description).put("content", Json.obj().put("application/json",
        Json.obj().put("schema", Json.obj().put("$ref", ERROR).build()).build()).build()).build();
  }

  private static String successWords(WebServer.Route r) {
    return switch (r.produces()) {
      case "text/html" -> "the page's HTML shell";
      case "application/octet-stream" -> "the file, with its own media type";
      default -> success(r).equals("201") ? "created" : "the result";
    };
  }

  private static Json successContent(WebServer.Route r) {
    Json text = Json.obj().put("schema", Json.obj().put("type", "string").build()).build();
    return switch (r.produces()) {
      case "text/html" -> Json.obj().put("text/html", text).build();
      case "application/octet-stream" -> Json.obj().put("text/javascript", text).put("text/css", text)
          .put("image/svg+xml", text).build();
      default -> {
        Json.ObjBuilder c = Json.obj().put("application/json", Json.obj().put("schema", Json.obj()
            .put("type", "object").build()).build());
        if (r.query().stream().anyMatch(q -> q.name().equals("format"))) {
          c.put("text/csv", text);
        }
        yield c.build();
      }
    };
  }

  private static String success(WebServer.Route r) {
    return switch (r.method()) {
      case "post" -> POST_OK.contains(r.path()) ? "200" : "201";
      case "put", "delete" -> "201";
      default -> "200";
    };
  }
}
