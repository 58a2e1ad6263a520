package org.stancemap.sources.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS over the pinned address: the certificate is still checked against the host name. */
@Timeout(60)
class SafeHttpTlsTest {
  @TempDir
  static Path dir;

  private static HttpsServer server;
  private static SSLContext clientTls;

  @BeforeAll
  static void start() throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Assumptions.assumeTrue(Files.isExecutable(keytool), "keytool not found in the JDK at " + keytool);
    Path ks = dir.resolve("server.p12");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "test", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1,dns:xn--e1afmkfd.xn--j1amh",
        "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
        "-keypass", "changeit").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", ex -> {
      if (ex.getRequestURI().getPath().equals("/silent")) {
        try {
          Thread.sleep(4000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] b = ("<p>secure " + ex.getRequestURI().getPath() + "</p>").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/robots.txt") ? 404 : 200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void theTotalTimeoutCutsASilentTlsServer() {
    int port = server.getAddress().getPort();
    HttpSettings s = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1500), 1 << 20,
        5, HttpSettings.USER_AGENT, Duration.ZERO);
    SafeHttp http = new SafeHttp(s, AddressGuard.strictExcept(Set.of(server.getAddress())), host -> new InetAddress[] {
        InetAddress.getLoopbackAddress()}, clientTls);
    long start = System.nanoTime();
    String m = assertThrows(FetchException.class,
        () -> http.get(URI.create("https://localhost:" + port + "/silent"), Set.of("text/html"))).getMessage();
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(m.contains("timed out: the response took longer than 1500 ms in all"), m);
    assertTrue(ms < 3500, "cut at the deadline, not when the server answered: " + ms + " ms");
  }

  private static SafeHttp client() {
    SafeHttp.Resolver dns = host -> switch (host) {
      case "localhost", "wrong.example", "xn--e1afmkfd.xn--j1amh" ->
          new InetAddress[] {InetAddress.getLoopbackAddress()};
      default -> {
        if (!host.matches("[0-9.]+")) {
          throw new UnknownHostException(host); // no DNS in tests
        }
        yield InetAddress.getAllByName(host);
      }
    };
    HttpSettings s = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 1 << 20,
        5, HttpSettings.USER_AGENT, Duration.ZERO);
    return new SafeHttp(s, AddressGuard.strictExcept(Set.of(server.getAddress())), dns, clientTls);
  }

  @Test
  void httpsWorksWhenTheCertificateMatchesTheHost() throws Exception {
    int port = server.getAddress().getPort();
    HttpResponse r = client().get(URI.create("https://localhost:" + port + "/page"), Set.of("text/html"));
    assertEquals("<p>secure /page</p>", new String(r.body(), StandardCharsets.UTF_8));
    HttpResponse ip = client().get(URI.create("https://127.0.0.1:" + port + "/ip"), Set.of("text/html"));
    assertEquals("<p>secure /ip</p>", new String(ip.body(), StandardCharsets.UTF_8));
  }

  @Test
  void anInternationalHostNameIsVerifiedInItsPunycodeForm() throws Exception {
    int port = server.getAddress().getPort();
    HttpResponse r = client().get(SafeHttp.parseUrl("https://пример.укр:" + port + "/idn"), Set.of("text/html"));
    assertEquals("<p>secure /idn</p>", new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void aCertificateForAnotherHostIsRejected() {
    int port = server.getAddress().getPort();
    String m = assertThrows(FetchException.class,
        () -> client().get(URI.create("https://wrong.example:" + port + "/page"), Set.of("text/html"))).getMessage();
    assertTrue(m.contains("TLS failed") && m.contains("wrong.example"), m);
    assertTrue(m.startsWith("https://wrong.example:" + port + "/page"), m);
  }
}
