package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill test: a child JVM imports a generated directory of small text files into SQLite and is killed with
 * SIGKILL ({@code destroyForcibly}) at seeded random points, several times; the same command then runs to the end.
 * The store must hold exactly the documents of an uninterrupted import into a second database (compared by
 * location and content hash), with every earlier run marked interrupted, and pass {@code PRAGMA
 * integrity_check}.
 */
class ImportKillTest {
  static final int FILES = 2000;
  static final long SEED = Long.getLong("stancemap.killtest.seed", 20240224L);

  @Test
  void anImportKilledAtRandomPointsResumesToExactlyTheUninterruptedResult(@TempDir Path dir) throws Exception {
    Random random = new Random(SEED);
    Path corpus = dir.resolve("corpus");
    String[] words = ("war peace Ukraine Russia NATO workers union solidarity empire resistance left sanctions "
        + "weapons negotiations ceasefire invasion occupation refugees aid Kyiv Moscow strike").split(" ");
    for (int i = 0; i < FILES; i++) {
      Path f = corpus.resolve(String.format(Locale.ROOT, "%02d/doc-%05d.txt", i / 250, i));
      Files.createDirectories(f.getParent());
      StringBuilder sb = new StringBuilder("Item ").append(i).append(".");
      for (int w = 0; w < 20 + random.nextInt(40); w++) {
        sb.append(' ').append(words[random.nextInt(words.length)]);
      }
      // a few texts repeat, so duplicates are part of what must come out the same
      Files.writeString(f, i % 97 == 0 ? "A text that several files share." : sb.append(".\n").toString(),
          StandardCharsets.UTF_8);
    }
    Path reference = dir.resolve("reference.db");
    assertEquals(0, runInProcess(corpus, reference), "uninterrupted reference import");

    Path db = dir.resolve("killed.db");
    List<Long> atKill = new ArrayList<>();
    int kills = 2 + random.nextInt(2);
    long floor = 0;
    for (int k = 0; k < kills; k++) {
      long target = floor + 50 + random.nextInt((int) Math.max(1, (FILES - floor) / (kills - k + 1)));
      Process p = child(corpus, db, dir.resolve("child-" + k + ".log"));
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && items(db) < target && System.nanoTime() < deadline) {
          Thread.sleep(random.nextInt(15));
        }
        Thread.sleep(random.nextInt(30));
      } finally {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
      long committed = items(db);
      atKill.add(committed);
      floor = committed;
    }
    assertTrue(atKill.stream().anyMatch(c -> c > 0 && c < FILES),
        "at least one kill landed in the middle of the import: " + atKill + " (seed " + SEED + ")");

    int code = runInProcess(corpus, db);
    assertEquals(0, code, "the resumed import finishes");
    assertEquals(documents(reference), documents(db), "same documents as the uninterrupted import (seed " + SEED
        + ", kills at " + atKill + ")");
    assertEquals(List.of("ok"), column(db, "PRAGMA integrity_check"));
    List<String> statuses = column(db, "SELECT status FROM import_runs ORDER BY id");
    assertEquals("finished", statuses.get(statuses.size() - 1));
    assertTrue(statuses.subList(0, statuses.size() - 1).stream().allMatch(s -> s.equals("interrupted")),
        statuses.toString());
    assertEquals(List.of(String.valueOf(FILES)), column(db, "SELECT COUNT(*) FROM locations"));
  }

  private static int runInProcess(Path corpus, Path db) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    return new StancemapTool().run(new PrintWriter(out), new PrintWriter(err), "import", corpus.toString(), "--db",
        db.toString(), "-q");
  }

  private static Process child(Path corpus, Path db, Path log) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx256m"));
    if (Runtime.version().feature() >= 22) {
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StancemapTool.class.getName(), "import",
        corpus.toString(), "--db", db.toString(), "-q"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Items committed so far (0 while the child is still creating the schema). */
  private static long items(Path db) {
    if (!Files.exists(db)) {
      return 0;
    }
    try {
      List<String> c = column(db, "SELECT COUNT(*) FROM locations");
      return Long.parseLong(c.get(0));
    } catch (SQLException e) {
      return 0;
    }
  }

  private static TreeSet<String> documents(Path db) throws SQLException {
    return new TreeSet<>(column(db, "SELECT l.location || ' ' || d.content_hash || ' ' || d.version FROM locations l "
        + "JOIN documents d ON d.id = l.document_id"));
  }

  private static List<String> column(Path db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout=10000");
      try (ResultSet rs = st.executeQuery(sql)) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }
}
