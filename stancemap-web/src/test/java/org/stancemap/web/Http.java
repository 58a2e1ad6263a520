package org.stancemap.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/** A small HTTP client for the API tests, with the CSRF cookie and header a browser page would send. */
final class Http {
  final String base;
  final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private String csrf;

  Http(String base) {
    this.base = base;
  }

  record Response(int status, String body, HttpHeaders headers) {
    Json.Obj json() {
      return JsonParser.parse(body).asObj("response");
    }
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  /** A browser-like POST: same Origin, the CSRF cookie and header. */
  Response post(String path, String json) {
    String token = csrf();
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .header("Origin", base).header("Cookie", Security.CSRF_COOKIE + "=" + token)
        .header(Security.CSRF_HEADER, token).POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** A browser-like PUT: same Origin, the CSRF cookie and header. */
  Response put(String path, String json) {
    String token = csrf();
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .header("Origin", base).header("Cookie", Security.CSRF_COOKIE + "=" + token)
        .header(Security.CSRF_HEADER, token).PUT(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** A browser-like DELETE with a JSON body (empty for none): same Origin, the CSRF cookie and header. */
  Response delete(String path, String json) {
    String token = csrf();
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .header("Origin", base).header("Cookie", Security.CSRF_COOKIE + "=" + token)
        .header(Security.CSRF_HEADER, token).method("DELETE", HttpRequest.BodyPublishers.ofString(json)).build());
  }

  Response send(HttpRequest r) {
    try {
      HttpResponse<String> res = client.send(r, HttpResponse.BodyHandlers.ofString());
      return new Response(res.statusCode(), res.body(), res.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The CSRF cookie a page view sets. */
  String csrf() {
    if (csrf == null) {
      Response page = get("/");
      List<String> cookies = page.headers().allValues("Set-Cookie");
      for (String c : cookies) {
        if (c.startsWith(Security.CSRF_COOKIE + "=")) {
          csrf = c.substring(Security.CSRF_COOKIE.length() + 1, c.indexOf(';'));
        }
      }
      if (csrf == null) {
        throw new IllegalStateException("no CSRF cookie in " + cookies);
      }
    }
    return csrf;
  }
}
