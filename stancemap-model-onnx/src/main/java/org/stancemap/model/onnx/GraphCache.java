package org.stancemap.model.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.CRC32;
import org.stancemap.text.Hashing;

/**
 * ONNX Runtime's optimised form of a model's graph, kept in a folder (the model cache) so that later starts load it
 * with graph optimisation switched off instead of optimising the shipped graph again. On the 2-core machines
 * optimising the int8 MiniLM graph takes 0.2-0.4 s and inflating its 23 MB from the jar 0.1-0.3 s, both on the
 * start-up's critical path; the median start-up fell by about 0.35 s (docs/benchmarks.md, section 1.1).
 *
 * <p>Design decisions. ONNX Runtime documents this "offline" mode and warns that an optimised graph may hold
 * hardware-specific rewrites, so a cached graph is named after the graph as run (the SHA-256 identity of the
 * weights and, for int8 models, their quantisation table; see {@link StaticQuantization#identity}), the ONNX Runtime
 * version and the CPU's instruction-set flags, and is never used elsewhere; without a readable
 * {@code /proc/cpuinfo} there is no cache. A graph is written under a temporary name and moved into place, with a
 * sidecar holding its length and CRC-32, which is checked before use; a graph that fails the check or that ONNX
 * Runtime refuses is deleted and rebuilt from the shipped one. {@code GraphCacheTest} checks that vectors from a
 * cached graph equal, bit for bit, those from the shipped graph optimised at load.
 */
final class GraphCache {
  private final Path dir;
  private final String cpu;

  private GraphCache(Path dir, String cpu) {
    this.dir = dir;
    this.cpu = cpu;
  }

  /** A cache in {@code dir} for this machine's CPU, or null when the CPU cannot be identified. */
  static GraphCache in(Path dir) {
    String cpu = cpuSignature(Path.of("/proc/cpuinfo"));
    return dir == null || cpu == null ? null : new GraphCache(dir, cpu);
  }

  /** A short hash of the instruction-set flags of the first CPU in {@code cpuinfo}, or null when unreadable. */
  static String cpuSignature(Path cpuinfo) {
    try {
      for (String line : Files.readAllLines(cpuinfo, StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("flags") || line.startsWith("Features")) {
          return Hashing.sha256(line.replaceFirst("^[^:]*:", "").strip().getBytes(StandardCharsets.UTF_8))
              .substring(0, 12);
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /** Where the optimised graph of the weights with SHA-256 {@code sha256} lives for this ONNX Runtime and CPU. */
  Path file(String modelId, String sha256, String ortVersion) {
    String safeId = modelId.replaceAll("[^A-Za-z0-9._-]", "_");
    String safeVersion = ortVersion.replaceAll("[^A-Za-z0-9.]", "_");
    return dir.resolve(safeId + "-" + sha256.substring(0, 16) + "-ort" + safeVersion + "-cpu" + cpu + ".opt.onnx");
  }

  /** The graph stored at {@code file} when it and its sidecar agree, else null (a damaged pair is deleted). */
  byte[] read(Path file) {
    Path side = sidecar(file);
    if (!Files.isRegularFile(file) || !Files.isRegularFile(side)) {
      return null;
    }
    try {
      byte[] graph = Files.readAllBytes(file);
      if (Files.readString(side, StandardCharsets.US_ASCII).strip().equals(check(graph))) {
        return graph;
      }
    } catch (IOException | RuntimeException e) {
      // unreadable: treated as damaged
    }
    discard(file);
    return null;
  }

  /** A fresh temporary path in the cache folder for ONNX Runtime to write an optimised graph to. */
  Path temporary(Path file) throws IOException {
    Files.createDirectories(dir);
    return Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
  }

  /**
   * Moves the graph ONNX Runtime wrote to {@code tmp} into place at {@code file}, sidecar first. On failure the
   * caller deletes {@code tmp}; the sidecar's own temporary file is deleted here.
   */
  void commit(Path tmp, Path file) throws IOException {
    byte[] graph = Files.readAllBytes(tmp);
    if (graph.length == 0) {
      throw new IOException("ONNX Runtime wrote an empty graph");
    }
    Path sideTmp = Files.createTempFile(dir, file.getFileName().toString(), ".crc.tmp");
    try {
      Files.writeString(sideTmp, check(graph) + "\n", StandardCharsets.US_ASCII);
      move(sideTmp, sidecar(file));
    } finally {
      Files.deleteIfExists(sideTmp);
    }
    move(tmp, file);
  }

  /** Deletes a cached graph and its sidecar, ignoring failures. */
  void discard(Path file) {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(sidecar(file));
    } catch (IOException e) {
      // a later start will try again
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path sidecar(Path file) {
    return file.resolveSibling(file.getFileName() + ".crc");
  }

  private static String check(byte[] graph) {
    CRC32 crc = new CRC32();
    crc.update(graph);
    return String.format(Locale.ROOT, "%d %08x", graph.length, crc.getValue());
  }
}
