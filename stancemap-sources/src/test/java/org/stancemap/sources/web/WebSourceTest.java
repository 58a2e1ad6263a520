package org.stancemap.sources.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stancemap.InvalidInputException;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.Source;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.ingest.source.Sources;
import org.stancemap.sources.Fixtures;
import org.stancemap.sources.Fixtures.Events;
import org.stancemap.sources.TestServer;
import org.stancemap.sources.http.AddressGuard;

@Timeout(60)
class WebSourceTest {
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, String> fastOptions() {
    Map<String, String> o = new HashMap<>();
    o.put("read-timeout", "1500ms");
    o.put("timeout", "8s");
    o.put("connect-timeout", "3s");
    return o;
  }

  private Events read(String path, Map<String, String> options) {
    ImportContext c = Fixtures.context(true, options);
    Source s = new WebSourceFactory().open(server.url(path), c).orElseThrow();
    return Fixtures.read(s, c);
  }

  private Events read(String path) {
    return read(path, fastOptions());
  }

  static String post(String title, String author, String date, String body) {
    return """
        <!doctype html><html><head><title>%1$s | Red Notes</title>
        <meta property="og:title" content="%1$s">
        <meta name="author" content="%2$s">
        <meta property="article:published_time" content="%3$s">
        <meta property="og:site_name" content="Red Notes">
        </head><body><nav><a href="/">Home</a></nav>
        <article><h1>%1$s</h1><p>%4$s</p>
        <p>Solidarity means listening to the people under fire, not to the capitals that speak over them.</p></article>
        <footer>Copyright nobody</footer></body></html>
        """.formatted(title, author, date, body);
  }

  @Test
  void anHtmlPageIsOneItemWithItsMetadata() {
    server.html("/2024/05/essay", """
        <!doctype html><html><head><title>Site title</title>
        <meta property="og:title" content="Workers under occupation">
        <meta name="author" content="Olena Hrytsenko">
        <link rel="canonical" href="/essays/workers-under-occupation">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
          {"@type":"Article","headline":"Workers","datePublished":"2024-05-02T08:30:00+03:00"}]}</script>
        </head><body><article><h1>Workers under occupation</h1>
        <p>The miners of the occupied towns were told their union no longer existed.</p>
        <p>Those who kept meeting did so in kitchens, and some of them were arrested for it.</p></article></body></html>
        """);
    Events e = read("/2024/05/essay");
    assertEquals(List.of(), e.failures());
    SourceItem item = e.item(server.url("/2024/05/essay"));
    assertEquals("127.0.0.1", item.sourceName());
    assertEquals("Workers under occupation", item.meta().title());
    assertEquals("Olena Hrytsenko", item.meta().author());
    assertEquals(Instant.parse("2024-05-02T05:30:00Z"), item.meta().published());
    assertEquals(server.url("/essays/workers-under-occupation"), item.meta().url());
    assertTrue(item.document().text().contains("kept meeting did so in kitchens"));
    assertEquals("eng", item.document().language());
  }

  @Test
  void timeElementAndOgSiteNameAreUsed() {
    server.html("/p", """
        <html><head><title>Plain title</title><meta property="og:site_name" content="Left Review"></head>
        <body><article><h1>Plain title</h1><p class="byline">By <span class="author">Jan Novak</span>
        <time datetime="2023-11-20">20 November</time></p>
        <p>A long paragraph about the debate, which keeps going for a while so that there is text to read here.</p>
        </article></body></html>
        """);
    SourceItem item = read("/p").item(server.url("/p"));
    assertEquals("Plain title", item.meta().title());
    assertEquals("Jan Novak", item.meta().author());
    assertEquals(Instant.parse("2023-11-20T00:00:00Z"), item.meta().published());
    assertEquals("Left Review", item.sourceName());
  }

  @Test
  void failuresNameTheUrl() {
    server.status("/missing", 404).status("/error", 500);
    server.page("/pic", "image/jpeg", "JFIF");
    server.redirect("/loop1", 302, "/loop2").redirect("/loop2", 302, "/loop1");
    server.route("/slow", ex -> {
      try {
        Thread.sleep(4000);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      TestServer.send(ex, 200, "text/html", "<p>late</p>".getBytes(StandardCharsets.UTF_8));
    });
    server.route("/huge", ex -> TestServer.send(ex, 200, "text/html", new byte[(10 << 20) + 1]));
    server.page("/robots.txt", "text/plain", "User-agent: *\nDisallow: /members/\n");
    server.html("/members/list", "<p>members</p>");
    server.html("/empty", "<html><body><script>var x = 1;</script><nav>menu</nav></body></html>");
    server.route("/binary", ex -> TestServer.send(ex, 200, "text/plain", new byte[] {'a', 0, 0, 1, 2, 'b'}));
    for (String[] c : new String[][] {{"/missing", "HTTP 404"}, {"/error", "HTTP 500"},
        {"/pic", "unsupported content type 'image/jpeg'"}, {"/loop1", "redirect loop"}, {"/slow", "timed out"},
        {"/huge", "over the limit of 10.0 MB"}, {"/members/list", "disallowed by robots.txt"},
        {"/empty", "no readable text"}, {"/binary", "binary"}}) {
      Events e = read(c[0]);
      assertEquals(List.of(), e.items());
      assertEquals(1, e.failures().size());
      SourceEvent.Failure f = e.failures().get(0);
      assertEquals(server.url(c[0]), f.location());
      assertTrue(f.reason().contains(server.url(c[0])) && f.reason().contains(c[1]), f.reason());
    }
  }

  @Test
  void loopbackIsRefusedUnlessAllowPrivate() {
    server.html("/p", post("T", "A", "2024-01-01", "Text that would be read."));
    ImportContext strict = Fixtures.context(false, fastOptions());
    Events e = Fixtures.read(new WebSourceFactory().open(server.url("/p"), strict).orElseThrow(), strict);
    assertEquals(0, e.items().size());
    assertTrue(e.failures().get(0).reason().contains("--allow-private"), e.failures().toString());
    assertEquals(0, server.hits("/p"));
  }

  static String rss(String base) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>Red Notes</title><link>%1$s/</link><description>notes</description>
        <item><title>First post</title><link>%1$s/posts/1</link><guid isPermaLink="false">rn-1</guid>
          <dc:creator>Maria K.</dc:creator><pubDate>Fri, 01 Mar 2024 10:15:00 GMT</pubDate>
          <description>Teaser one</description></item>
        <item><title>Second post</title><link>%1$s/posts/2</link><guid>rn-2</guid>
          <dc:creator>Ivan P.</dc:creator><pubDate>Sat, 02 Mar 2024 11:00:00 +0100</pubDate>
          <content:encoded><![CDATA[<p>The full second post, carried in the feed, about strikes in Kryvyi Rih.</p>]]>
          </content:encoded></item>
        <item><title>Third post</title><link>%1$s/posts/3</link><guid>rn-3</guid>
          <pubDate>Sun, 03 Mar 2024 09:00:00 GMT</pubDate>
          <description>Only a description of the third post, which talks about the campist left.</description></item>
        </channel></rss>
        """.formatted(base);
  }

  @Test
  void rssEntriesAreItemsAndReachablePostsAreFetched() {
    String base = server.url("");
    server.page("/feed", "application/rss+xml", rss(base));
    server.html("/posts/1", post("First post (page)", "Maria Kowalska", "2024-03-01T10:15:00Z",
        "The first post as its page has it, much longer than the teaser in the feed."));
    server.html("/posts/2", post("Second post (page)", "Ivan Petrenko", "2024-03-02T10:00:00Z",
        "The second post as its page has it."));
    server.status("/posts/3", 404);
    Events e = read("/feed");
    assertEquals(List.of(), e.failures());
    assertEquals(3, e.items().size());
    SourceItem first = e.item(base + "/posts/1");
    assertEquals("Red Notes", first.sourceName());
    assertEquals("First post", first.meta().title(), "the feed's title wins");
    assertEquals("Maria K.", first.meta().author());
    assertEquals(Instant.parse("2024-03-01T10:15:00Z"), first.meta().published());
    assertEquals("rn-1", first.meta().externalId());
    assertTrue(first.document().text().contains("much longer than the teaser"), first.document().text());
    SourceItem third = e.item(base + "/posts/3");
    assertTrue(third.document().text().contains("talks about the campist left"));
    assertTrue(third.document().notes().stream().anyMatch(n -> n.contains("text from the feed's content only")
        && n.contains("HTTP 404")), third.document().notes().toString());
    assertEquals("true", third.meta().extra().get("partial"));
    assertEquals(Instant.parse("2024-03-02T10:00:00Z"), e.item(base + "/posts/2").meta().published());
  }

  @Test
  void fetchPostsFalseUsesTheFeedContent() {
    server.page("/feed", "application/rss+xml", rss(server.url("")));
    Events e = read("/feed", withOption("fetch-posts", "false"));
    assertEquals(3, e.items().size());
    assertTrue(e.item(server.url("/posts/2")).document().text().contains("strikes in Kryvyi Rih"));
    assertEquals(0, server.hits("/posts/1"));
  }

  private static Map<String, String> withOption(String k, String v) {
    Map<String, String> o = fastOptions();
    o.put(k, v);
    return o;
  }

  @Test
  void atomFeedsAreSniffedByTheirRootElement() {
    server.page("/atom", "text/xml", """
        <?xml version="1.0" encoding="utf-8"?>
        <!-- an Atom feed served as text/xml -->
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Third Camp Digest</title>
        <id>urn:tcd</id><updated>2024-04-01T00:00:00Z</updated>
        <entry><title>On internationalism</title><id>urn:tcd:1</id><link href="/a/1"/>
          <author><name>R. Luxembourg fan</name></author><published>2024-04-01T12:00:00Z</published>
          <updated>2024-04-02T12:00:00Z</updated>
          <content type="html">&lt;p&gt;Neither Washington nor Moscow, said the old slogan; the digest asks what it means now.&lt;/p&gt;</content>
        </entry>
        <entry><title>No link here</title><id>urn:tcd:2</id><updated>2024-04-03T00:00:00Z</updated>
          <summary>A summary without any link to a page of its own, so the feed text is all there is.</summary></entry>
        </feed>
        """);
    Events e = read("/atom");
    assertEquals(List.of(), e.failures());
    assertEquals(2, e.items().size());
    SourceItem one = e.item(server.url("/a/1"));
    assertEquals("Third Camp Digest", one.sourceName());
    assertEquals("R. Luxembourg fan", one.meta().author());
    assertEquals(Instant.parse("2024-04-01T12:00:00Z"), one.meta().published());
    assertEquals("urn:tcd:1", one.meta().externalId());
    assertTrue(one.document().text().contains("Neither Washington nor Moscow"));
    SourceItem two = e.item(server.url("/atom") + "#guid=urn:tcd:2");
    assertTrue(two.document().notes().stream().anyMatch(n -> n.contains("the entry has no link")));
  }

  @Test
  void malformedFeedsAreFailuresNotCrashes() {
    server.page("/bad", "application/rss+xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x"
        + "</title><item><title>unclosed</item></channel>");
    server.page("/doctype", "application/rss+xml", "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM "
        + "\"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>");
    server.page("/otherxml", "application/xml", "<?xml version=\"1.0\"?><catalog><book/></catalog>");
    for (String p : List.of("/bad", "/doctype", "/otherxml")) {
      Events e = read(p);
      assertEquals(0, e.items().size(), p);
      assertEquals(1, e.failures().size(), p);
      assertTrue(e.failures().get(0).reason().startsWith(server.url(p)), e.failures().get(0).reason());
    }
    assertTrue(read("/bad").failures().get(0).reason().contains("not a readable RSS or Atom feed"));
    assertTrue(read("/otherxml").failures().get(0).reason().contains("neither an RSS nor an Atom feed"));
  }

  /** A listing page in the shape of a blog front page: teasers ending in […] and "Read more" links. */
  static String listing(int page, String next, List<String[]> posts) {
    StringBuilder b = new StringBuilder("<!doctype html><html><head><title>Blog - page " + page + "</title></head>"
        + "<body><header><h1><a href=\"/\">Solidarity Blog</a></h1></header><nav><a href=\"/about\">About</a></nav>"
        + "<main>");
    for (String[] p : posts) {
      b.append("<article class=\"post\"><h2 class=\"entry-title\"><a href=\"").append(p[0]).append("\">")
          .append(p[1]).append("</a></h2><div class=\"entry-summary\"><p>").append(p[2])
          .append(" […]</p></div><a class=\"more-link\" href=\"").append(p[0]).append("\">Read more</a></article>");
    }
    b.append("</main>");
    if (next != null) {
      b.append(next);
    }
    b.append("<aside class=\"widget\"><h3><a href=\"/tag/x\">Tags</a></h3><p>Some tag cloud text […]</p></aside>"
        + "<footer><p>Footer text</p></footer></body></html>");
    return b.toString();
  }

  private static String[] entry(String url, String title) {
    return new String[] {url, title, "The teaser of " + title + " says a little about the argument and stops"};
  }

  @Test
  void listingsAreFollowedPageByPageAndEachPostFetched() {
    server.html("/blog", listing(1, "<div class=\"nav-previous\"><a href=\"/blog/page/2/\">Older posts</a></div>",
        List.<String[]>of(entry("/p/a", "Post A"), entry("/p/b", "Post B"))));
    server.html("/blog/page/2/", listing(2, "<link rel=\"next\" href=\"/blog/page/3/\">",
        List.<String[]>of(entry("/p/c", "Post C"), entry("/p/d", "Post D"))));
    server.html("/blog/page/3/", listing(3, "<p><a href=\"/blog/page/2/\">2</a> <a href=\"/blog/page/4/\">4</a></p>",
        List.<String[]>of(entry("/p/e", "Post E"))));
    server.html("/blog/page/4/", listing(4, null, List.<String[]>of(entry("/p/f", "Post F"), entry("/p/a", "Post A"))));
    for (String id : List.of("a", "b", "c", "e", "f")) {
      server.html("/p/" + id, post("Post " + id.toUpperCase(), "Author " + id, "2024-02-0" + (id.charAt(0) - 'a' + 1),
          "The full text of post " + id + ", which the listing only teased."));
    }
    // /p/d is missing: its teaser is kept
    Events e = read("/blog");
    assertEquals(List.of(), e.failures());
    assertEquals(6, e.items().size(), e.items().stream().map(SourceItem::location).toList().toString());
    SourceItem a = e.item(server.url("/p/a"));
    assertTrue(a.document().text().contains("The full text of post a"), a.document().text());
    assertEquals("Author a", a.meta().author());
    assertEquals("Post A", a.meta().title());
    assertEquals(Instant.parse("2024-02-01T00:00:00Z"), a.meta().published());
    SourceItem d = e.item(server.url("/p/d"));
    assertTrue(d.document().text().contains("The teaser of Post D"), d.document().text());
    assertTrue(d.document().notes().stream().anyMatch(n -> n.contains("listing's teaser") && n.contains("404")));
    assertEquals(1, server.hits("/p/a"), "a post listed twice is fetched once");
    assertEquals(1, server.hits("/blog/page/2/"));
  }

  @Test
  void maxPagesBoundsTheWalkAndSaysWhatWasLeft() {
    server.html("/blog", listing(1, "<a rel=\"next\" href=\"/blog?paged=2\">Next</a>",
        List.<String[]>of(entry("/p/1", "One"), entry("/p/2", "Two"))));
    server.html("/blog?paged=2", listing(2, "<a href=\"/blog?paged=3\">Older entries</a>",
        List.<String[]>of(entry("/p/3", "Three"), entry("/p/4", "Four"))));
    server.html("/blog?paged=3", listing(3, null, List.<String[]>of(entry("/p/5", "Five"), entry("/p/6", "Six"))));
    Events e = read("/blog", withOption("max-pages", "2"));
    assertEquals(4, e.items().size());
    assertEquals(1, e.failures().size());
    assertEquals(server.url("/blog?paged=3"), e.failures().get(0).location());
    assertTrue(e.failures().get(0).reason().contains("max-pages=2"));
    assertEquals(0, server.hits("/blog?paged=3"));
  }

  @Test
  void paginationCyclesEnd() {
    server.html("/l1", listing(1, "<a rel=\"next\" href=\"/l2\">next</a>",
        List.<String[]>of(entry("/q/1", "One"), entry("/q/2", "Two"))));
    server.html("/l2", listing(2, "<a rel=\"next\" href=\"/l1\">next</a>",
        List.<String[]>of(entry("/q/3", "Three"), entry("/q/4", "Four"))));
    Events e = read("/l1", withOption("fetch-posts", "false"));
    assertEquals(4, e.items().size());
    assertEquals(1, server.hits("/l1"));
    assertEquals(1, server.hits("/l2"));
  }

  @Test
  void aPostWithARelatedBoxIsNotAListing() {
    server.html("/single", """
        <html><head><title>One long post</title></head><body><article><h1>One long post</h1>
        <p>%1$s</p><p>%1$s</p><p>%1$s</p><p>%1$s</p></article>
        <section><h3><a href="/r1">Related one</a></h3><p>Short teaser […]</p>
        <h3><a href="/r2">Related two</a></h3><p>Another teaser […]</p></section></body></html>
        """.formatted("A paragraph of the post itself that goes on about the war and the left for a good while, "
        + "with enough words to outweigh the teasers of the related posts below it."));
    Events e = read("/single");
    assertEquals(1, e.items().size());
    assertEquals(server.url("/single"), e.items().get(0).location());
    assertEquals(0, server.hits("/r1"));
  }

  @Test
  void alreadyImportedPostsAreNotFetchedAgain() {
    server.page("/feed", "application/rss+xml", rss(server.url("")));
    server.html("/posts/1", post("P1", "A", "2024-03-01", "one"));
    server.html("/posts/2", post("P2", "A", "2024-03-01", "two"));
    server.html("/posts/3", post("P3", "A", "2024-03-01", "three"));
    Set<String> done = Set.of(server.url("/posts/1"), server.url("/posts/2"));
    ImportContext c = Fixtures.context(10 << 20, true, fastOptions(), done::contains);
    Events e = Fixtures.read(new WebSourceFactory().open(server.url("/feed"), c).orElseThrow(), c);
    assertEquals(1, e.items().size());
    assertEquals(server.url("/posts/3"), e.items().get(0).location());
    assertEquals(0, server.hits("/posts/1"));
  }

  @Test
  void plainTextAndPdfResponsesAreItems() throws Exception {
    server.page("/notes.txt", "text/plain; charset=utf-8", "Plain notes about the debate.\n\nA second paragraph.");
    byte[] pdf = org.stancemap.sources.files.PdfParserTest.pdf("Title in PDF", "Anna",
        List.of("A PDF served over HTTP says that solidarity is not a slogan."));
    server.route("/paper.pdf", ex -> TestServer.send(ex, 200, "application/pdf", pdf));
    SourceItem t = read("/notes.txt").item(server.url("/notes.txt"));
    assertEquals("Plain notes about the debate.\n\nA second paragraph.", t.document().text());
    SourceItem p = read("/paper.pdf").item(server.url("/paper.pdf"));
    assertTrue(p.document().text().contains("solidarity is not a slogan"));
    assertEquals("Anna", p.meta().author());
  }

  @Test
  void headerCharsetIsHonoured() {
    server.route("/cp1251", ex -> TestServer.send(ex, 200, "text/html; charset=windows-1251",
        "<html><body><p>Мир без аннексий и контрибуций, сказали они тогда и повторяют сейчас.</p></body></html>"
            .getBytes(Charset.forName("windows-1251"))));
    SourceItem i = read("/cp1251").item(server.url("/cp1251"));
    assertTrue(i.document().text().contains("Мир без аннексий"), i.document().text());
    assertEquals("rus", i.document().language());
  }

  @Test
  void theRedirectToAPrivateAddressIsRefusedForWholeSources() throws Exception {
    try (TestServer internal = new TestServer()) {
      internal.html("/admin", "<p>internal admin page</p>");
      server.redirect("/innocent", 302, internal.url("/admin"));
      ImportContext c = Fixtures.context(false, fastOptions());
      WebSourceFactory f = new WebSourceFactory(null, AddressGuard.strictExcept(Set.of(server.address())));
      Events e = Fixtures.read(f.open(server.url("/innocent"), c).orElseThrow(), c);
      assertEquals(0, e.items().size());
      assertTrue(e.failures().get(0).reason().contains("refused"), e.failures().toString());
      assertEquals(0, internal.hits("/admin"));
    }
  }

  @Test
  void locationsAndDocumentsAreStableAcrossRuns() {
    server.html("/blog", listing(1, "<a rel=\"next\" href=\"/blog/page/2/\">Older posts</a>",
        List.<String[]>of(entry("/p/1", "One"), entry("/p/2", "Two"))));
    server.html("/blog/page/2/", listing(2, null, List.<String[]>of(entry("/p/3", "Three"), entry("/p/4", "Four"))));
    server.html("/p/2", post("Two", "B", "2024-01-02", "The second post in full."));
    Events first = read("/blog");
    Events second = read("/blog");
    assertEquals(4, first.items().size());
    assertEquals(first.items().stream().map(i -> i.location() + " " + i.document().id()).toList(),
        second.items().stream().map(i -> i.location() + " " + i.document().id()).toList());
  }

  @Test
  void oneFactorySharesRobotsTxtAcrossArguments() {
    server.page("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n");
    server.html("/a", post("A", "x", "2024-01-01", "Text a.")).html("/b", post("B", "x", "2024-01-01", "Text b."));
    ImportContext c = Fixtures.context(true, fastOptions());
    WebSourceFactory f = new WebSourceFactory();
    assertEquals(1, Fixtures.read(f.open(server.url("/a"), c).orElseThrow(), c).items().size());
    assertEquals(1, Fixtures.read(f.open(server.url("/b"), c).orElseThrow(), c).items().size());
    assertEquals(1, server.hits("/robots.txt"));
  }

  @Test
  void theFactoryClaimsOnlyHttpUrlsAndChecksOptions() {
    ImportContext c = Fixtures.context(true, Map.of());
    WebSourceFactory f = new WebSourceFactory();
    assertTrue(f.open("corpus/file.txt", c).isEmpty());
    assertTrue(f.open("ftp://x/y", c).isEmpty());
    assertTrue(f.open("HTTPS://Example.org/a b", c).isPresent());
    assertThrows(InvalidInputException.class, () -> f.open("http://x/", Fixtures.context(true,
        Map.of("max-pages", "0"))));
    assertThrows(InvalidInputException.class, () -> f.open("http://x/", Fixtures.context(true,
        Map.of("fetch-posts", "maybe"))));
    assertThrows(InvalidInputException.class, () -> f.open("http:///nohost", c));
  }

  @Test
  void serviceLoaderFindsEverything() {
    Sources s = Sources.discover();
    assertTrue(s.extensions().containsAll(Set.of("pdf", "docx", "csv", "jsonl", "json", "png", "jpg", "jpeg", "txt")),
        s.extensions().toString());
    server.html("/x", post("Found", "A", "2024-01-01", "Found through discovery."));
    ImportContext c = Fixtures.context(true, fastOptions());
    Source src = s.open(server.url("/x"), c);
    assertTrue(src.describe().startsWith("web "), src.describe());
    assertEquals("Found", Fixtures.read(src, c).item(server.url("/x")).meta().title());
  }

  @Test
  void wordpressMarkupIsUnderstood() {
    String article = """
        <article class="post type-post hentry"><header class="entry-header">
        <h2 class="entry-title"><a href="/2024/03/%1$s/" rel="bookmark">%2$s</a></h2>
        <div class="entry-meta"><time class="entry-date" datetime="2024-03-01">1 March</time></div></header>
        <div class="entry-summary"><p>The opening of %2$s, about the strike and what the left said of it &hellip;
        <a href="/2024/03/%1$s/" class="more-link">Continue reading <span class="screen-reader-text">%2$s</span></a>
        </p></div></article>
        """;
    String page = "<html><body><header id=\"masthead\"><h1 class=\"site-title\"><a href=\"/\">Blog</a></h1>"
        + "</header><main id=\"main\">" + article.formatted("one", "Post one") + article.formatted("two", "Post two")
        + "<nav class=\"navigation posts-navigation\"><div class=\"nav-links\"><div class=\"nav-previous\">"
        + "<a href=\"/page/2/\"><span class=\"meta-nav\">&larr;</span> Older posts</a></div></div></nav>"
        + "</main></body></html>";
    org.jsoup.nodes.Document d = org.jsoup.Jsoup.parse(page, "http://wp.example/");
    List<Listing.Entry> entries = Listing.entries(d);
    assertEquals(List.of("Post one", "Post two"), entries.stream().map(Listing.Entry::title).toList());
    assertEquals("The opening of Post one, about the strike and what the left said of it …", entries.get(0).teaser());
    assertEquals("http://wp.example/2024/03/one/", entries.get(0).url());
    assertTrue(Listing.isListing(d, entries));
    assertEquals("http://wp.example/page/2/", Listing.nextPage(d, "http://wp.example/"));
  }

  @Test
  void listingDetectionAndNextPageUnits() {
    org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(listing(3, "<a href=\"/page/4/\">4</a>",
        List.<String[]>of(entry("/p/x", "X"), entry("/p/y", "Y"))), "http://blog.example/page/3/");
    List<Listing.Entry> entries = Listing.entries(page);
    assertEquals(List.of("X", "Y"), entries.stream().map(Listing.Entry::title).toList());
    assertEquals("http://blog.example/p/x", entries.get(0).url());
    assertTrue(entries.get(0).truncated());
    assertFalse(entries.get(0).teaser().contains("Read more"));
    assertTrue(Listing.isListing(page, entries));
    assertEquals("http://blog.example/page/4/", Listing.nextPage(page, "http://blog.example/page/3/"));
    org.jsoup.nodes.Document none = org.jsoup.Jsoup.parse("<p>nothing</p>", "http://blog.example/");
    assertNull(Listing.nextPage(none, "http://blog.example/"));
    assertFalse(Listing.isListing(none, Listing.entries(none)));
  }
}
