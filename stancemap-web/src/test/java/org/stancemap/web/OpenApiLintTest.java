package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lints {@code /openapi.json} as served, parsed by swagger-parser (what client generators use), against the rules
 * of Redocly's recommended set that a generated client depends on (#20 point 17), and compares it with the routes
 * Javalin actually registered.
 */
class OpenApiLintTest {
  static Workbenches.Running srv;
  static OpenAPI api;
  static SwaggerParseResult parsed;

  @BeforeAll
  static void parse() {
    srv = Workbenches.server();
    String body = new Http(srv.base()).get("/openapi.json").body();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    parsed = new OpenAPIV3Parser().readContents(body, null, options);
    api = parsed.getOpenAPI();
  }

  /** Every operation, as "method path" with the operation. */
  static Map<String, Operation> operations() {
    Map<String, Operation> out = new TreeMap<>();
    api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((m, op) ->
        out.put(m.name().toLowerCase(Locale.ROOT) + " " + path, op)));
    return out;
  }

  @Test
  void parsesAsOpenApi31WithoutMessages() {
    assertNotNull(api, String.valueOf(parsed.getMessages()));
    assertEquals(List.of(), parsed.getMessages());
    assertEquals("3.1.0", api.getOpenapi());
    assertFalse(api.getServers() == null || api.getServers().isEmpty(), "servers must not be empty");
    assertTrue(api.getServers().get(0).getUrl().startsWith("http://127.0.0.1:"), api.getServers().toString());
    assertNotNull(api.getInfo().getLicense(), "info.license");
  }

  @Test
  void everyOperationHasAUniqueIdAndDeclaresItsSecurity() {
    Set<String> ids = new HashSet<>();
    assertTrue(api.getComponents().getSecuritySchemes().containsKey("bearer"));
    operations().forEach((name, op) -> {
      assertNotNull(op.getOperationId(), name + ": operationId");
      assertTrue(op.getOperationId().matches("[a-z][A-Za-z]+"), name + ": " + op.getOperationId());
      assertTrue(ids.add(op.getOperationId()), name + ": duplicate operationId " + op.getOperationId());
      List<io.swagger.v3.oas.models.security.SecurityRequirement> security = op.getSecurity() != null
          ? op.getSecurity() : api.getSecurity();
      assertFalse(security == null || security.isEmpty(), name + ": no security");
      assertTrue(security.stream().anyMatch(s -> s.containsKey("bearer")), name + ": " + security);
      assertNotNull(op.getSummary(), name);
    });
  }

  @Test
  void everyResponseHasAMediaTypeWithASchema() {
    operations().forEach((name, op) -> {
      assertTrue(op.getResponses().keySet().stream().anyMatch(c -> c.startsWith("2")), name + ": no 2xx");
      assertTrue(op.getResponses().containsKey("400"), name + ": no 400");
      for (Map.Entry<String, ApiResponse> e : op.getResponses().entrySet()) {
        if (e.getKey().startsWith("2") || e.getKey().startsWith("4")) {
          ApiResponse r = e.getValue();
          assertFalse(r.getContent() == null || r.getContent().isEmpty(), name + " " + e.getKey() + ": no content");
          for (Map.Entry<String, MediaType> m : r.getContent().entrySet()) {
            assertNotNull(m.getValue().getSchema(), name + " " + e.getKey() + " " + m.getKey() + ": no schema");
          }
          if (e.getKey().startsWith("4")) {
            assertNotNull(r.getContent().get("application/json"), name + " " + e.getKey());
            assertEquals("#/components/schemas/Error", r.getContent().get("application/json").getSchema().get$ref(),
                name + " " + e.getKey());
          }
        }
      }
    });
    assertNotNull(api.getComponents().getSchemas().get("Error").getRequired());
  }

  @Test
  void parametersSayWhatIsRequiredAndWhichValuesAreAllowed() {
    operations().forEach((name, op) -> {
      for (Parameter p : op.getParameters() == null ? List.<Parameter>of() : op.getParameters()) {
        if (p.getIn().equals("path")) {
          assertTrue(Boolean.TRUE.equals(p.getRequired()), name + ": path parameter " + p.getName());
        }
        switch (p.getName()) {
          case "mode", "format" -> assertFalse(p.getSchema().getEnum() == null || p.getSchema().getEnum().isEmpty(),
              name + ": " + p.getName() + " needs an enum");
          case "limit", "offset" -> {
            assertNotNull(p.getSchema().getMinimum(), name + ": " + p.getName() + " minimum");
            assertNotNull(p.getSchema().getMaximum(), name + ": " + p.getName() + " maximum");
          }
          default -> { }
        }
      }
    });
    Parameter q = operations().get("get /api/search").getParameters().stream().filter(p -> p.getName().equals("q"))
        .findFirst().orElseThrow();
    assertTrue(q.getRequired(), "q of /api/search is required (400 without it)");
    assertEquals(List.of("hybrid", "text", "semantic"), operations().get("get /api/search").getParameters().stream()
        .filter(p -> p.getName().equals("mode")).findFirst().orElseThrow().getSchema().getEnum());
    assertEquals(200, operations().get("get /api/corpus").getParameters().stream()
        .filter(p -> p.getName().equals("limit")).findFirst().orElseThrow().getSchema().getMaximum().intValue());
  }

  @Test
  void routesThatCanAnswer404DocumentIt() {
    // each of these handlers throws WebException.NotFound for an unknown id, name or file
    List<String> can404 = List.of("get /api/documents/{id}", "get /api/review/{id}", "get /api/dashboards/{name}",
        "get /api/codebook", "put /api/codebook/labels/{kind}/{id}", "post /api/codebook/labels/{kind}",
        "delete /api/codebook/labels/{kind}/{id}", "post /api/model/activate", "post /api/codebook/retrain",
        "get /assets/{name}");
    Map<String, Operation> ops = operations();
    for (String name : can404) {
      assertNotNull(ops.get(name), name);
      assertTrue(ops.get(name).getResponses().containsKey("404"), name + ": 404 not documented");
    }
    // and they do answer 404
    Http http = new Http(srv.base());
    for (String path : List.of("/api/documents/999999", "/api/review/999999", "/api/dashboards/nope",
        "/api/codebook?file=ru-ua-left-1.0.1-20260101-120000-000.codebook.json", "/assets/nope.js")) {
      assertEquals(404, http.get(path).status(), path);
    }
  }

  @Test
  void everyRegisteredRouteIsDocumented() {
    Set<String> registered = new TreeSet<>(srv.server().registeredRoutes());
    Set<String> documented = new TreeSet<>(operations().keySet());
    assertFalse(registered.isEmpty());
    assertEquals(registered, documented);
    List<String> missing = new ArrayList<>(registered);
    missing.removeAll(documented);
    assertEquals(List.of(), missing);
  }

  @Test
  void operationsWithABodyDescribeIt() {
    operations().forEach((name, op) -> {
      if (name.startsWith("post ") || name.startsWith("put ")) {
        assertNotNull(op.getRequestBody(), name);
        assertNotNull(op.getRequestBody().getContent().get("application/json"), name);
      }
    });
    PathItem analyze = api.getPaths().get("/api/analyze");
    assertNotNull(analyze.getPost().getRequestBody().getContent().get("multipart/form-data"));
  }
}
