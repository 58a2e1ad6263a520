package org.stancemap.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.stancemap.StancemapException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The job's entry point, for {@code spark-submit --class org.stancemap.spark.Job stancemap-spark-job.jar analyze …}
 * and for {@code ./stancemap spark …} (local mode). Exit codes as the CLI's: 0 all done, 1 some inputs failed, 2
 * bad arguments or input.
 */
@Command(name = "stancemap-spark", mixinStandardHelpOptions = true, subcommands = {Job.Analyze.class, Job.Load.class},
    description = "Stancemap on Apache Spark: analyse corpora beyond one machine (docs/spark.md).")
public final class Job implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give a command: analyze or load");
  }

  /** The Spark session: the one spark-submit configured, or local mode with {@code --master}. */
  static SparkSession session(String master, String name) {
    SparkSession.Builder b = SparkSession.builder().appName(name);
    if (master != null) {
      b = b.master(master);
    } else if (!SparkSession.getActiveSession().isDefined() && System.getProperty("spark.master") == null) {
      b = b.master("local[*]");
    }
    return b.getOrCreate();
  }

  @Command(name = "analyze", aliases = "analyse", mixinStandardHelpOptions = true,
      description = {"Analyse every document under --input and write Parquet tables (documents, units, labels, "
          + "sentences, errors) under --output, partitioned by source and month.", "",
          "Bad records never fail the job: they go to the errors table with their location and the reason."})
  static final class Analyze implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "PATH",
        description = "A file or folder (read recursively): a local path, hdfs://…, s3a://… with the user's connector.")
    String input;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "text (one document per .txt/.md/.html file), csv, jsonl (posts, columns mapped as by "
            + "'stancemap import'), parquet.")
    Parsing.Format format;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The output folder.")
    String output;

    @Option(names = "--model", paramLabel = "FILE", description = "A trained model file (default: the shipped one). "
        + "Sent to the executors with the job.")
    String model;

    @Option(names = "--codebook", paramLabel = "FILE|NAME", description = "A codebook file or built-in name "
        + "(default: ru-ua-left). Sent to the executors with the job.")
    String codebook;

    @Option(names = "--glossary", paramLabel = "FILE", description = "A glossary that reads its language into "
        + "English word by word, named after the language's ISO 639-3 code (ukr.tsv), as for 'stancemap "
        + "analyze'; repeatable. Sent to the executors with the job.")
    List<String> glossaries = new ArrayList<>();

    @Option(names = "--json", description = "Also write json/: one analysis per line, in schema "
        + "stancemap.analysis/2, as 'stancemap analyze --format json' gives each document.")
    boolean json;

    @Option(names = "--skip-existing", description = "Add to an existing output: analyse only documents whose "
        + "content hash is not in it yet.")
    boolean skipExisting;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @Option(names = "--no-vectors", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Write each sentence's embedding (384 floats) in the sentences table, for meaning-based "
            + "search after 'load' (default: on).")
    boolean vectors;

    @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "104857600",
        description = "Refuse input files larger than N bytes (reported in errors). Default: ${DEFAULT-VALUE}.")
    long maxBytes;

    @Option(names = "--column", paramLabel = "FIELD=COLUMN", description = "Name the column of a field (text, id, "
        + "parent, author, date, title, url, source), as import's FIELD-column options. Repeatable.")
    Map<String, String> columns = new LinkedHashMap<>();

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
        description = "Tasks for the analysis stage (default: twice the cluster's cores).")
    int partitions;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when not run by spark-submit "
        + "(default: local[*]).")
    String master;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (skipExisting && overwrite) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--skip-existing and --overwrite exclude "
            + "each other");
      }
      if (maxBytes < 1 || partitions < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--max-bytes must be positive and "
            + "--partitions 0 or more");
      }
      Map<String, String> options = new LinkedHashMap<>();
      columns.forEach((k, v) -> options.put(k.strip() + "-column", v));
      SparkSession spark = session(master, "stancemap analyze");
      try {
        AnalyzeJob.Summary s = AnalyzeJob.run(spark, new AnalyzeJob.Options(input, format, output, model, codebook,
            json, skipExisting, overwrite, vectors, maxBytes, options, partitions, glossaries));
        spec.commandLine().getOut().println("analysed " + s.analysed() + " document(s), " + s.skipped()
            + " already in the output, " + s.failed() + " failed (see " + output + "/errors)");
        spec.commandLine().getOut().printf(Locale.ROOT, "%d sentences in %.1f s: %.0f sentences/s "
            + "(%d analyses run)%n", s.sentences(), s.seconds(), s.sentences() / Math.max(1e-9, s.seconds()),
            s.analyses());
        spec.commandLine().getOut().flush();
        return s.failed() > 0 ? 1 : 0;
      } finally {
        if (master != null) {
          spark.stop();
        }
      }
    }
  }

  @Command(name = "load", mixinStandardHelpOptions = true,
      description = "Load the output of 'analyze' into a corpus store (an SQLite file or jdbc:postgresql: URL), "
          + "idempotently, so that the workbench, search and ask work on it.")
  static final class Load implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "DIR", description = "The --output folder of analyze.")
    String input;

    @Option(names = "--db", required = true, paramLabel = "DB", description = "The store: FILE.db or "
        + "jdbc:postgresql://host/db (password from PGPASSWORD).")
    String db;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*]).")
    String master;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      SparkSession spark = session(master, "stancemap load");
      try {
        LoadJob.Summary s = LoadJob.run(spark, input, db);
        spec.commandLine().getOut().println("loaded " + s.documents() + " document(s) (" + s.imported()
            + " new or changed) and " + s.analyses() + " analyses into " + db);
        spec.commandLine().getOut().flush();
        return 0;
      } finally {
        if (master != null) {
          spark.stop();
        }
      }
    }
  }

  /** Runs a command line; returns the exit code. */
  public static int execute(String... args) {
    return new CommandLine(new Job()).setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof StancemapException) {
        cmd.getErr().println("stancemap-spark: " + e.getMessage());
        return 2;
      }
      throw e;
    }).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  public static void main(String[] args) {
    int code = execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
