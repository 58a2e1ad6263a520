package org.stancemap.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.stancemap.InvalidInputException;
import org.stancemap.analysis.BatchAnalysis;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.document.SourceItem;
import org.stancemap.gloss.Glossary;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.model.ModelFile;
import org.stancemap.sources.files.PostFields;

/**
 * {@code analyze} on Spark: reads the inputs through Hadoop file systems, parses them with the import's parsers,
 * analyses every document on the executors with the one batched path of the CLI, and writes the tables of
 * docs/spark.md under the output folder.
 *
 * <p>Design decision: inputs are parsed file by file (a CSV's quoted line breaks and a JSON Lines file's line
 * numbers need the whole file, as {@code import} reads it), then the documents are spread over
 * {@code --partitions} tasks for analysis, where nearly all the time goes. Parquet inputs are read by Spark, split by
 * row groups.
 */
final class AnalyzeJob {
  private AnalyzeJob() {}

  /**
   * What to analyse and where to write it.
   *
   * @param input a file or folder (any Hadoop file system URI; folders are read recursively)
   * @param output the output folder
   * @param model a trained model file, or null for the shipped default
   * @param codebook a codebook file or built-in name, or null for the default
   * @param columnOptions the import's column options ({@code text-column=body}, ...)
   * @param partitions tasks for analysis (0: twice the default parallelism)
   * @param glossaries glossary files, each named after its language ({@code ukr.tsv}), as {@code --glossary}
   */
  record Options(String input, Parsing.Format format, String output, String model, String codebook, boolean json,
      boolean skipExisting, boolean overwrite, boolean vectors, long maxBytes, Map<String, String> columnOptions,
      int partitions, List<String> glossaries) {
    Options {
      columnOptions = Map.copyOf(columnOptions);
      glossaries = List.copyOf(glossaries);
    }
  }

  /**
   * What a run did.
   *
   * @param sentences the sentences of the documents analysed
   * @param seconds the run's wall-clock time, from reading the inputs to the last table written
   * @param analyses how many times a document was analysed on the executors: the documents and the analysis
   *     failures once each, unless a task was retried (Spark's accumulator counts every attempt)
   */
  record Summary(long analysed, long failed, long skipped, long sentences, double seconds, long analyses) {}

  static Summary run(SparkSession spark, Options o) {
    long t0 = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = jsc.hadoopConfiguration();
    hadoop.setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(o.output());
    boolean exists;
    try {
      exists = out.getFileSystem(hadoop).exists(new org.apache.hadoop.fs.Path(out, "documents"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the output folder " + o.output() + ": " + e.getMessage(), e);
    }
    if (exists && !o.skipExisting() && !o.overwrite()) {
      throw new InvalidInputException(o.output() + " already holds a Stancemap output; add --skip-existing to "
          + "analyse only documents that are not in it yet, or --overwrite to replace it");
    }
    PerExecutor.Settings settings = ship(jsc, o);

    // 1. Parse: one row per item or parse failure.
    Dataset<Row> parsed = parse(spark, jsc, o, settings);
    parsed.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> items = parsed.filter(functions.col("kind").equalTo("item"));
    long skipped = 0;
    if (exists && o.skipExisting()) {
      Dataset<Row> known = spark.read().parquet(new org.apache.hadoop.fs.Path(out, "documents").toString())
          .select("content_sha256").distinct();
      long before = items.count();
      items = items.join(known, items.col("content_sha256").equalTo(known.col("content_sha256")), "left_anti");
      skipped = before - items.count();
    }
    int partitions = o.partitions() > 0 ? o.partitions() : Math.max(1, 2 * jsc.defaultParallelism());

    // 2. Analyse: each executor builds its analyzer once and embeds its partition's documents in windows.
    Dataset<Row> parseErrors = parsed.filter(functions.col("kind").equalTo("error"))
        .select(functions.col("location"), functions.col("error").as("reason"), functions.lit("read").as("stage"));
    boolean vectors = o.vectors();
    String codebookSha = settings.codebookSha256();
    org.apache.spark.util.LongAccumulator analyses = jsc.sc().longAccumulator("stancemap analyses");
    JavaRDD<Row> results = items.repartition(partitions).javaRDD()
        .mapPartitions(rows -> analyse(rows, resolve(settings), codebookSha, vectors, analyses));
    Dataset<Row> result = spark.createDataFrame(results, Tables.RESULT);
    result.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      SaveMode mode = exists && o.skipExisting() ? SaveMode.Append : SaveMode.Overwrite;
      Dataset<Row> docs = result.filter(functions.col("kind").equalTo("document"));
      Column[] keys = {functions.col("doc_id"), functions.col("location"), functions.col("source"),
          functions.col("month")};
      write(docs.select(concat(keys, functions.explode(functions.col("units")).as("u"))).select("doc_id",
          "location", "source", "month", "u.*"), out, "units", mode, true);
      write(docs.select(concat(keys, functions.explode(functions.col("labels")).as("l"))).select("doc_id",
          "location", "source", "month", "l.*"), out, "labels", mode, true);
      write(docs.select(concat(keys, functions.explode(functions.col("sentences")).as("s"))).select("doc_id",
          "location", "source", "month", "s.*"), out, "sentences", mode, true);
      Dataset<Row> analyseErrors = result.filter(functions.col("kind").equalTo("error"))
          .select(functions.col("location"), functions.col("error").as("reason"), functions.lit("analyse").as("stage"));
      write(parseErrors.unionByName(analyseErrors), out, "errors", mode, false);
      if (o.json()) {
        docs.select("analysis_json").write().mode(mode).text(new org.apache.hadoop.fs.Path(out, "json").toString());
      }
      // The documents table last: a document is in it only when its other rows are written.
      write(docs.select(Tables.DOCUMENT_COLUMNS.stream().map(functions::col).toArray(Column[]::new)), out,
          "documents", mode, true);
      Row totals = docs.agg(functions.count(functions.lit(1)), functions.sum("sentence_count")).first();
      long failed = parseErrors.count() + analyseErrors.count();
      return new Summary(totals.getLong(0), failed, skipped, totals.isNullAt(1) ? 0 : totals.getLong(1),
          (System.nanoTime() - t0) / 1e9, analyses.value());
    } finally {
      result.unpersist();
      parsed.unpersist();
    }
  }

  private static Column[] concat(Column[] keys, Column extra) {
    Column[] all = Arrays.copyOf(keys, keys.length + 1);
    all[keys.length] = extra;
    return all;
  }

  private static void write(Dataset<Row> d, org.apache.hadoop.fs.Path out, String table, SaveMode mode,
      boolean partitioned) {
    var w = d.write().mode(mode);
    if (partitioned) {
      w = w.partitionBy("source", "month");
    }
    w.parquet(new org.apache.hadoop.fs.Path(out, table).toString());
  }

  /**
   * Sends the model and codebook files with the job (SparkFiles) and says how executors find them. A built-in
   * codebook name travels as the name.
   */
  private static PerExecutor.Settings ship(JavaSparkContext jsc, Options o) {
    String model = null;
    if (o.model() != null) {
      Path m = Path.of(o.model());
      if (!Files.isRegularFile(m)) {
        throw new InvalidInputException("--model " + o.model() + ": no such file");
      }
      jsc.addFile(m.toAbsolutePath().toString());
      ModelFile.encoder(m).ifPresent(e -> jsc.addFile(e.toAbsolutePath().toString()));
      model = "sparkfile:" + m.getFileName();
    }
    String codebook = o.codebook();
    if (codebook != null && Files.isRegularFile(Path.of(codebook))) {
      jsc.addFile(Path.of(codebook).toAbsolutePath().toString());
      codebook = "sparkfile:" + Path.of(codebook).getFileName();
    }
    // loaded on the driver too: a bad codebook or glossary fails here, with the loader's message, not on every
    // executor
    String sha = CodebookLoader.load(o.codebook()).sha256();
    List<Path> given = o.glossaries().stream().map(Path::of).toList();
    Glossary.loadAllGiven(given);
    List<String> glossaries = new ArrayList<>();
    for (Path f : given) {
      jsc.addFile(f.toAbsolutePath().toString());
      glossaries.add("sparkfile:" + f.getFileName());
    }
    return new PerExecutor.Settings(codebook, model, glossaries, 0, o.maxBytes(), sha);
  }

  /**
   * The settings as this executor sees them: SparkFiles names turned into local paths, and its cores (for the
   * inference threads) from {@code spark.executor.cores}, the N of {@code local[N]}, or the machine's processors.
   */
  private static PerExecutor.Settings resolve(PerExecutor.Settings s) {
    return new PerExecutor.Settings(local(s.codebook()), local(s.model()),
        s.glossaries().stream().map(AnalyzeJob::local).toList(), executorCores(), s.maxBytes(), s.codebookSha256());
  }

  static int executorCores() {
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    int machine = Runtime.getRuntime().availableProcessors();
    if (env == null) {
      return machine;
    }
    org.apache.spark.SparkConf conf = env.conf();
    String master = conf.get("spark.master", "");
    Matcher m = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(master);
    if (m.matches()) {
      return m.group(1).equals("*") ? machine : Integer.parseInt(m.group(1));
    }
    return conf.getInt("spark.executor.cores", machine);
  }

  private static String local(String name) {
    return name != null && name.startsWith("sparkfile:") ? SparkFiles.get(name.substring(10)) : name;
  }

  private static Dataset<Row> parse(SparkSession spark, JavaSparkContext jsc, Options o, PerExecutor.Settings s) {
    Parsing.Format format = o.format();
    Map<String, String> options = o.columnOptions();
    long maxBytes = o.maxBytes();
    JavaRDD<Raw> raws;
    Map<String, String> columns;
    if (format == Parsing.Format.parquet) {
      Dataset<Row> table = spark.read().parquet(o.input());
      List<String> names = List.of(table.columns());
      PostFields f = PostFields.resolve(names, new ImportContext(new DocumentReader(null, maxBytes, null), maxBytes,
          false, options, null), o.input(), n -> false);
      columns = Parsing.columns(f);
      List<Column> cols = new ArrayList<>();
      for (String n : names) {
        cols.add(functions.col("`" + n.replace("`", "``") + "`").cast("string").as(n));
      }
      cols.add(functions.col("_metadata.file_path").as("__file"));
      cols.add(functions.col("_metadata.row_index").as("__row"));
      raws = table.select(cols.toArray(Column[]::new)).javaRDD().map(r -> {
        Map<String, String> values = new LinkedHashMap<>();
        for (String n : names) {
          values.put(n, r.getAs(n));
        }
        String file = localName(r.getAs("__file"));
        return (Raw) new Raw.Record(file, folderName(file), ((Number) r.getAs("__row")).longValue() + 1, values);
      });
    } else {
      columns = Map.of();
      List<String> files = InputFiles.list(o.input(), jsc.hadoopConfiguration());
      org.apache.spark.broadcast.Broadcast<org.apache.spark.util.SerializableConfiguration> conf =
          jsc.broadcast(new org.apache.spark.util.SerializableConfiguration(jsc.hadoopConfiguration()));
      int slices = (int) Math.max(1, Math.min(files.size(), 4L * jsc.defaultParallelism()));
      raws = jsc.parallelize(files, slices).map(f -> InputFiles.read(f, conf.value(), maxBytes));
    }
    PerExecutor.Settings settings = s;
    JavaRDD<Row> rows = raws.flatMap(raw -> {
      DocumentReader reader = PerExecutor.reader(resolve(settings));
      return Parsing.parse(raw, format, reader, options, columns, maxBytes).stream().map(ItemRows::of).iterator();
    });
    return spark.createDataFrame(rows, ItemRows.PARSED);
  }

  /** A plain path for a local file ({@code file:/a/b} is {@code /a/b}, as the CLI names it), else the URI. */
  static String localName(String uri) {
    if (uri.startsWith("file:")) {
      return Path.of(URI.create(uri)).toString();
    }
    return uri;
  }

  /** The name of the folder a file is in, as {@code import} names a local file's source. */
  static String folderName(String location) {
    String trimmed = location.replaceAll("/+$", "");
    int slash = trimmed.lastIndexOf('/');
    if (slash <= 0) {
      return "local";
    }
    String parent = trimmed.substring(0, slash);
    String name = parent.substring(parent.lastIndexOf('/') + 1);
    return name.isEmpty() || name.endsWith(":") ? "local" : name;
  }

  /** Analyses a partition's items, streaming: the batched path runs beside the consumer of its rows. */
  private static Iterator<Row> analyse(Iterator<Row> rows, PerExecutor.Settings s, String codebookSha,
      boolean vectors, org.apache.spark.util.LongAccumulator analyses) {
    PerExecutor.Shared shared = PerExecutor.get(s);
    Timestamp now = new Timestamp(System.currentTimeMillis());
    Iterator<BatchAnalysis.Input<SourceItem>> inputs = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public BatchAnalysis.Input<SourceItem> next() {
        SourceItem item = ItemRows.item(rows.next());
        return new BatchAnalysis.Input.Ready<>(item, item.document());
      }
    };
    return Streams.<BatchAnalysis.Input<SourceItem>, Row>pull(inputs, (in, consumer) -> BatchAnalysis.run(in,
        shared.analyzer(), BatchAnalysis.DEFAULT_WINDOWS, outcome -> {
          analyses.add(1);
          consumer.accept(switch (outcome) {
          case BatchAnalysis.Outcome.Analysed<SourceItem> a -> Tables.document(a.item(), a.analysis(), codebookSha,
              vectors ? a.sentenceVectors() : null, now);
          case BatchAnalysis.Outcome.Failed<SourceItem> f -> Tables.error(f.item().location(), f.item().sourceName(),
              f.reason());
          });
        }), worker -> {
          org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
          if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> worker.interrupt());
          }
        });
  }
}
