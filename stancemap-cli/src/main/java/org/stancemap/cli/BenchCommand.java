package org.stancemap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.BatchAnalysis;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.corpus.SyntheticCorpus;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.IngestResult;
import org.stancemap.ingest.LanguageDetector;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.model.onnx.OnnxEmbeddingModel;
import org.stancemap.report.JsonReport;
import org.stancemap.text.Segmenter;
import org.stancemap.text.Sentence;
import org.stancemap.text.Unit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stancemap bench}: on one generated corpus, the raw throughput of the embedding model on ONNX Runtime and
 * the throughput of the whole analyze pipeline (reading files, decoding, segmentation, tokenisation, embedding,
 * heads, evidence, JSON output), their ratio, and peak memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure raw model throughput and whole-pipeline throughput on a generated corpus.",
        "Both run in this process on the same sentences; the ratio says how much of the model's speed the "
        + "pipeline keeps."})
final class BenchCommand implements Callable<Integer> {
  @CommandLine.Mixin SharedOptions shared = new SharedOptions();

  @Option(names = "--sentences", split = ",", paramLabel = "N", defaultValue = "2000",
      description = "Corpus sizes in sentences, comma-separated (e.g. 1000,10000,100000). Default: ${DEFAULT-VALUE}.")
  List<Integer> sizes;

  @Option(names = "--sentences-per-document", paramLabel = "N", defaultValue = "12",
      description = "Average document length in sentences. Default: ${DEFAULT-VALUE}.")
  int perDocument;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the corpus generator. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
      description = "Measure each mode N times, alternating, and keep the fastest round of each (steadier on a busy "
          + "machine). Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--no-per-document",
      description = "Skip the measurement of analyze --no-batch-across-documents (one document at a time).")
  boolean noPerDocument;

  @Option(names = "--write-corpus", paramLabel = "DIR", description = "Only write the generated corpus of the first "
      + "--sentences size to DIR, one .txt file per document (for benchmarks of other runners, e.g. the Spark job), "
      + "and measure nothing.")
  Path writeCorpus;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (writeCorpus != null) {
      List<String> docs = new SyntheticCorpus(seed).documents(sizes.get(0), perDocument);
      Files.createDirectories(writeCorpus);
      for (int i = 0; i < docs.size(); i++) {
        Files.writeString(writeCorpus.resolve(String.format(Locale.ROOT, "doc-%06d.txt", i)), docs.get(i),
            StandardCharsets.UTF_8);
      }
      out.println("wrote " + docs.size() + " documents of the generated corpus (seed " + seed + ") to " + writeCorpus);
      return StancemapTool.OK;
    }
    List<Json> runs = new ArrayList<>();
    try (Wiring w = new Wiring(shared, spec.commandLine().getErr())) {
      EmbeddingModel model = w.embedding();
      Timed timed = new Timed(model);
      Analyzer analyzer = new Analyzer(w.codebook(), timed, w.heads(), Analyzer.Settings.defaults());
      model.embed(List.of("Warm-up sentence for the ONNX Runtime session.", "A second one, a little longer than "
          + "the first, so that two shapes are compiled."));
      for (int size : sizes) {
        runs.add(run(size, analyzer, model, timed));
        if (!format.equals("json")) {
          out.println(describe((Json.Obj) runs.get(runs.size() - 1)));
          out.flush();
        }
      }
      if (format.equals("json")) {
        out.println(JsonWriter.pretty(Json.obj().put("model", model.info().id()).put("threads", shared.threads)
            .put("runs", Json.arr(runs)).build()));
      }
    }
    out.flush();
    return StancemapTool.OK;
  }

  /** One run as a line of text. */
  private static String describe(Json.Obj r) {
    String perDocument = r.fields().containsKey("ratio_per_document")
        ? String.format(Locale.ROOT, " (one document at a time: %.1f sentences/s, ratio %.2f)",
            r.get("pipeline_per_document_sentences_per_s").asDouble("b"), r.get("ratio_per_document").asDouble("rb"))
        : "";
    return String.format(Locale.ROOT, "%,d sentences in %,d documents: raw ONNX %.1f sentences/s, "
        + "pipeline %.1f sentences/s, ratio %.2f%s; CPU per sentence ratio %.2f, cores busy raw %.0f%% pipeline "
        + "%.0f%%; peak heap %.0f MB, peak RSS %.0f MB (pipeline embedded %d texts, %.1f s of embedding calls in "
        + "%.1f s)",
        r.get("sentences").asLong("s"), r.get("documents").asLong("d"),
        r.get("raw_onnx_sentences_per_s").asDouble("r"), r.get("pipeline_sentences_per_s").asDouble("p"),
        r.get("ratio").asDouble("ratio"), perDocument, r.get("ratio_cpu").asDouble("c"),
        100 * r.get("raw_onnx_utilisation").asDouble("u"), 100 * r.get("pipeline_utilisation").asDouble("u"),
        r.get("peak_heap_mb").asDouble("h"), r.get("peak_rss_mb").asDouble("m"),
        r.get("pipeline_embedded_texts").asLong("e"), r.get("pipeline_embedding_thread_seconds").asDouble("t"),
        r.get("pipeline_seconds").asDouble("s"));
  }

  /** Counts the texts and spans the pipeline embeds and the wall time spent embedding them. */
  static final class Timed implements EmbeddingModel {
    final EmbeddingModel inner;
    final AtomicLong texts = new AtomicLong();
    final AtomicLong spans = new AtomicLong();
    final AtomicLong nanos = new AtomicLong();

    Timed(EmbeddingModel inner) {
      this.inner = inner;
    }

    @Override
    public EmbeddingInfo info() {
      return inner.info();
    }

    @Override
    public List<Embedded> embedSpans(List<SpanInput> in) {
      long t = System.nanoTime();
      List<Embedded> v = inner.embedSpans(in);
      nanos.addAndGet(System.nanoTime() - t);
      texts.addAndGet(in.size());
      spans.addAndGet(in.stream().mapToLong(x -> x.spans().size()).sum());
      return v;
    }

    @Override
    public void close() {}
  }

  /** The fastest of several rounds of one mode: wall seconds, process CPU seconds, sentences, extra counters. */
  private static final class Best {
    double wall = Double.POSITIVE_INFINITY;
    double cpu;
    long sentences;
    long[] extra = new long[0];

    void offer(double w, double c, long n, long... more) {
      if (w < wall) {
        wall = w;
        cpu = c;
        sentences = n;
        extra = more;
      }
    }

    double perSecond() {
      return sentences / wall;
    }

    /** Share of the machine's cores the process kept busy. */
    double utilisation() {
      return cpu / (wall * Runtime.getRuntime().availableProcessors());
    }
  }

  @org.stancemap.SuppressForbidden(reason = "the process's CPU time, which only the JDK's own MXBean gives; NaN "
      + "on a JVM without it")
  private static double cpuSeconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  private Json run(int size, Analyzer analyzer, EmbeddingModel model, Timed timed) throws IOException {
    if (rounds < 1) {
      throw new org.stancemap.InvalidInputException("--rounds must be at least 1: " + rounds);
    }
    List<String> docs = new SyntheticCorpus(seed).documents(size, perDocument);
    Path dir = Files.createTempDirectory("stancemap-bench");
    try {
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < docs.size(); i++) {
        Path f = dir.resolve(String.format(Locale.ROOT, "doc-%06d.txt", i));
        Files.writeString(f, docs.get(i), StandardCharsets.UTF_8);
        files.add(f);
      }
      // Raw: the same sentences the pipeline will see, embedded in large length-sorted batches.
      Segmenter seg = new Segmenter();
      List<String> sentences = new ArrayList<>();
      for (String d : docs) {
        for (Unit u : seg.segment(d)) {
          for (Sentence s : u.sentences()) {
            sentences.add(s.span().of(d));
          }
        }
      }
      docs = null; // the pipeline reads the files; only the raw mode keeps its sentences in memory
      DocumentReader reader = new DocumentReader(new LanguageDetector(Wiring.cacheDir(shared)),
          DocumentReader.DEFAULT_MAX_BYTES, null);
      Best raw = new Best();
      Best pipe = new Best();
      Best perDoc = new Best();
      resetPeaks();
      for (int round = 0; round < rounds; round++) {
        long t0 = System.nanoTime();
        double c0 = cpuSeconds();
        long w0 = workerCpuNanos();
        for (int i = 0; i < sentences.size(); i += 2048) {
          model.embed(sentences.subList(i, Math.min(sentences.size(), i + 2048)));
        }
        raw.offer((System.nanoTime() - t0) / 1e9, cpuSeconds() - c0, sentences.size(), workerCpuNanos() - w0);

        // The default analyze path: sentences embedded in windows across documents (BatchAnalysis).
        timed.texts.set(0);
        timed.spans.set(0);
        timed.nanos.set(0);
        long[] totals = new long[2];
        long t1 = System.nanoTime();
        double c1 = cpuSeconds();
        long main1 = threadCpuNanos();
        long gc1 = gcMillis();
        long jit1 = jitMillis();
        long w1 = workerCpuNanos();
        BatchAnalysis.run(files.stream().map(f -> {
          IngestResult r = reader.read(f.toString(), InputStream.nullInputStream());
          return r instanceof IngestResult.Loaded l ? (BatchAnalysis.Input<String>) new BatchAnalysis.Input.Ready<>(
              f.toString(), l.document()) : new BatchAnalysis.Input.Unreadable<>(f.toString(), r.source());
        }).iterator(), analyzer, BatchAnalysis.DEFAULT_WINDOWS, o -> {
          if (o instanceof BatchAnalysis.Outcome.Analysed<String> a) {
            totals[0] += JsonWriter.compact(JsonReport.document(a.analysis())).length();
            totals[1] += a.analysis().units().stream().mapToLong(u -> u.unit().sentences().size()).sum();
          }
        });
        pipe.offer((System.nanoTime() - t1) / 1e9, cpuSeconds() - c1, totals[1], totals[0], timed.texts.get(),
            timed.nanos.get(), timed.spans.get(), threadCpuNanos() - main1, gcMillis() - gc1, jitMillis() - jit1,
            workerCpuNanos() - w1);

        if (!noPerDocument) {
          // analyze --no-batch-across-documents: each document embedded on its own, several documents at a time.
          long[] sentencesSeen = {0};
          long t2 = System.nanoTime();
          double c2 = cpuSeconds();
          Ordered.map(files, f -> {
            IngestResult r = reader.read(f.toString(), InputStream.nullInputStream());
            if (r instanceof IngestResult.Loaded l) {
              DocumentAnalysis a = analyzer.analyze(l.document());
              JsonWriter.compact(JsonReport.document(a));
              return a.units().stream().mapToLong(u -> u.unit().sentences().size()).sum();
            }
            return 0L;
          }, shared.threads, n -> sentencesSeen[0] += n);
          perDoc.offer((System.nanoTime() - t2) / 1e9, cpuSeconds() - c2, sentencesSeen[0]);
        }
      }
      Json.ObjBuilder o = Json.obj().put("sentences", (long) sentences.size()).put("documents", (long) files.size())
          .put("rounds", (long) rounds)
          .put("raw_onnx_sentences_per_s", raw.perSecond()).put("pipeline_sentences_per_s", pipe.perSecond())
          .put("ratio", pipe.perSecond() / raw.perSecond())
          .put("raw_onnx_cpu_seconds", raw.cpu).put("pipeline_cpu_seconds", pipe.cpu)
          .put("ratio_cpu", (raw.cpu / raw.sentences) / (pipe.cpu / pipe.sentences))
          .put("raw_onnx_utilisation", raw.utilisation()).put("pipeline_utilisation", pipe.utilisation());
      if (!noPerDocument) {
        o.put("pipeline_per_document_sentences_per_s", perDoc.perSecond())
            .put("ratio_per_document", perDoc.perSecond() / raw.perSecond())
            .put("ratio_per_document_cpu", (raw.cpu / raw.sentences) / (perDoc.cpu / perDoc.sentences));
      }
      return o.put("json_bytes", pipe.extra[0])
          .put("pipeline_embedded_texts", pipe.extra[1]).put("pipeline_embedded_spans", pipe.extra[3])
          .put("pipeline_embedding_thread_seconds", pipe.extra[2] / 1e9).put("pipeline_seconds", pipe.wall)
          .put("pipeline_analysis_thread_cpu_seconds", pipe.extra[4] / 1e9)
          .put("pipeline_gc_seconds", pipe.extra[5] / 1e3).put("pipeline_jit_seconds", pipe.extra[6] / 1e3)
          .put("raw_onnx_worker_cpu_seconds", raw.extra[0] / 1e9)
          .put("pipeline_onnx_worker_cpu_seconds", pipe.extra[7] / 1e9)
          .put("peak_heap_mb", peakHeapMb()).put("peak_rss_mb", peakRssMb()).build();
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /**
   * CPU time of the calling thread, the one that reads documents and runs the analysis while the embedder's
   * threads embed (-1 where the JVM cannot tell).
   */
  private static long threadCpuNanos() {
    var threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
  }

  /** CPU time of the embedder's inference threads ({@code stancemap-onnx}) so far, all of them together. */
  private static long workerCpuNanos() {
    var threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().equals(OnnxEmbeddingModel.WORKER_THREAD)) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  /** Milliseconds all garbage collectors have run so far. */
  private static long gcMillis() {
    long sum = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  /** Milliseconds the JIT compilers have run so far (0 where the JVM does not say). */
  private static long jitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
    try {
      // Linux: "5" resets the peak resident set size (VmHWM) to the current one, so each size reports its own.
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // Not Linux, or not allowed: the peak RSS is then the process's peak so far.
    }
  }

  private static double peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum / 1024.0 / 1024.0;
  }

  /** Peak resident set size of the process (Linux), which includes ONNX Runtime's native memory; -1 elsewhere. */
  private static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
