package org.stancemap.store;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: {@code STANCEMAP_TEST_PG_URL} when set (CI may start one), else a private
 * throwaway cluster (initdb into a temporary directory, pg_ctl start on a free loopback port, socket in that
 * directory; run as user {@code postgres} when the tests run as root), stopped and deleted at JVM exit. Each
 * {@link #newDatabase()} is a fresh, empty database. Public for other modules' tests (through this module's test
 * jar).
 */
public final class PostgresServer {
  private static PostgresServer instance;
  private static String unavailable;

  private final String baseUrl;
  private final String user;
  private final AtomicInteger counter = new AtomicInteger();

  private PostgresServer(String baseUrl, String user) {
    this.baseUrl = baseUrl;
    this.user = user;
  }

  /** The server, or null with {@link #whyUnavailable()} saying why. */
  public static synchronized PostgresServer get() {
    if (instance == null && unavailable == null) {
      try {
        instance = start();
      } catch (Exception e) {
        unavailable = e.getMessage();
      }
    }
    return instance;
  }

  public static String whyUnavailable() {
    return unavailable;
  }

  /** A JDBC URL of a new empty database. */
  public String newDatabase() throws SQLException {
    String name = "stancemap_t" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  private String url(String db) {
    return baseUrl + db + (user == null ? "" : "?user=" + user);
  }

  private static PostgresServer start() throws Exception {
    String env = System.getenv("STANCEMAP_TEST_PG_URL");
    if (env != null && !env.isBlank()) {
      // e.g. jdbc:postgresql://127.0.0.1:5432/ with ?user=... appended by url()
      int q = env.indexOf("?user=");
      String base = q < 0 ? env : env.substring(0, q);
      return new PostgresServer(base.endsWith("/") ? base : base + "/", q < 0 ? null : env.substring(q + 6));
    }
    Path bin = findBin();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "stancemap-pg-");
    Path data = dir.resolve("data");
    List<String> as = new ArrayList<>();
    if (root) {
      exec(List.of("chown", "postgres:postgres", dir.toString()), dir);
      as.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<String> init = new ArrayList<>(as);
    init.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "stancemap",
        "-E", "UTF8", "--locale=C", "--no-sync"));
    exec(init, dir);
    List<String> startCmd = new ArrayList<>(as);
    startCmd.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
        dir.resolve("log").toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir
            + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50", "start"));
    exec(startCmd, dir);
    List<String> stop = new ArrayList<>(as);
    stop.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        exec(stop, dir);
      } catch (Exception ignored) {
        // best effort at exit
      }
      deleteTree(dir);
    }));
    return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/", "stancemap");
  }

  private static Path findBin() {
    List<Path> candidates = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("/usr/lib/postgresql"))) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> candidates.add(p.resolve("bin")));
    } catch (IOException e) {
      // not the Debian layout
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String p : path.split(File.pathSeparator)) {
        candidates.add(Path.of(p));
      }
    }
    for (Path c : candidates) {
      if (Files.isExecutable(c.resolve("initdb")) && Files.isExecutable(c.resolve("pg_ctl"))) {
        return c;
      }
    }
    throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin "
        + "or on PATH; install them (Debian: apt-get install -y postgresql) or set STANCEMAP_TEST_PG_URL");
  }

  private static void exec(List<String> cmd, Path dir) throws IOException, InterruptedException {
    Path log = Files.createTempFile("stancemap-pg-cmd-", ".log");
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + ": timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": "
            + Files.readString(log, StandardCharsets.UTF_8).strip());
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temporary directory; best effort
    }
  }
}
