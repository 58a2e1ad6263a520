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
import org.stancemap.json.JsonWriter;
import org.stancemap.report.JsonReport;

/**
 * Golden-file tests: the whole JSON analysis of every document in {@code examples/} (scores rounded to two
 * decimals, the document text left out) must equal {@code src/test/resources/golden/<file>.expected.json}.
 * Regenerate after an intended change with {@code ./mvnw verify -Dgolden.update=true} and review the diff. The files
 * live in one folder per class of int8 kernels ({@link #KERNELS}); a machine of a class without files skips. The
 * {@code avx2} files (the reference machine's) can be checked or regenerated on any x86-64 machine with
 * {@code bench/golden-emulated.sh [--update]}, which runs this test under QEMU's emulation of an AVX2 CPU.
 */
class GoldenExamplesTest {
  static Stream<String> examples() throws IOException {
    try (Stream<Path> s = Files.list(Fixture.ROOT.resolve("examples"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
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
    Path golden = Path.of("src/test/resources/golden", KERNELS, name + ".expected.json");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    // the int8 model's matrix kernels differ by instruction set (ONNX Runtime picks AVX2, AVX-512 or VNNI code),
    // which moves scores by about 0.01 and flips labels that sit at a threshold: golden files are per kernel class
    Assumptions.assumeTrue(Files.exists(golden), "no golden files for this CPU's int8 kernels (" + KERNELS
        + "): generate them with -Dgolden.update=true on such a machine and review them against another class's");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
        "analysis of examples/" + name + " changed; if intended, regenerate with -Dgolden.update=true");
  }

  /** The CPU's class of int8 matrix kernels in ONNX Runtime, as the instruction set names it. */
  static final String KERNELS = kernels();

  private static String kernels() {
    String forced = System.getProperty("golden.kernels", "");
    if (!forced.isBlank()) { // a JVM under an emulator (bench/golden-emulated.sh) sees the host's /proc/cpuinfo
      return forced.strip();
    }
    String flags;
    try {
      flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags")).findFirst()
          .orElse("");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
    java.util.Set<String> f = java.util.Set.of(flags.replaceFirst("^[^:]*:", "").strip().split("\\s+"));
    if (f.contains("avx512_vnni")) {
      return "avx512vnni";
    }
    if (f.contains("avx_vnni")) {
      return "avxvnni";
    }
    if (f.contains("avx512bw")) {
      return "avx512";
    }
    return f.contains("avx2") ? "avx2" : "other";
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
