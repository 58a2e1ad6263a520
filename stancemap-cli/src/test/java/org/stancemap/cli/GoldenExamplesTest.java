package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.ingest.IngestResult;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.json.JsonWriter;
import org.stancemap.report.JsonReport;

/**
 * Golden-file tests: the whole JSON analysis of every document in {@code examples/} (scores rounded to two
 * decimals, the document text left out) must match {@code src/test/resources/golden/<file>.expected.json}: labels,
 * spans, quotes and every other field exactly, numbers within {@link #SCORE_TOLERANCE}, so one set of files holds on
 * any x86-64 CPU (ONNX Runtime's int8 kernels differ by instruction set in the last bits of their arithmetic).
 * Regenerate after an intended change with {@code ./mvnw verify -Dgolden.update=true} and review the diff.
 */
class GoldenExamplesTest {
  static Stream<String> examples() throws IOException {
    try (Stream<Path> s = Files.list(Fixture.ROOT.resolve("examples"))) {
      return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void analysisMatchesGoldenFile(String name) throws IOException {
    Path input = Fixture.ROOT.resolve("examples").resolve(name);
    IngestResult r = Fixture.READER.read(input.toString(), InputStream.nullInputStream());
    IngestResult.Loaded loaded = assertInstanceOf(IngestResult.Loaded.class, r, () -> r.toString());
    DocumentAnalysis a = Fixture.ANALYZER.analyze(loaded.document());
    Json.Obj doc = JsonReport.document(a);
    Map<String, Json> fields = new LinkedHashMap<>(doc.fields());
    fields.remove("text");
    fields.put("source", Json.of("examples/" + name));
    String actual = JsonWriter.pretty(round(new Json.Obj(fields))) + "\n";
    Path golden = Path.of("src/test/resources/golden", name + ".expected.json");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    Assumptions.assumeTrue(Files.exists(golden), "no golden file for " + name);
    String difference = difference(JsonParser.parse(Files.readString(golden, StandardCharsets.UTF_8)),
        JsonParser.parse(actual), "$");
    assertEquals(null, difference, "analysis of examples/" + name + " differs from its golden file beyond score "
        + "rounding; if intended, regenerate with -Dgolden.update=true and review the diff");
  }

  /** How far a score may differ from the reference golden file on a CPU class without files of its own. */
  static final double SCORE_TOLERANCE = 0.021;

  /** The first place where {@code actual} differs from {@code expected} beyond number tolerance, else null. */
  static String difference(Json expected, Json actual, String path) {
    if (expected instanceof Json.Num e && actual instanceof Json.Num a) {
      return Math.abs(e.value() - a.value()) <= SCORE_TOLERANCE ? null
          : path + ": " + e.value() + " expected, " + a.value() + " found";
    }
    if (expected instanceof Json.Arr e && actual instanceof Json.Arr a) {
      if (e.items().size() != a.items().size()) {
        return path + ": " + e.items().size() + " items expected, " + a.items().size() + " found";
      }
      for (int i = 0; i < e.items().size(); i++) {
        String d = difference(e.items().get(i), a.items().get(i), path + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (expected instanceof Json.Obj e && actual instanceof Json.Obj a) {
      if (!e.fields().keySet().equals(a.fields().keySet())) {
        return path + ": fields " + e.fields().keySet() + " expected, " + a.fields().keySet() + " found";
      }
      for (var f : e.fields().entrySet()) {
        String d = difference(f.getValue(), a.fields().get(f.getKey()), path + "." + f.getKey());
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    return expected.equals(actual) ? null : path + ": " + expected + " expected, " + actual + " found";
  }

  /** Rounds every number to two decimals so that golden files hold labels, spans and coarse scores. */
  static Json round(Json j) {
    return switch (j) {
      case Json.Num n -> Json.of(Math.round(n.value() * 100) / 100.0);
      case Json.Arr a -> {
        List<Json> items = new ArrayList<>();
        a.items().forEach(x -> items.add(round(x)));
        yield new Json.Arr(items);
      }
      case Json.Obj o -> {
        Map<String, Json> m = new LinkedHashMap<>();
        o.fields().forEach((k, v) -> m.put(k, round(v)));
        yield new Json.Obj(m);
      }
      default -> j;
    };
  }
}
