package org.stancemap.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimised-graph cache, with the shipped MiniLM model run for real. */
class GraphCacheTest {
  private static final List<String> TEXTS = List.of(
      "The convoy reached the depot after midnight.",
      "Solidarity means more than statements: generators, medicine and money for the union's members.",
      "Two short words.",
      "Every winter the same argument returns about who started the war and who should end it, and every winter "
          + "the answers get longer.");

  @Test
  void aCachedGraphGivesExactlyTheVectorsOfTheShippedGraph(@TempDir Path dir) throws IOException {
    Assumptions.assumeTrue(GraphCache.in(dir) != null, "no /proc/cpuinfo: no graph cache on this system");
    float[][] shipped;
    try (OnnxEmbeddingModel m = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q, 1, 32)) {
      shipped = m.embed(TEXTS);
    }
    float[][] first;
    try (OnnxEmbeddingModel m = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q, 1, 32, dir)) {
      first = m.embed(TEXTS);
    }
    List<Path> graphs = graphs(dir);
    assertEquals(1, graphs.size(), "one optimised graph written: " + files(dir));
    assertTrue(Files.isRegularFile(Path.of(graphs.get(0) + ".crc")), "with its check file");
    assertEquals(List.of(), files(dir).stream().filter(f -> f.toString().endsWith(".tmp")).toList(),
        "no temporary files left");
    float[][] cached;
    try (OnnxEmbeddingModel m = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q, 1, 32, dir)) {
      cached = m.embed(TEXTS);
      OnnxEmbeddingModel.Catalog c = OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q;
      assertEquals(StaticQuantization.identity(c.known.sha256(), StaticQuantization.load(c.ranges)),
          m.info().weightsSha256());
    }
    for (int i = 0; i < TEXTS.size(); i++) {
      assertArrayEquals(shipped[i], first[i], "text " + i + ", session that wrote the cache");
      assertArrayEquals(shipped[i], cached[i], "text " + i + ", session on the cached graph");
    }
  }

  @Test
  void aDamagedGraphIsReplacedAndNeverUsed(@TempDir Path dir) throws IOException {
    Assumptions.assumeTrue(GraphCache.in(dir) != null, "no /proc/cpuinfo: no graph cache on this system");
    float[][] shipped;
    try (OnnxEmbeddingModel m = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q, 1, 32, dir)) {
      shipped = m.embed(TEXTS);
    }
    Path graph = graphs(dir).get(0);
    byte[] bytes = Files.readAllBytes(graph);
    bytes[bytes.length / 2] ^= 0x5A; // same length, wrong content: only the CRC-32 tells
    Files.write(graph, bytes);
    try (OnnxEmbeddingModel m = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q, 1, 32, dir)) {
      float[][] again = m.embed(TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertArrayEquals(shipped[i], again[i], "text " + i);
      }
    }
    assertNotNull(GraphCache.in(dir).read(graphs(dir).get(0)), "rewritten intact");
    Files.writeString(graph, "not a graph at all");
    assertNull(GraphCache.in(dir).read(graph), "a graph that does not match its check file is not read");
    assertEquals(List.of(), graphs(dir), "and is deleted");
  }

  @Test
  void anUnusableCacheFolderOnlyMeansNoCache(@TempDir Path dir) throws IOException {
    Path notAFolder = Files.writeString(dir.resolve("cache"), "a file where the cache folder should be");
    try (OnnxEmbeddingModel m = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q, 1, 32,
        notAFolder)) {
      float[][] v = m.embed(TEXTS);
      assertEquals(TEXTS.size(), v.length);
      assertEquals(384, v[0].length);
    }
    assertEquals("a file where the cache folder should be", Files.readString(notAFolder));
  }

  @Test
  void cpuSignatureComesFromTheFlagsLine(@TempDir Path dir) throws IOException {
    Path info = dir.resolve("cpuinfo");
    Files.writeString(info, "processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu sse2 avx2 fma\n\nprocessor\t: 1\n");
    String a = GraphCache.cpuSignature(info);
    assertNotNull(a);
    assertEquals(12, a.length());
    Files.writeString(info, "processor\t: 0\nflags\t\t: fpu sse2 avx2 fma avx512f\n");
    assertTrue(!a.equals(GraphCache.cpuSignature(info)), "other flags, other signature");
    Files.writeString(info, "processor\t: 0\n");
    assertNull(GraphCache.cpuSignature(info), "no flags: no cache");
    assertNull(GraphCache.cpuSignature(dir.resolve("missing")));
  }

  private static List<Path> graphs(Path dir) throws IOException {
    return files(dir).stream().filter(f -> f.toString().endsWith(".opt.onnx")).toList();
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(s.sorted().toList());
    }
  }
}
