package org.stancemap.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.stancemap.ask.question.Synonyms;

/** A server started with a token answers only with the token (header or the cookie that /?token= sets). */
class TokenTest {
  @Test
  void tokenIsRequiredOnEveryRequest() {
    Workbenches.Running r = Workbenches.server();
    String token = Security.newToken();
    Workbench wb = new Workbench(r.dir().resolve("corpus.db").toString(), r.store(), Workbenches.CODEBOOK,
        Workbenches.ANALYZER, Workbenches.EMBEDDING, r.index(), Workbenches.READER, null,
        Synonyms.builtin(Workbenches.CODEBOOK));
    try (WebServer s = WebServer.start(wb, new ServerSettings("127.0.0.1", 0, token, 1 << 20),
        new PrintStream(System.err, true))) {
      Http http = new Http("http://127.0.0.1:" + s.port());
      assertEquals(401, http.get("/api/corpus").status());
      assertEquals(401, http.get("/").status());
      assertEquals(403, http.get("/?token=wrong-token-0123456789").status());
      Http.Response withHeader = http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/corpus"))
          .header("Authorization", "Bearer " + token).GET().build());
      assertEquals(200, withHeader.status());
      Http.Response login = http.get("/?token=" + token);
      assertEquals(302, login.status());
      String cookie = login.headers().allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith(Security.TOKEN_COOKIE + "=")).findFirst().orElseThrow();
      assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
      assertEquals("/", login.headers().firstValue("Location").orElse(""));
      Http.Response withCookie = http.send(HttpRequest.newBuilder(URI.create(http.base + "/api/corpus"))
          .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).GET().build());
      assertEquals(200, withCookie.status());
    }
  }

  @Test
  void theTokenLoginNeverRedirectsOffThisServer() {
    // a browser reads //host and /\host as another host; the login's redirect keeps one leading slash
    assertEquals("/evil.example/", Security.localPath("//evil.example/"));
    assertEquals("/evil.example/x", Security.localPath("///evil.example/x"));
    assertEquals("/evil.example/", Security.localPath("/\\evil.example/"));
    assertEquals("/corpus", Security.localPath("/corpus"));
    assertEquals("/", Security.localPath(""));
  }

  @Test
  void urlAnalysisGoesThroughTheSsrfGuard() {
    Workbenches.Running r = Workbenches.server();
    var http = new org.stancemap.sources.http.SafeHttp(org.stancemap.sources.http.HttpSettings.defaults(1 << 20),
        org.stancemap.sources.http.AddressGuard.of(false));
    Workbench wb = new Workbench(r.dir().resolve("corpus.db").toString(), r.store(), Workbenches.CODEBOOK,
        Workbenches.ANALYZER, Workbenches.EMBEDDING, r.index(), Workbenches.READER, http,
        Synonyms.builtin(Workbenches.CODEBOOK));
    try (WebServer s = WebServer.start(wb, ServerSettings.local(0), new PrintStream(System.err, true))) {
      Http client = new Http("http://127.0.0.1:" + s.port());
      long before = r.store().countDocuments(false);
      for (String url : new String[] {"http://127.0.0.1:" + s.port() + "/", "http://10.0.0.1/", "http://[::1]/",
          "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "gopher://example.org/"}) {
        Http.Response res = client.post("/api/analyze", "{\"url\": \"" + url + "\"}");
        assertEquals(400, res.status(), url + ": " + res.body());
      }
      assertEquals(before, r.store().countDocuments(false), "nothing was stored");
    }
  }

  @Test
  void anotherHostThanLoopbackNeedsAToken() {
    assertThrows(IllegalArgumentException.class, () -> new ServerSettings("0.0.0.0", 0, null, 1 << 20));
    assertThrows(IllegalArgumentException.class, () -> new ServerSettings("127.0.0.1", 0, "short", 1 << 20));
    assertTrue(ServerSettings.isLoopback("127.0.0.1"));
    assertTrue(!ServerSettings.isLoopback("0.0.0.0"));
  }
}
