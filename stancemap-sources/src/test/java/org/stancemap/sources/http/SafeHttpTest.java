package org.stancemap.sources.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stancemap.sources.TestServer;

@Timeout(30)
class SafeHttpTest {
  private static final Set<String> HTML = Set.of("text/html");
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static HttpSettings fast() {
    // generous enough for a loaded CI machine; the timeout tests sleep well past the read timeout
    return new HttpSettings(Duration.ofSeconds(3), Duration.ofMillis(1500), Duration.ofSeconds(8), 1 << 20, 5,
        HttpSettings.USER_AGENT, Duration.ZERO);
  }

  private SafeHttp open() {
    return new SafeHttp(fast(), AddressGuard.of(true));
  }

  private String fail(SafeHttp http, String url, Set<String> accept) {
    return assertThrows(FetchException.class, () -> http.get(URI.create(url), accept)).getMessage();
  }

  @Test
  void fetchesAPageWithAnHonestUserAgent() throws Exception {
    server.html("/a", "<html><body><p>Hello</p></body></html>");
    HttpResponse r = open().get(URI.create(server.url("/a")), HTML);
    assertEquals(200, r.status());
    assertEquals("text/html", r.mediaType());
    assertEquals("utf-8", r.charset());
    assertEquals("<html><body><p>Hello</p></body></html>", new String(r.body(), StandardCharsets.UTF_8));
    assertTrue(server.userAgents.contains("Stancemap/0.1 (+offline research tool)"), server.userAgents.toString());
  }

  @Test
  void readsChunkedBodies() throws Exception {
    server.route("/chunked", ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(200, 0); // length 0 = chunked
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 50; i++) {
          out.write(("<p>part " + i + "</p>").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    });
    String body = new String(open().get(URI.create(server.url("/chunked")), HTML).body(), StandardCharsets.UTF_8);
    assertTrue(body.startsWith("<p>part 0</p>") && body.endsWith("<p>part 49</p>"), body);
  }

  @Test
  void refusesLoopbackByDefault() {
    server.html("/a", "<p>x</p>");
    SafeHttp http = new SafeHttp(fast(), AddressGuard.of(false));
    String m = fail(http, server.url("/a"), HTML);
    assertTrue(m.contains(server.url("/a")) && m.contains("refused") && m.contains("loopback"), m);
    assertEquals(0, server.hits("/a"), "nothing may be sent to a refused address");
    assertEquals(0, server.hits("/robots.txt"));
  }

  @Test
  void refusesPrivateAndLinkLocalAndMappedLiteralsWithoutConnecting() {
    SafeHttp http = new SafeHttp(fast(), AddressGuard.of(false));
    for (String url : List.of("http://[::1]:" + server.port() + "/", "http://[::ffff:127.0.0.1]:" + server.port() + "/",
        "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/admin",
        "http://[fe80::1]/", "http://[fd00::1]/", "http://100.64.0.1/", "http://0.0.0.0:" + server.port() + "/",
        "http://2130706433:" + server.port() + "/")) {
      String m = fail(http, url, HTML);
      assertTrue(m.contains("refused") && m.startsWith(url), url + " -> " + m);
    }
    assertEquals(0, server.hits("/"));
  }

  @Test
  void refusesHostNamesThatResolveToPrivateAddresses() {
    SafeHttp.Resolver dns = host -> switch (host) {
      case "intranet.example" -> new InetAddress[] {AddressGuard.literal("192.168.0.10")};
      case "mixed.example" -> new InetAddress[] {AddressGuard.literal("93.184.216.34"),
          AddressGuard.literal("10.1.1.1")};
      default -> throw new UnknownHostException(host);
    };
    SafeHttp http = new SafeHttp(fast(), AddressGuard.of(false), dns, null);
    assertTrue(fail(http, "http://intranet.example/", HTML).contains("192.168.0.10, a private address (RFC 1918)"));
    assertTrue(fail(http, "http://mixed.example/", HTML).contains("10.1.1.1"),
        "one private answer among public ones is enough to refuse");
    assertTrue(fail(http, "http://nowhere.example/", HTML).contains("unknown host 'nowhere.example'"));
  }

  @Test
  void resolvesOncePerRequestAndConnectsToTheCheckedAddress() throws Exception {
    // A rebinding DNS: the server's address for the first two answers, a private one afterwards. The client must
    // look up once per request (robots.txt, then the page) and connect to what it checked; a second lookup at
    // connect time would get the private answer and never reach the server.
    server.html("/page", "<p>ok</p>");
    int[] calls = {0};
    SafeHttp.Resolver rebinding = host -> ++calls[0] <= 2
        ? new InetAddress[] {InetAddress.getLoopbackAddress()}
        : new InetAddress[] {AddressGuard.literal("10.9.9.9")};
    SafeHttp http = new SafeHttp(fast(), AddressGuard.strictExcept(Set.of(server.address())), rebinding, null);
    HttpResponse r = http.get(URI.create("http://news.example:" + server.port() + "/page"), HTML);
    assertEquals("<p>ok</p>", new String(r.body(), StandardCharsets.UTF_8));
    assertEquals(2, calls[0], "one lookup for robots.txt, one for the page");
    assertEquals(1, server.hits("/page"));
    String m = fail(http, "http://news.example:" + server.port() + "/page", HTML);
    assertTrue(m.contains("resolves to 10.9.9.9, a private address"), m);
    assertEquals(1, server.hits("/page"), "the rebound name must not reach the server");
  }

  @Test
  void refusesARedirectToAPrivateAddress() throws Exception {
    try (TestServer internal = new TestServer()) {
      internal.html("/secret", "<p>internal</p>");
      server.redirect("/go", 302, internal.url("/secret"));
      server.redirect("/meta", 301, "http://169.254.169.254/latest/meta-data/");
      server.redirect("/mapped", 307, "http://[::ffff:127.0.0.1]:" + internal.port() + "/secret");
      // the public-facing server is exempt; every other loopback port stays private
      SafeHttp http = new SafeHttp(fast(), AddressGuard.strictExcept(Set.of(server.address())));
      for (String path : List.of("/go", "/meta", "/mapped")) {
        String m = fail(http, server.url(path), HTML);
        assertTrue(m.contains("refused") && m.contains(server.url(path)) && m.contains("redirected to"), m);
      }
      assertEquals(0, internal.hits("/secret"));
    }
  }

  @Test
  void followsRedirectsAndRecordsThem() throws Exception {
    server.redirect("/r1", 301, "/r2").redirect("/r2", 302, server.url("/r3")).redirect("/r3", 308, "final")
        .html("/final", "<p>done</p>");
    HttpResponse r = open().get(URI.create(server.url("/r1")), HTML);
    assertEquals(URI.create(server.url("/final")), r.uri());
    assertEquals(3, r.redirects().size());
    assertEquals("<p>done</p>", new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void stopsAfterFiveRedirects() {
    for (int i = 0; i < 7; i++) {
      server.redirect("/hop" + i, 302, "/hop" + (i + 1));
    }
    server.html("/hop7", "<p>too far</p>");
    String m = fail(open(), server.url("/hop0"), HTML);
    assertTrue(m.contains("too many redirects (more than 5)"), m);
    assertEquals(0, server.hits("/hop7"));
    assertEquals(1, server.hits("/hop5"));
    assertEquals(0, server.hits("/hop6"));
  }

  @Test
  void detectsRedirectLoops() {
    server.redirect("/a", 302, "/b").redirect("/b", 302, "/a");
    String m = fail(open(), server.url("/a"), HTML);
    assertTrue(m.contains("redirect loop") && m.contains(server.url("/a") + " -> " + server.url("/b")), m);
  }

  @Test
  void httpErrorsNameTheUrlAndStatus() {
    server.status("/gone", 404).status("/broken", 500);
    assertTrue(fail(open(), server.url("/gone"), HTML).startsWith(server.url("/gone") + ": HTTP 404"));
    assertTrue(fail(open(), server.url("/broken"), HTML).startsWith(server.url("/broken") + ": HTTP 500"));
  }

  @Test
  void slowResponsesTimeOut() {
    server.route("/slow", ex -> {
      try {
        Thread.sleep(4000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      TestServer.send(ex, 200, "text/html", "<p>late</p>".getBytes(StandardCharsets.UTF_8));
    });
    String m = fail(open(), server.url("/slow"), HTML);
    assertTrue(m.contains(server.url("/slow")) && m.contains("timed out: no data for 1500 ms"), m);
  }

  @Test
  void aTrickleIsCutByTheTotalTimeout() {
    server.route("/trickle", ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      try {
        for (int i = 0; i < 100; i++) {
          out.write('x');
          out.flush();
          Thread.sleep(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.close();
    });
    HttpSettings s = new HttpSettings(Duration.ofSeconds(3), Duration.ofMillis(1500), Duration.ofMillis(2500),
        1 << 20, 5, HttpSettings.USER_AGENT, Duration.ZERO);
    String m = fail(new SafeHttp(s, AddressGuard.of(true)), server.url("/trickle"), HTML);
    assertTrue(m.startsWith(server.url("/trickle") + ": timed out: the response took longer than 2500 ms in all"), m);
  }

  @Test
  void hugeBodiesAreRefusedByLengthAndAbortedWhileStreaming() {
    byte[] big = new byte[3 << 20];
    Arrays.fill(big, (byte) 'a');
    server.route("/declared", ex -> TestServer.send(ex, 200, "text/html", big));
    server.route("/stream", ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 1000; i++) {
          out.write(chunk);
        }
      }
    });
    String m1 = fail(open(), server.url("/declared"), HTML);
    assertTrue(m1.contains("the body is 3.0 MB, over the limit of 1.0 MB"), m1);
    String m2 = fail(open(), server.url("/stream"), HTML);
    assertTrue(m2.contains("over the limit of 1.0 MB (aborted while reading)"), m2);
  }

  @Test
  void endlessBodiesAreLeftUnreadOnceTheAnswerIsKnown() {
    TestServer.Handler endless = ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/endless") ? 200 : 404, 0);
      try (OutputStream out = ex.getResponseBody()) {
        byte[] chunk = new byte[64 * 1024];
        while (true) { // until the client hangs up
          out.write(chunk);
        }
      }
    };
    server.route("/endless", endless).route("/endless-404", endless);
    long start = System.nanoTime();
    String m1 = fail(open(), server.url("/endless"), HTML);
    String m2 = fail(open(), server.url("/endless-404"), HTML);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(m1.contains("over the limit of 1.0 MB (aborted while reading)"), m1);
    assertTrue(m2.startsWith(server.url("/endless-404") + ": HTTP 404"), m2);
    assertTrue(ms < 4000, "nothing is read past the limit, nor the body of an error, to drain it: " + ms + " ms");
  }

  @Test
  void wrongContentTypesAreRefused() {
    server.page("/img", "image/png", "\u0089PNG....");
    String m = fail(open(), server.url("/img"), HTML);
    assertTrue(m.contains("unsupported content type 'image/png'") && m.contains(server.url("/img")), m);
  }

  @Test
  void internationalHostNamesAreSentAsPunycode() throws Exception {
    assertEquals("http://xn--e1afmkfd.xn--j1amh/path?q=%D1%8F",
        SafeHttp.parseUrl("http://пример.укр/path?q=я").toString());
    assertEquals("https://user@xn--80ak6aa92e.com:8443/x", SafeHttp.parseUrl("https://user@аррӏе.com:8443/x#frag")
        .toString());
    server.html("/idn", "<p>idn</p>");
    SafeHttp.Resolver dns = host -> {
      assertEquals("xn--e1afmkfd.xn--j1amh", host);
      return new InetAddress[] {InetAddress.getLoopbackAddress()};
    };
    SafeHttp http = new SafeHttp(fast(), AddressGuard.of(true), dns, null);
    assertEquals(200, http.get(SafeHttp.parseUrl("http://пример.укр:" + server.port() + "/idn"), HTML).status());
  }

  @Test
  void relativeRedirectsFromAnEmptyPathResolveUnderTheRoot() throws Exception {
    server.redirect("/", 302, "start").html("/start", "<p>start</p>");
    HttpResponse r = open().get(URI.create("http://127.0.0.1:" + server.port()), HTML);
    assertEquals(URI.create(server.url("/start")), r.uri());
  }

  /** A raw TCP server answering every request with {@code answer(requestLine)}; robots.txt gets a 404. */
  private static ServerSocket raw(Function<String, byte[]> answer) throws Exception {
    ServerSocket ss = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!ss.isClosed()) {
        try (Socket s = ss.accept()) {
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
              StandardCharsets.ISO_8859_1));
          String requestLine = in.readLine();
          String line;
          while ((line = in.readLine()) != null && !line.isEmpty()) {
            // skip the request headers
          }
          byte[] out = requestLine != null && requestLine.contains("/robots.txt")
              ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)
              : answer.apply(requestLine);
          s.getOutputStream().write(out);
          s.getOutputStream().flush();
        } catch (IOException e) {
          // closed
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return ss;
  }

  @Test
  void truncatedBodiesAndGarbageResponsesAreFailures() throws Exception {
    try (ServerSocket cut = raw(r -> ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
        + "<p>only this</p>").getBytes(StandardCharsets.ISO_8859_1));
        ServerSocket junk = raw(r -> "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.ISO_8859_1));
        ServerSocket headers = raw(r -> ("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1))) {
      String m1 = fail(open(), "http://127.0.0.1:" + cut.getLocalPort() + "/p", HTML);
      assertTrue(m1.contains("the body ended after 16 of the 1000 bytes announced"), m1);
      String m2 = fail(open(), "http://127.0.0.1:" + junk.getLocalPort() + "/p", HTML);
      assertTrue(m2.contains("not an HTTP response"), m2);
      String m3 = fail(open(), "http://127.0.0.1:" + headers.getLocalPort() + "/p", HTML);
      assertTrue(m3.contains("over 64 KB"), m3);
    }
  }

  @Test
  void gzipIsDecodedWhenAServerSendsItAnyway() throws Exception {
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(z)) {
      g.write("<p>compressed page</p>".getBytes(StandardCharsets.UTF_8));
    }
    server.route("/gz", ex -> {
      ex.getResponseHeaders().add("Content-Encoding", "gzip");
      TestServer.send(ex, 200, "text/html", z.toByteArray());
    });
    assertEquals("<p>compressed page</p>",
        new String(open().get(URI.create(server.url("/gz")), HTML).body(), StandardCharsets.UTF_8));
  }

  @Test
  void gzipBombsAreCutAtTheLimitOfTheDecodedBody() throws Exception {
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(z)) {
      byte[] zeros = new byte[64 * 1024];
      for (int i = 0; i < 1024; i++) { // 64 MB of zeros
        g.write(zeros);
      }
    }
    assertTrue(z.size() < 1 << 20, "the compressed body alone stays under the limit: " + z.size());
    server.route("/bomb", ex -> {
      ex.getResponseHeaders().add("Content-Encoding", "gzip");
      TestServer.send(ex, 200, "text/html", z.toByteArray());
    });
    String m = fail(open(), server.url("/bomb"), HTML);
    assertTrue(m.contains("over the limit of 1.0 MB (aborted while reading)"), m);
  }

  @Test
  void deflateIsDecodedAndUnknownEncodingsAreRefused() throws Exception {
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
      d.write("<p>deflated page</p>".getBytes(StandardCharsets.UTF_8));
    }
    server.route("/deflate", ex -> {
      ex.getResponseHeaders().add("Content-Encoding", "deflate");
      TestServer.send(ex, 200, "text/html", z.toByteArray());
    });
    server.route("/br", ex -> {
      ex.getResponseHeaders().add("Content-Encoding", "br");
      TestServer.send(ex, 200, "text/html", new byte[] {1, 2, 3});
    });
    assertEquals("<p>deflated page</p>",
        new String(open().get(URI.create(server.url("/deflate")), HTML).body(), StandardCharsets.UTF_8));
    String m = fail(open(), server.url("/br"), HTML);
    assertTrue(m.contains("unsupported content encoding 'br'"), m);
  }

  @Test
  void aRebindingResolverNeverGetsTheClientToThePrivateAddress() throws Exception {
    // A DNS server that answers the public address and a private one in turn. A client that checked one answer and
    // then looked the name up again to connect would reach the private server; ours dials the answer it checked.
    try (ServerSocket internal = new ServerSocket()) {
      try {
        internal.bind(new InetSocketAddress(AddressGuard.literal("127.0.0.2"), server.port()));
      } catch (IOException e) {
        org.junit.jupiter.api.Assumptions.abort("127.0.0.2 cannot be bound here: " + e);
      }
      server.html("/page", "<p>public</p>");
      AtomicInteger calls = new AtomicInteger();
      SafeHttp.Resolver rebinding = host -> new InetAddress[] {
          AddressGuard.literal(calls.incrementAndGet() % 2 == 1 ? "127.0.0.1" : "127.0.0.2")};
      SafeHttp http = new SafeHttp(fast(), AddressGuard.strictExcept(Set.of(server.address())), rebinding, null);
      URI page = URI.create("http://news.example:" + server.port() + "/page");
      String m = fail(http, page.toString(), HTML); // robots.txt got the public answer, the page the private one
      assertTrue(m.contains("refused: news.example resolves to 127.0.0.2"), m);
      assertEquals("<p>public</p>", new String(http.get(page, HTML).body(), StandardCharsets.UTF_8));
      assertEquals(3, calls.get(), "one lookup per connection: robots.txt, the refused page, the page");
      assertEquals(1, server.hits("/page"));
      internal.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, internal::accept,
          "no connection may reach the private address");
    }
  }

  @Test
  void theSystemProxySelectorIsNeverConsulted() throws Exception {
    server.html("/direct", "<p>direct</p>");
    ProxySelector system = ProxySelector.getDefault();
    try (ServerSocket proxy = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      // What -DsocksProxyHost or -Dhttp.proxyHost would install, without their exemption for loopback: a client
      // that asked the selector (for its sockets or its routes) would dial the proxy instead of the checked address.
      SocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.getLocalPort());
      ProxySelector.setDefault(new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
          return List.of(new Proxy(uri.getScheme().equals("socket") ? Proxy.Type.SOCKS
              : Proxy.Type.HTTP, at));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException e) {
          // nothing to remember
        }
      });
      HttpResponse r = open().get(URI.create(server.url("/direct")), HTML);
      assertEquals("<p>direct</p>", new String(r.body(), StandardCharsets.UTF_8));
      proxy.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, proxy::accept, "nothing may go through a proxy");
    } finally {
      ProxySelector.setDefault(system);
    }
  }

  @Test
  void onlyHttpAndHttps() {
    assertTrue(fail(open(), "ftp://example.org/file", HTML).contains("only http and https"));
    assertTrue(fail(open(), "file:///etc/passwd", HTML).contains("only http and https"));
  }

  @Test
  void refusedConnectionsAreReported() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String m = fail(open(), "http://127.0.0.1:" + port + "/x", HTML);
    assertTrue(m.contains("cannot connect to 127.0.0.1:" + port), m);
  }

  @Test
  void robotsTxtIsFetchedOnceAndObeyed() throws Exception {
    server.page("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n\nUser-agent: Stancemap\n"
        + "Disallow: /no-stancemap/\n");
    server.html("/public/1", "<p>1</p>").html("/public/2", "<p>2</p>").html("/private/x", "<p>x</p>")
        .html("/no-stancemap/y", "<p>y</p>");
    SafeHttp http = open();
    http.get(URI.create(server.url("/public/1")), HTML);
    http.get(URI.create(server.url("/public/2")), HTML);
    http.get(URI.create(server.url("/private/x")), HTML); // only the * group forbids it; ours applies
    String m = fail(http, server.url("/no-stancemap/y"), HTML);
    assertTrue(m.contains("disallowed by robots.txt") && m.contains("Disallow: /no-stancemap/"), m);
    assertEquals(1, server.hits("/robots.txt"));
    assertEquals(0, server.hits("/no-stancemap/y"));
  }

  @Test
  void robotsTxtServerErrorMeansDisallowAndMissingMeansAllow() throws Exception {
    server.status("/robots.txt", 503);
    server.html("/p", "<p>p</p>");
    String m = fail(open(), server.url("/p"), HTML);
    assertTrue(m.contains("robots.txt answered HTTP 503"), m);
    try (TestServer other = new TestServer()) {
      other.html("/p", "<p>p</p>"); // robots.txt is a 404 there
      assertEquals(200, open().get(URI.create(other.url("/p")), HTML).status());
    }
  }

  @Test
  void robotsRulesApplyToRedirectTargets() {
    server.page("/robots.txt", "text/plain", "User-agent: *\nDisallow: /hidden\n");
    server.redirect("/open", 302, "/hidden/page").html("/hidden/page", "<p>h</p>");
    String m = fail(open(), server.url("/open"), HTML);
    assertTrue(m.contains("disallowed by robots.txt") && m.contains("redirected to"), m);
  }

  @Test
  void optionsAreParsedWithUnits() {
    HttpSettings s = HttpSettings.fromOptions(Map.of("read-timeout", "250ms", "timeout", "2s",
        "connect-timeout", "1.5", "max-redirects", "3", "delay", "1m"), 100);
    assertEquals(Duration.ofMillis(250), s.readTimeout());
    assertEquals(Duration.ofSeconds(2), s.totalTimeout());
    assertEquals(Duration.ofMillis(1500), s.connectTimeout());
    assertEquals(3, s.maxRedirects());
    assertEquals(Duration.ofMinutes(1), s.delay());
    assertThrows(org.stancemap.InvalidInputException.class,
        () -> HttpSettings.fromOptions(Map.of("max-redirects", "9"), 100));
    assertThrows(org.stancemap.InvalidInputException.class,
        () -> HttpSettings.fromOptions(Map.of("timeout", "soon"), 100));
  }
}
