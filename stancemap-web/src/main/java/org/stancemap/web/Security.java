package org.stancemap.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The server's request checks, run before every handler:
 *
 * <ul>
 *   <li>security headers on every response: a Content-Security-Policy that allows scripts, styles and connections
 *       from the server itself only (no inline script, no eval), {@code nosniff}, no framing, no referrer;
 *   <li>on loopback, the Host header must name this server (a DNS-rebinding page cannot talk to it under another
 *       name);
 *   <li>with a token: {@code Authorization: Bearer TOKEN}, or the HttpOnly cookie that {@code /?token=TOKEN}
 *       sets (then redirects to the page without the token in its address);
 *   <li>the API ({@code /api/}) refuses requests a browser marks as cross-site ({@code Sec-Fetch-Site} other than
 *       {@code same-origin} or {@code none}, or a foreign {@code Origin}), GETs included, unless they carry the
 *       bearer token;
 *   <li>CSRF on POST, PUT, PATCH and DELETE from a browser (no bearer header): the Origin (or, without one, the
 *       Referer) must be this server, and the {@code X-CSRF-Token} header must equal the {@code sm_csrf} cookie
 *       (double submit; the cookie is SameSite=Strict and set on every page).
 * </ul>
 */
final class Security {
  static final String CSRF_COOKIE = "sm_csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String TOKEN_COOKIE = "sm_token";
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
      + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";
  private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String token;
  private final Set<String> hostNames;

  /**
   * @param hostNames the host names (without port) the Host header may carry, or null for any (a server bound to
   *     a public address is reached under names it cannot know; its token protects it)
   */
  Security(String token, Set<String> hostNames) {
    this.token = token;
    this.hostNames = hostNames == null ? null : Set.copyOf(hostNames);
  }

  /** A new random token of 32 URL-safe characters. */
  static String newToken() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * The security headers of every response, in order: ours through {@link #headers(Context)}, Jetty's own error
   * pages through {@link JettyErrors}.
   */
  static final Map<String, String> HEADERS = headerMap();

  private static Map<String, String> headerMap() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Security-Policy", CSP);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    h.put("Cache-Control", "no-store");
    return Collections.unmodifiableMap(h);
  }

  static void headers(Context ctx) {
    HEADERS.forEach(ctx::header);
  }

  /**
   * A redirect target that stays on this server: the path with its leading slashes and backslashes folded into one
   * slash, so that {@code //evil.example/} (which a browser reads as another host) becomes {@code /evil.example/}.
   */
  static String localPath(String path) {
    String p = path == null ? "" : path;
    int i = 0;
    while (i < p.length() && (p.charAt(i) == '/' || p.charAt(i) == '\\')) {
      i++;
    }
    return "/" + p.substring(i);
  }

  void check(Context ctx) {
    headers(ctx);
    String host = ctx.header("Host");
    if (host == null || hostNames != null && !hostNames.contains(hostName(host))) {
      throw new WebException.Forbidden("this server does not answer for the host name in the request");
    }
    boolean bearer = false;
    if (token != null) {
      String given = ctx.queryParam("token");
      if (given != null && ctx.req().getMethod().equals("GET") && !ctx.path().startsWith("/api/")) {
        if (!equal(given, token)) {
          throw new WebException.Forbidden("wrong access token");
        }
        ctx.cookie(new Cookie(TOKEN_COOKIE, token, "/", -1, false, true, null, SameSite.STRICT));
        ctx.redirect(localPath(ctx.path()));
        ctx.skipRemainingHandlers();
        return;
      }
      String auth = ctx.header("Authorization");
      bearer = auth != null && auth.startsWith("Bearer ") && equal(auth.substring(7).strip(), token);
      if (!bearer && !equal(ctx.cookie(TOKEN_COOKIE), token)) {
        throw new Unauthorized();
      }
    }
    if (ctx.cookie(CSRF_COOKIE) == null && ctx.req().getMethod().equals("GET")) {
      ctx.cookie(new Cookie(CSRF_COOKIE, newToken(), "/", -1, false, false, null, SameSite.STRICT));
    }
    if (!bearer && ctx.path().startsWith("/api/") && crossSite(ctx, host)) {
      // Any web page can make a browser send a GET (an <img>, a fetch without CORS); the API answers only the
      // workbench's own pages and clients that present the token as a header.
      throw new WebException.Forbidden("cross-site request refused: the API answers this server's pages only");
    }
    if (UNSAFE.contains(ctx.req().getMethod()) && !bearer) {
      String origin = ctx.header("Origin");
      String from = origin != null ? origin : ctx.header("Referer");
      if (from == null || !sameOrigin(from, host)) {
        throw new WebException.Forbidden("cross-site request refused: the Origin must be this server");
      }
      String cookie = ctx.cookie(CSRF_COOKIE);
      if (cookie == null || !equal(ctx.header(CSRF_HEADER), cookie)) {
        throw new WebException.Forbidden("missing or wrong " + CSRF_HEADER + " header (reload the page)");
      }
    }
  }

  /**
   * Whether a request to the API comes from another site: a browser says so in {@code Sec-Fetch-Site} (anything
   * but {@code same-origin} and {@code none}, the latter being a typed address), or in an {@code Origin} that is
   * not this server. Requests without either header (curl, scripts) are not browsers' cross-site requests.
   */
  static boolean crossSite(Context ctx, String host) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return true;
    }
    String origin = ctx.header("Origin");
    return origin != null && !origin.equals("null") && !sameOrigin(origin, host)
        || origin != null && origin.equals("null");
  }

  private static boolean sameOrigin(String origin, String host) {
    String o = origin.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    return o.equals("http://" + h) || o.startsWith("http://" + h + "/") || o.equals("https://" + h)
        || o.startsWith("https://" + h + "/");
  }

  static String hostName(String hostHeader) {
    String h = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  static boolean equal(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** 401: no or a wrong token. */
  static final class Unauthorized extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unauthorized() {
      super("an access token is required: open the address the server printed (with ?token=...) or send"
          + " 'Authorization: Bearer TOKEN'");
    }
  }
}
