package org.stancemap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes that create the same new SQLite store at once both succeed (issue #20, point 3: one used to fail
 * with SQLITE_BUSY in Flyway's first migration in about a third of the tries).
 */
class ConcurrentCreateTest {
  @TempDir Path dir;

  /** Run in a child JVM: opens (creating) the store given as the argument and records one import run. */
  public static void main(String[] args) {
    try (Store s = Store.open(args[0])) {
      s.beginRun("child " + ProcessHandle.current().pid());
    }
  }

  @Test
  void twoProcessesCreatingOneFileBothSucceed() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    for (int round = 0; round < 4; round++) {
      String db = dir.resolve("c" + round + ".db").toString();
      List<Process> ps = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ps.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            ConcurrentCreateTest.class.getName(), db).redirectErrorStream(true).start());
      }
      for (Process p : ps) {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("a child did not finish");
        }
        assertEquals(0, p.exitValue(), "round " + round + ": " + output(p));
      }
      try (Store s = Store.open(db)) {
        assertEquals(2, ((JdbcStore) s).query("SELECT count(*) FROM import_runs").stream()
            .mapToInt(Integer::parseInt).sum(), "both runs were recorded");
      }
    }
  }

  private static String output(Process p) throws IOException {
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
