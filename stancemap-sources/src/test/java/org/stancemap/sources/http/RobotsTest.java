package org.stancemap.sources.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RobotsTest {
  @Test
  void ourGroupWinsOverTheStarGroup() {
    Robots r = Robots.parse("""
        User-agent: *
        Disallow: /

        User-agent: stancemap
        Disallow: /drafts/
        Crawl-delay: 2
        """, "Stancemap");
    assertTrue(r.allows("/2024/03/post"));
    assertFalse(r.allows("/drafts/one"));
    assertEquals(Duration.ofSeconds(2), r.crawlDelay());
  }

  @Test
  void starGroupAppliesWhenWeAreNotNamed() {
    Robots r = Robots.parse("User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /private\n", "Stancemap");
    assertTrue(r.allows("/public/page"));
    assertFalse(r.allows("/private/page"));
    assertFalse(r.allows("/private"));
    assertNull(r.crawlDelay());
  }

  @Test
  void longestMatchWinsAndAllowWinsTies() {
    Robots r = Robots.parse("User-agent: *\nDisallow: /blog/\nAllow: /blog/public/\nAllow: /x\nDisallow: /x\n",
        "Stancemap");
    assertFalse(r.allows("/blog/secret"));
    assertTrue(r.allows("/blog/public/post"));
    assertTrue(r.allows("/x"));
  }

  @Test
  void wildcardsAndEndAnchor() {
    Robots r = Robots.parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?print=\n# comment\nDisallow:\n",
        "Stancemap");
    assertFalse(r.allows("/files/report.pdf"));
    assertTrue(r.allows("/files/report.pdf.html"));
    assertFalse(r.allows("/post?print=1"));
    assertTrue(r.allows("/post?page=1"));
  }

  @Test
  void groupsWithSeveralAgentsAndEmptyDisallow() {
    Robots r = Robots.parse("User-agent: a\nUser-agent: Stancemap/0.1\nDisallow:\n\nUser-agent: *\nDisallow: /\n",
        "Stancemap");
    assertTrue(r.allows("/anything"), "an empty Disallow in our own group allows everything");
    assertFalse(Robots.DISALLOW_ALL.allows("/"));
    assertTrue(Robots.ALLOW_ALL.allows("/"));
  }
}
