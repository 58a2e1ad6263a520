package org.stancemap.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.store.Store;

/**
 * The job in local[2] on a small mixed corpus: the JSON of every document equals what {@code stancemap analyze
 * --format json} prints for it, bad records land in the errors table with their location and reason, posts keep the
 * import's column mapping and locations, {@code --skip-existing} analyses nothing twice, and loading the output into
 * a store twice stores it once.
 */
class SparkLocalTest {
  private static SparkSession spark;
  @TempDir static Path classDir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("stancemap-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static AnalyzeJob.Options options(Path input, Parsing.Format format, Path out, boolean skip,
      Map<String, String> columns) {
    return new AnalyzeJob.Options(input.toString(), format, out.toString(), null, null, true, skip, false, true,
        100L << 20, columns, 3, List.of());
  }

  @Test
  void theJsonOfEveryDocumentIsTheCliOwnAndBadFilesAreErrors(@TempDir Path dir) throws IOException {
    Path texts = Corpus.texts(dir);
    Path out = dir.resolve("out");
    AnalyzeJob.Summary s = AnalyzeJob.run(spark, options(texts, Parsing.Format.text, out, false, Map.of()));
    assertEquals(3, s.analysed(), "three readable texts");
    assertEquals(3, s.analyses(), "each document analysed once (the empty file fails before analysis; no stage ran "
        + "twice)");
    assertEquals(1, s.failed(), "the empty file");

    Map<String, String> job = Corpus.jobJson(out);
    List<Path> good;
    try (Stream<Path> files = Files.list(texts)) {
      good = files.filter(f -> !f.getFileName().toString().equals("empty.txt")).map(Path::toAbsolutePath).toList();
    }
    Map<String, String> cli = Corpus.cliJson(good.stream().map(Path::toString).toList());
    assertEquals(cli.keySet(), job.keySet(), "the same documents, named by the same paths");
    cli.forEach((source, json) -> assertEquals(json, job.get(source), source + ": identical to the CLI's JSON"));

    List<Row> errors = spark.read().parquet(out.resolve("errors").toString()).collectAsList();
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).<String>getAs("location").endsWith("empty.txt"), errors.toString());
    assertTrue(errors.get(0).<String>getAs("reason").contains("is empty"), errors.toString());

    Dataset<Row> docs = spark.read().parquet(out.resolve("documents").toString());
    assertEquals(3, docs.count());
    assertEquals(List.of("texts"), docs.select("source").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList(), "a file's source is its folder's name, as import names it");
    Row solidarity = docs.filter("location like '%solidarity.txt'").first();
    assertEquals("undated", solidarity.getAs("month"));
    assertEquals(solidarity.getAs("position"), JsonParser.parse(job.get(solidarity.<String>getAs("location")))
        .asObj("doc").get("position").asObj("position").get("label").asString("label"),
        "the table's position is the JSON's");

    // units, labels and sentences hang off the documents by doc_id, with evidence quotes from the text
    long sentences = spark.read().parquet(out.resolve("sentences").toString()).count();
    assertEquals(docs.agg(org.apache.spark.sql.functions.sum("sentence_count")).first().getLong(0), sentences);
    Dataset<Row> labels = spark.read().parquet(out.resolve("labels").toString());
    for (Row l : labels.filter("dimension = 'narrative'").collectAsList()) {
      String location = l.getAs("location");
      String text = docs.filter(docs.col("location").equalTo(location)).first().getAs("text");
      for (Row e : l.<Row>getList(l.fieldIndex("evidence"))) {
        assertEquals(e.<String>getAs("text"), text.substring(e.<Integer>getAs("start"), e.<Integer>getAs("end")),
            "evidence is the text at its offsets");
      }
    }
    assertTrue(spark.read().parquet(out.resolve("units").toString()).count() >= 6);

    // The Spark SQL of docs/spark.md runs on this output and counts what the tables hold.
    List<List<Row>> answers = docsSql(out);
    assertEquals(4, answers.size(), "four queries in docs/spark.md");
    long narrativeDocs = labels.filter("dimension = 'narrative' and unit_id is null").select("doc_id", "label")
        .distinct().count();
    assertEquals(narrativeDocs, answers.get(0).stream().mapToLong(r -> r.getLong(4)).sum(),
        "narratives per source and month count every document-level narrative once");
    assertEquals(3, answers.get(1).stream().mapToLong(r -> r.getLong(2)).sum(), "positions per source");
    assertEquals(3, answers.get(2).stream().mapToLong(r -> r.getLong(2)).sum(), "stance toward Russia over time");

    // Re-running into the same output: refused without a flag; with --skip-existing nothing is analysed twice.
    assertEquals(2, Job.execute("analyze", "--input", texts.toString(), "--format", "text", "--output",
        out.toString()));
    AnalyzeJob.Summary again = AnalyzeJob.run(spark, options(texts, Parsing.Format.text, out, true, Map.of()));
    assertEquals(0, again.analysed());
    assertEquals(3, again.skipped());
    assertEquals(3, spark.read().parquet(out.resolve("documents").toString()).count(), "no duplicate rows");
  }

  /** Runs every statement of the SQL example in docs/spark.md on {@code out}; the results of the SELECTs. */
  private static List<List<Row>> docsSql(Path out) throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "spark.md"));
    int start = doc.indexOf("```sql\n") + 7;
    String sql = doc.substring(start, doc.indexOf("```", start)).replace("'out/", "'" + out + "/");
    List<List<Row>> answers = new ArrayList<>();
    for (String statement : sql.split(";")) {
      String stmt = statement.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b)
          .strip();
      if (!stmt.isEmpty()) {
        List<Row> rows = spark.sql(stmt).collectAsList();
        if (stmt.startsWith("SELECT")) {
          answers.add(rows);
        }
      }
    }
    return answers;
  }

  @Test
  void postsKeepTheImportMappingAndBrokenRowsAreReported(@TempDir Path dir) throws IOException {
    Path posts = Corpus.posts(dir);
    Path out = dir.resolve("out");
    // through the job's command line, as spark-submit runs it: --column maps a field as import's options do
    assertEquals(1, Job.execute("analyze", "--input", posts.toString(), "--format", "CSV", "--column", "text=body",
        "--output", out.toString(), "--partitions", "2"), "exit 1: some records failed, the others were analysed");
    Dataset<Row> docs = spark.read().parquet(out.resolve("documents").toString());
    List<String> locations = docs.select("location").collectAsList().stream().map(r -> r.getString(0)).sorted()
        .toList();
    assertEquals(3, locations.size(), locations.toString());
    assertTrue(locations.get(0).endsWith("forum.csv#id=p1"), locations.toString());
    assertEquals(List.of("forum-a", "forum-b"), docs.select("source").distinct().orderBy("source").collectAsList()
        .stream().map(r -> r.getString(0)).toList(), "the source column names each post's source");
    assertEquals(List.of("2024-03", "2024-04"), docs.select("month").distinct().orderBy("month").collectAsList()
        .stream().map(r -> r.getString(0)).toList(), "partitioned by the month of each post's date");
    Row p1 = docs.filter("external_id = 'p1'").first();
    assertEquals("ana", p1.getAs("author"));
    List<Row> errors = spark.read().parquet(out.resolve("errors").toString()).collectAsList();
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.<String>getAs("reason").contains("empty")), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.<String>getAs("location").contains("#line=")), errors.toString());

    Path messages = Corpus.jsonl(dir);
    Path out2 = dir.resolve("out2");
    AnalyzeJob.Summary j = AnalyzeJob.run(spark, options(messages, Parsing.Format.jsonl, out2, false, Map.of()));
    assertEquals(2, j.analysed());
    assertEquals(1, j.failed());
    Row bad = spark.read().parquet(out2.resolve("errors").toString()).first();
    assertTrue(bad.<String>getAs("location").endsWith("channel.jsonl#line=2"), bad.toString());
  }

  @Test
  void parquetTablesAreReadWithTheSameMapping(@TempDir Path dir) {
    assertEquals(2, AnalyzeJob.executorCores(), "local[2]: two inference threads per executor");
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("message_id", DataTypes.LongType, false),
        DataTypes.createStructField("content", DataTypes.StringType, true),
        DataTypes.createStructField("channel", DataTypes.StringType, true),
        DataTypes.createStructField("published_at", DataTypes.StringType, true)));
    List<Row> rows = List.of(
        RowFactory.create(11L, "The Kremlin's war of conquest must fail.", "chan-x", "2022-03-01"),
        RowFactory.create(12L, "   ", "chan-x", "2022-03-02"),
        RowFactory.create(13L, "Kyiv is ruled by a junta serving Washington.", "chan-y", "2022-05-09"));
    Path table = dir.resolve("table");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(table.toString());
    Path out = dir.resolve("out");
    AnalyzeJob.Summary s = AnalyzeJob.run(spark, options(table, Parsing.Format.parquet, out, false, Map.of()));
    assertEquals(2, s.analysed());
    assertEquals(1, s.failed(), "the blank text");
    Dataset<Row> docs = spark.read().parquet(out.resolve("documents").toString());
    assertEquals(List.of("chan-x", "chan-y"), docs.select("source").orderBy("source").collectAsList().stream()
        .map(r -> r.getString(0)).toList());
    assertTrue(docs.filter("external_id = '13'").first().<String>getAs("location").contains("#id=13"));
    assertFalse(docs.filter("external_id = '11'").first().<String>getAs("stance") == null);
  }

  @Test
  void aGlossaryGivenToTheJobReadsItsLanguageOnTheExecutors(@TempDir Path dir) throws IOException {
    Path texts = Files.createDirectories(dir.resolve("dutch"));
    Files.writeString(texts.resolve("nl.txt"), "De vakbonden in Oekraïne vechten sinds de eerste dag tegen de "
        + "invasie. Wij steunen hun verzet en eisen de terugtrekking van alle Russische troepen uit het hele land.\n",
        StandardCharsets.UTF_8);
    // a tiny Dutch glossary, written for this test. A file added to a Spark context is fetched again before every
    // later task of that context, so it lives as long as the class's session, not this test's folder.
    Path nld = classDir.resolve("nld.tsv");
    Files.writeString(nld, "# test glossary: Dutch (nld) to English\nde\tthe\nvakbonden\tunions\nin\tin\n"
        + "oekraïne\tUkraine\nvechten\tfight\nsinds\tsince\neerste\tfirst\ndag\tday\ntegen\tagainst\n"
        + "invasie\tinvasion\nwij\twe\nsteunen\tsupport\nhun\ttheir\nverzet\tresistance\nen\tand\n"
        + "eisen\tdemand\nterugtrekking\twithdrawal\nvan\tof\nalle\tall\nrussische\tRussian\n"
        + "troepen\ttroops\nuit\tfrom\nhet\tthe\nhele\twhole\nland\tcountry\n", StandardCharsets.UTF_8);
    Path with = dir.resolve("with");
    AnalyzeJob.run(spark, new AnalyzeJob.Options(texts.toString(), Parsing.Format.text, with.toString(), null, null,
        true, false, false, false, 100L << 20, Map.of(), 2, List.of(nld.toString())));
    Json.Obj doc = JsonParser.parse(Corpus.jobJson(with).values().iterator().next()).asObj("doc");
    assertEquals("nld", doc.get("language").asString("language"));
    assertEquals("analysed-via-gloss", doc.get("status").asString("status"));
    Path without = dir.resolve("without");
    AnalyzeJob.run(spark, options(texts, Parsing.Format.text, without, false, Map.of()));
    assertEquals("unsupported-language", JsonParser.parse(Corpus.jobJson(without).values().iterator().next())
        .asObj("doc").get("status").asString("status"));

    // a broken glossary fails on the driver, before any task, naming the file and line
    Path broken = dir.resolve("fra.tsv");
    Files.writeString(broken, "guerre\twar\nGuerre\twars\n", StandardCharsets.UTF_8);
    org.stancemap.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.stancemap.InvalidInputException.class, () -> AnalyzeJob.run(spark, new AnalyzeJob.Options(
            texts.toString(), Parsing.Format.text, dir.resolve("broken").toString(), null, null, true, false, false,
            false, 100L << 20, Map.of(), 2, List.of(broken.toString()))));
    assertTrue(e.getMessage().contains("--glossary") && e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void loadingTheOutputTwiceStoresItOnce(@TempDir Path dir) throws IOException {
    Path texts = Corpus.texts(dir);
    Path posts = Corpus.posts(dir);
    Path out = dir.resolve("out");
    AnalyzeJob.run(spark, options(texts, Parsing.Format.text, out, false, Map.of()));
    AnalyzeJob.run(spark, new AnalyzeJob.Options(posts.toString(), Parsing.Format.csv, out.toString(), null, null,
        false, true, false, true, 100L << 20, Map.of("text-column", "body"), 2, List.of()));
    String db = dir.resolve("corpus.db").toString();
    LoadJob.Summary first = LoadJob.run(spark, out.toString(), db);
    assertEquals(6, first.documents());
    assertEquals(6, first.imported());
    assertEquals(6, first.analyses());
    LoadJob.Summary second = LoadJob.run(spark, out.toString(), db);
    assertEquals(0, second.imported(), "nothing new");
    assertEquals(0, second.analyses(), "nothing analysed again");
    try (Store store = Store.open(db)) {
      assertEquals(6, store.countDocuments(true));
      for (long id = 1; id <= 6; id++) {
        assertTrue(store.analysis(id).isPresent(), "document " + id + " has its analysis");
      }
      assertFalse(store.sentenceVectors(org.stancemap.store.VectorCursor.START, 10).isEmpty(),
          "sentence vectors loaded, for meaning-based search");
    }
    String pg = PostgresLoad.url();
    if (pg != null) {
      assertEquals(6, LoadJob.run(spark, out.toString(), pg).analyses());
      assertEquals(0, LoadJob.run(spark, out.toString(), pg).analyses());
      try (Store store = Store.open(pg)) {
        assertEquals(6, store.countDocuments(true));
      }
    }
  }
}
