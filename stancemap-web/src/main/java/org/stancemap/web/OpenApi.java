package org.stancemap.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.json.Json;

/** The OpenAPI 3.1 document, generated from the route table so that it lists every API endpoint. */
final class OpenApi {
  private OpenApi() {}

  private static final Map<String, String> PARAMS = Map.ofEntries(
      Map.entry("source", "source name, exactly"), Map.entry("from", "first publication day, YYYY-MM-DD"),
      Map.entry("to", "last publication day, YYYY-MM-DD"), Map.entry("position", "document position id"),
      Map.entry("narrative", "narrative id the document carries"),
      Map.entry("technique", "technique id the document carries"),
      Map.entry("q", "search query (Lucene syntax with Stancemap fields; see docs/search.md)"),
      Map.entry("mode", "hybrid | text | semantic"),
      Map.entry("file", "a saved codebook file name (default: the active codebook)"),
      Map.entry("limit", "page size, 1..200"),
      Map.entry("offset", "items to skip"), Map.entry("format", "json | csv"));

  static Json.Obj document(List<WebServer.Route> routes) {
    Map<String, Json.ObjBuilder> paths = new LinkedHashMap<>();
    for (WebServer.Route r : routes) {
      List<Json> params = new ArrayList<>();
      for (String seg : r.path().split("/")) {
        if (seg.startsWith("{")) {
          String n = seg.substring(1, seg.length() - 1);
          params.add(Json.obj().put("name", n).put("in", "path").put("required", true)
              .put("schema", Json.obj().put("type", n.equals("id") && !r.path().startsWith("/api/codebook")
                  ? "integer" : "string").build()).build());
        }
      }
      for (String q : r.query()) {
        params.add(Json.obj().put("name", q).put("in", "query").put("required", false)
            .put("description", PARAMS.getOrDefault(q, q))
            .put("schema", Json.obj().put("type", q.equals("limit") || q.equals("offset") ? "integer" : "string")
                .build()).build());
      }
      Json.ObjBuilder op = Json.obj().put("summary", r.summary()).put("parameters", Json.arr(params));
      if (r.body() != null) {
        op.put("requestBody", Json.obj().put("required", true).put("description", r.body())
            .put("content", Json.obj().put("application/json", Json.obj().put("schema", Json.obj()
                .put("type", "object").build()).build()).build()).build());
      }
      op.put("responses", Json.obj()
          .put(success(r), Json.obj().put("description", "JSON").build())
          .put("400", Json.obj().put("description", "malformed request: {error, message}").build())
          .put("401", Json.obj().put("description", "token required").build())
          .put("403", Json.obj().put("description", "CSRF or origin check failed").build()).build());
      paths.computeIfAbsent(r.path(), k -> Json.obj()).put(r.method(), op.build());
    }
    Json.ObjBuilder p = Json.obj();
    paths.forEach((k, v) -> p.put(k, v.build()));
    p.put("/openapi.json", Json.obj().put("get", Json.obj().put("summary", "This document")
        .put("responses", Json.obj().put("200", Json.obj().put("description", "JSON").build()).build()).build())
        .build());
    return Json.obj().put("openapi", "3.1.0")
        .put("info", Json.obj().put("title", "Stancemap workbench API").put("version", "0.1.0")
            .put("description", "JSON API of `stancemap serve`. State-changing requests from a browser need the"
                + " X-CSRF-Token header (the sm_csrf cookie's value) and a same-origin Origin; with a token, send"
                + " Authorization: Bearer TOKEN.").build())
        .put("components", Json.obj().put("securitySchemes", Json.obj().put("bearer", Json.obj()
            .put("type", "http").put("scheme", "bearer").build()).build()).build())
        .put("paths", p.build()).build();
  }

  /** POST routes that answer 200 (they create nothing addressable, or answer with state); others create (201). */
  private static final java.util.Set<String> POST_OK = java.util.Set.of("/api/ask", "/api/retrain",
      "/api/model/activate", "/api/model/default", "/api/codebook/retrain");

  private static String success(WebServer.Route r) {
    return switch (r.method()) {
      case "post" -> POST_OK.contains(r.path()) ? "200" : "201";
      case "put", "delete" -> "201";
      default -> "200";
    };
  }
}
