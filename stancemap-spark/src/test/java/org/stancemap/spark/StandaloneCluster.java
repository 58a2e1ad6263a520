package org.stancemap.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1: a master and workers, each a separate JVM started from the Spark jars
 * beside the job jar (a SPARK_HOME whose {@code jars} folder points at them). {@link #close()} stops every process
 * it started, the workers' executors included.
 */
final class StandaloneCluster implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();
  private final Path home;
  private final String javaCommand;
  private final List<String> flags;
  final String master;

  StandaloneCluster(Path dir, Path sparkJars, int workers, int coresPerWorker) throws IOException,
      InterruptedException {
    javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    flags = List.of(System.getProperty("stancemap.spark.flags", "").trim().split("\\s+"));
    home = Files.createDirectories(dir.resolve("spark-home"));
    Files.writeString(home.resolve("RELEASE"), "Spark for the Stancemap cluster test\n");
    Files.createSymbolicLink(home.resolve("jars"), sparkJars.toAbsolutePath());
    int port = freePort();
    master = "spark://127.0.0.1:" + port;
    start(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        Integer.toString(port), "--webui-port", Integer.toString(freePort()));
    waitForPort(port, Duration.ofSeconds(60));
    for (int i = 0; i < workers; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      start(dir.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--cores", Integer.toString(coresPerWorker), "--memory", "2g", "--work-dir", work.toString(),
          "--webui-port", Integer.toString(freePort()), master);
    }
  }

  private void start(Path log, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaCommand, "-Xmx512m"));
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", home.resolve("jars") + "/*", mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(pb);
    processes.add(pb.start());
  }

  /** The environment every process of the cluster (and a spark-submit) needs. */
  void environment(ProcessBuilder pb) {
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
  }

  /** Runs spark-submit (client mode) with {@code args}; returns its exit code, its output in {@code log}. */
  int submit(Path log, Duration timeout, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(javaCommand, "-Xmx1g"));
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", home.resolve("jars") + "/*", "org.apache.spark.deploy.SparkSubmit"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(pb);
    Process p = pb.start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException("spark-submit did not finish in " + timeout + "; see " + log);
    }
    return p.exitValue();
  }

  /** Every process still running that this cluster started, executors included. */
  List<ProcessHandle> alive() {
    List<ProcessHandle> out = new ArrayList<>();
    for (Process p : processes) {
      if (p.isAlive()) {
        out.add(p.toHandle());
      }
      p.descendants().filter(ProcessHandle::isAlive).forEach(out::add);
    }
    return out;
  }

  @Override
  public void close() {
    for (Process p : processes.reversed()) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    try {
      for (Process p : processes) {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      processes.forEach(Process::destroyForcibly);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void waitForPort(int port, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        if (s.isConnected()) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the Spark master did not open port " + port + " in " + timeout);
  }
}
