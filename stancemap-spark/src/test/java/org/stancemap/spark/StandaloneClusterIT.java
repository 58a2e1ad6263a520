package org.stancemap.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster on this machine: a standalone master and two one-core workers as separate processes on 127.0.0.1,
 * the job jar submitted with spark-submit, its output checked against the CLI, and nothing left running.
 */
class StandaloneClusterIT {
  @Test
  void theJobJarRunsOnAStandaloneClusterOfTwoWorkers(@TempDir Path dir) throws Exception {
    Path jobJar = Path.of(System.getProperty("stancemap.spark.jobjar"));
    Path lib = Path.of(System.getProperty("stancemap.spark.lib"));
    assertTrue(Files.isRegularFile(jobJar), "the job jar is built before this test: " + jobJar);
    Path texts = Corpus.texts(dir);
    Path posts = Corpus.posts(dir);
    Files.copy(posts.resolve("forum.csv"), Files.createDirectories(dir.resolve("csv")).resolve("forum.csv"));
    Path out = dir.resolve("out");
    StandaloneCluster cluster = new StandaloneCluster(dir, lib, 2, 1);
    try {
      String flags = System.getProperty("stancemap.spark.flags", "").trim();
      int code = cluster.submit(dir.resolve("submit.log"), Duration.ofMinutes(6), List.of(
          "--master", cluster.master, "--deploy-mode", "client", "--class", "org.stancemap.spark.Job",
          "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g",
          "--conf", "spark.cores.max=2", "--conf", "spark.driver.host=127.0.0.1",
          "--conf", "spark.executor.extraJavaOptions=" + flags, "--conf", "spark.ui.enabled=false",
          jobJar.toString(), "analyze", "--input", texts.toString(), "--format", "text", "--output",
          out.toString(), "--json", "--partitions", "4"));
      String log = Files.readString(dir.resolve("submit.log"));
      assertEquals(1, code, "one input (the empty file) failed, the others were analysed:\n" + tail(log));
      assertTrue(log.contains("analysed 3 document(s)"), tail(log));
      List<String> executors = executorsThatRan(dir);
      assertEquals(2, executors.size(), "both workers ran an executor: " + executors);
    } finally {
      cluster.close();
    }
    assertEquals(List.of(), cluster.alive(), "no process of the cluster is left running");

    // The cluster's JSON is the CLI's, document for document.
    Map<String, String> job = Corpus.jobJson(out);
    Map<String, String> cli = Corpus.cliJson(job.keySet());
    assertEquals(3, cli.size());
    cli.forEach((source, json) -> assertEquals(json, job.get(source), source));
  }

  /** The executor folders the workers created (one per executor that ran). */
  private static List<String> executorsThatRan(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (Stream<Path> apps = Files.list(dir.resolve("worker-" + i))) {
        for (Path app : apps.toList()) {
          try (Stream<Path> ex = Files.list(app)) {
            ex.forEach(e -> out.add("worker-" + dir.relativize(e)));
          }
        }
      }
    }
    return out;
  }

  private static String tail(String log) {
    return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
  }
}
