package org.stancemap.sources.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Entities;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.sources.Fixtures;
import org.stancemap.sources.Fixtures.Events;
import org.stancemap.sources.TestServer;

/**
 * The listing shape of the shared seed {@code 001_…txt} (titles, teasers ending in […]), rebuilt as blog HTML at
 * test time from the file in ../shared (never copied into the project), split over two pages and read through the
 * web source. Skipped when ../shared is absent.
 */
class SeedListingTest {
  @Test
  void theSeedListingIsReadPostByPostAcrossPages() throws Exception {
    String shared = System.getProperty("stancemap.shared");
    Path seed = shared == null ? null : Path.of(shared, "seeds", "001_ce417cc726725c3a.txt");
    Assumptions.assumeTrue(seed != null && Files.isRegularFile(seed), "../shared/seeds/001_… is not here");
    String[] blocks = Files.readString(seed).strip().split("\\n\\s*\\n");
    List<String[]> posts = new ArrayList<>(); // {title, teaser}
    String pendingTitle = null;
    for (String b : blocks) {
      String t = b.strip().replaceAll("\\s*\\n\\s*", " ");
      if (t.endsWith("[…]")) {
        posts.add(new String[] {pendingTitle == null ? "Post " + (posts.size() + 1) : pendingTitle, t});
        pendingTitle = null;
      } else {
        pendingTitle = t.length() <= 160 ? t : null;
      }
    }
    Assumptions.assumeTrue(posts.size() >= 4, "the seed no longer has the listing shape");
    int half = posts.size() / 2;
    try (TestServer server = new TestServer()) {
      server.html("/archive", page(posts.subList(0, half), 0, "<a href=\"/archive/page/2/\">Older posts</a>"));
      server.html("/archive/page/2/", page(posts.subList(half, posts.size()), half, null));
      ImportContext c = Fixtures.context(true, Map.of("read-timeout", "5s"));
      Events e = Fixtures.read(new WebSourceFactory().open(server.url("/archive"), c).orElseThrow(), c);
      assertEquals(List.of(), e.failures());
      assertEquals(posts.size(), e.items().size());
      for (int i = 0; i < posts.size(); i++) {
        SourceItem item = e.item(server.url("/post/" + i));
        String teaserStart = squash(posts.get(i)[1]).substring(0, 40);
        assertTrue(squash(item.document().text()).contains(teaserStart), item.document().text());
        assertEquals(squash(posts.get(i)[0]), squash(item.meta().title()));
        assertTrue(item.document().notes().stream().anyMatch(n -> n.contains("HTTP 404")), "post pages are 404 here");
        assertEquals(1, server.hits("/post/" + i));
      }
    }
  }

  /** Whitespace as HTML text extraction leaves it: runs of spaces and no-break spaces become one space. */
  private static String squash(String s) {
    return s.replaceAll("[\\s\u00A0]+", " ").strip();
  }

  private static String page(List<String[]> posts, int offset, String next) {
    StringBuilder b = new StringBuilder("<!doctype html><html><head><title>Archive</title></head><body><main>");
    for (int i = 0; i < posts.size(); i++) {
      b.append("<article><h2><a href=\"/post/").append(offset + i).append("\">")
          .append(Entities.escape(posts.get(i)[0])).append("</a></h2><p>").append(Entities.escape(posts.get(i)[1]))
          .append("</p><p><a href=\"/post/").append(offset + i).append("\">Read more</a></p></article>");
    }
    b.append("</main>").append(next == null ? "" : "<nav class=\"pagination\">" + next + "</nav>");
    return b.append("</body></html>").toString();
  }
}
