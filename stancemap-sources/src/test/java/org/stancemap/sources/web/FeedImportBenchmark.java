package org.stancemap.sources.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.Source;
import org.stancemap.sources.Fixtures;
import org.stancemap.sources.Fixtures.Events;
import org.stancemap.sources.TestServer;

/**
 * Import rate of a local feed: an RSS feed of {@code stancemap.bench.entries} (default 1,000) entries served on
 * loopback, each linking to its own post page, read through {@link WebSourceFactory} with and without fetching the
 * post pages. Not a unit test (no timing assertions): it runs only with {@code -Dstancemap.bench=true} and prints
 * items/s. See docs/benchmarks.md section 3.
 */
@EnabledIfSystemProperty(named = "stancemap.bench", matches = "true")
class FeedImportBenchmark {
  private static final String[] SENTENCES = {
      "The strike committee met again on Tuesday and voted to keep the rail depot closed.",
      "Some on the left still describe the invasion as a proxy war and nothing more.",
      "Volunteers from the union drove medicine and generators to the towns near the front.",
      "A statement from the congress called for the cancellation of the country's foreign debt.",
      "Critics answered that neutrality between the invader and the invaded is not neutral at all.",
      "The rally ended with a minute of silence for the miners killed in the shelling."};

  static String body(int i) {
    StringBuilder b = new StringBuilder();
    for (int p = 0; p < 4; p++) {
      b.append("<p>");
      for (int s = 0; s < 3; s++) {
        b.append(SENTENCES[(i + p * 3 + s) % SENTENCES.length]).append(' ');
      }
      b.append("(post ").append(i).append(", paragraph ").append(p + 1).append(")</p>\n");
    }
    return b.toString();
  }

  @Test
  void feedImportRate() throws Exception {
    int n = Integer.getInteger("stancemap.bench.entries", 1000);
    try (TestServer server = new TestServer()) {
      String base = server.url("");
      StringBuilder rss = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
          + "<title>Bench feed</title><link>" + base + "/</link><description>bench</description>");
      for (int i = 0; i < n; i++) {
        rss.append("<item><title>Post ").append(i).append("</title><link>").append(base).append("/post/").append(i)
            .append("</link><guid>bench-").append(i).append("</guid><pubDate>Fri, 01 Mar 2024 10:15:00 GMT</pubDate>"
                + "<description><![CDATA[").append(body(i)).append("]]></description></item>");
        String page = "<!doctype html><html><head><title>Post " + i + "</title><meta name=\"author\" content=\"A\">"
            + "</head><body><article><h1>Post " + i + "</h1>" + body(i) + "</article></body></html>";
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        server.route("/post/" + i, ex -> TestServer.send(ex, 200, "text/html; charset=utf-8", bytes));
      }
      rss.append("</channel></rss>");
      server.page("/feed", "application/rss+xml", rss.toString());
      run(server, Map.of("fetch-posts", "true"), n); // warm-up of both paths
      run(server, Map.of("fetch-posts", "false"), n);
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      int rounds = Integer.getInteger("stancemap.bench.rounds", 5);
      double[] bestWall = {Double.MAX_VALUE, Double.MAX_VALUE};
      double[] bestCpu = {Double.MAX_VALUE, Double.MAX_VALUE};
      List<String> modes = List.of("true", "false");
      for (int round = 0; round < rounds; round++) {
        for (int m = 0; m < 2; m++) { // interleaved, so that a burst of load hits both modes alike
          long c0 = cpu.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          run(server, Map.of("fetch-posts", modes.get(m)), n);
          bestWall[m] = Math.min(bestWall[m], (System.nanoTime() - t0) / 1e9);
          bestCpu[m] = Math.min(bestCpu[m], (cpu.getCurrentThreadCpuTime() - c0) / 1e9);
        }
      }
      for (int m = 0; m < 2; m++) {
        System.out.printf(Locale.ROOT, "feed import, fetch-posts=%s: %d items, best of %d: %.2f s wall = %.0f items/s;"
            + " %.2f s CPU of the importing thread = %.0f items per CPU-second%n", modes.get(m), n, rounds,
            bestWall[m], n / bestWall[m], bestCpu[m], n / bestCpu[m]);
      }
    }
  }

  private static int run(TestServer server, Map<String, String> opts, int n) {
    ImportContext c = Fixtures.context(true, opts);
    Source src = new WebSourceFactory().open(server.url("/feed"), c).orElseThrow();
    Events e = Fixtures.read(src, c);
    assertEquals(List.of(), e.failures());
    assertEquals(n, e.items().size());
    return e.items().size();
  }
}
