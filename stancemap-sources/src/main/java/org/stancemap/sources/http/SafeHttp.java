package org.stancemap.sources.http;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.DeflateInputStream;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ParseException;
import org.stancemap.ingest.DocumentReader;

/**
 * Fetches untrusted URLs with Apache HttpClient 5, so that every connection goes to an address that was checked.
 *
 * <p>Per request: only {@code http} and {@code https}; the host is resolved once and every address it resolves to
 * must pass the {@link AddressGuard}, and the connection is made to one of exactly those addresses (see
 * {@link Connections}; TLS still verifies the certificate against the host name, with SNI); robots.txt of the origin
 * is fetched once per client and obeyed; redirects (301, 302, 303, 307, 308) are followed by hand, at most
 * {@link HttpSettings#maxRedirects()}, each hop checked again (scheme, address, robots), and a hop back to a URL
 * already visited is reported as a loop; a body over the size limit is aborted as soon as it is known (by
 * {@code Content-Length}, or while streaming, counted both as received and as decoded); the connect, read and total
 * timeouts bound every wait; the media type must be one the caller accepts.
 *
 * <p>Design decision: {@link HttpClient} resolves host names itself, so a check made before calling it
 * could be undone by a second DNS answer (DNS rebinding). HttpClient 5 lets us supply the lookup and the socket
 * instead ({@link Connections}), and we turn off everything it would otherwise decide on its own: redirects, retries,
 * connection reuse, proxies (system proxy settings are ignored), cookies, authentication and content decoding. This
 * replaced a hand-written HTTP/1.1 client (issue #19). What remains: a public address that itself forwards to a
 * private network cannot be seen from here.
 *
 * <p>Thread-safe: HttpClient is, and the robots.txt cache and the per-host politeness clock are concurrent maps.
 */
public final class SafeHttp {
  /** A host name lookup; tests replace it to map names without DNS. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final long MAX_ROBOTS_BYTES = 500 * 1024;
  private static final Duration MAX_CRAWL_DELAY = Duration.ofSeconds(10);
  private static final String PRIVATE_HINT =
      "; private, loopback and link-local addresses are only fetched with --allow-private";

  /** Cancels requests that pass the total timeout; one daemon thread for all clients. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private final HttpSettings settings;
  private final CloseableHttpClient client;
  private final Map<String, RobotsEntry> robots = new ConcurrentHashMap<>();
  private final Map<String, Long> lastRequest = new ConcurrentHashMap<>();

  private record RobotsEntry(Robots rules, String note) {}

  /** A response as far as the redirect loop needs it; the body only for 2xx. */
  private record Raw(int status, String reason, String location, String contentType, byte[] body) {}

  public SafeHttp(HttpSettings settings, AddressGuard guard) {
    this(settings, guard, InetAddress::getAllByName, null);
  }

  /**
   * @param resolver host name lookup
   * @param tls the TLS context, or null for the JVM's default (system trust store)
   */
  public SafeHttp(HttpSettings settings, AddressGuard guard, Resolver resolver, SSLContext tls) {
    this.settings = settings;
    this.client = HttpClients.custom()
        .setConnectionManager(Connections.manager(settings, guard, resolver, tls))
        .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
        .setConnectionReuseStrategy((request, response, context) -> false)
        .setDefaultRequestConfig(RequestConfig.custom()
            .setResponseTimeout(Connections.timeout(settings.readTimeout()))
            .setConnectionRequestTimeout(Connections.timeout(settings.totalTimeout()))
            .setRedirectsEnabled(false)
            .setAuthenticationEnabled(false)
            .setProtocolUpgradeEnabled(false)
            .setContentCompressionEnabled(false)
            .build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableContentCompression()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableConnectionState()
        .disableDefaultUserAgent()
        .build();
  }

  public HttpSettings settings() {
    return settings;
  }

  /** Parses a URL given by a user or a page: trims it and percent-encodes spaces and non-ASCII characters. */
  public static URI parseUrl(String text) throws URISyntaxException {
    String t = asciiHost(text.strip());
    StringBuilder b = new StringBuilder();
    for (byte x : t.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
          || c == '{' || c == '|' || c == '}') {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c));
      } else {
        b.append((char) c);
      }
    }
    return withoutFragment(new URI(b.toString()));
  }

  private static final Pattern AUTHORITY =
      Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*)(.*)$", Pattern.DOTALL);

  /** The URL with an internationalised host name in its ASCII (punycode) form: {@code http://пример.укр/}. */
  static String asciiHost(String url) {
    Matcher m = AUTHORITY.matcher(url);
    if (!m.matches() || m.group(2).chars().allMatch(c -> c < 0x80)) {
      return url;
    }
    String authority = m.group(2);
    int at = authority.lastIndexOf('@');
    String user = at >= 0 ? authority.substring(0, at + 1) : "";
    String hostPort = authority.substring(at + 1);
    int colon = hostPort.lastIndexOf(':');
    String host = colon >= 0 && !hostPort.startsWith("[") ? hostPort.substring(0, colon) : hostPort;
    String port = host.length() < hostPort.length() ? hostPort.substring(host.length()) : "";
    try {
      return m.group(1) + user + IDN.toASCII(host, IDN.ALLOW_UNASSIGNED) + port + m.group(3);
    } catch (IllegalArgumentException e) {
      return url; // left for URI parsing to reject with its own message
    }
  }

  static URI withoutFragment(URI u) {
    String s = u.toString();
    int hash = s.indexOf('#');
    return hash < 0 ? u : URI.create(s.substring(0, hash));
  }

  /**
   * GETs {@code uri}, following redirects.
   *
   * @param accept the media types the caller can use (lower case); a response with another declared type fails; a
   *     response without {@code Content-Type} is returned for the caller to sniff
   * @throws FetchException for anything but a complete 2xx response within the limits; the message names the URL
   */
  public HttpResponse get(URI uri, Set<String> accept) throws FetchException {
    URI current = withoutFragment(uri);
    Set<URI> visited = new LinkedHashSet<>();
    List<URI> hops = new ArrayList<>();
    while (true) {
      String where = hops.isEmpty() ? uri.toString() : uri + " (redirected to " + current + ")";
      visited.add(current);
      Raw r = exchange(current, where, accept, true);
      if (isRedirect(r.status())) {
        String location = r.location();
        if (location == null || location.isBlank()) {
          throw new FetchException(uri, where + ": HTTP " + r.status() + " redirect without a Location header");
        }
        URI next;
        try {
          next = withoutFragment(base(current).resolve(parseUrl(location)));
        } catch (URISyntaxException | IllegalArgumentException e) {
          throw new FetchException(uri, where + ": redirect to an invalid URL '" + location + "'");
        }
        if (visited.contains(next)) {
          List<String> chain = new ArrayList<>();
          visited.forEach(v -> chain.add(v.toString()));
          chain.add(next.toString());
          throw new FetchException(uri, uri + ": redirect loop: " + String.join(" -> ", chain));
        }
        if (hops.size() >= settings.maxRedirects()) {
          throw new FetchException(uri, uri + ": too many redirects (more than " + settings.maxRedirects()
              + "); last hop to " + next);
        }
        hops.add(next);
        current = next;
        continue;
      }
      if (r.status() < 200 || r.status() > 299) {
        throw new FetchException(uri, where + ": HTTP " + r.status() + (r.reason().isEmpty() ? "" : " " + r.reason()));
      }
      String[] type = mediaType(r.contentType());
      return new HttpResponse(uri, current, r.status(), type[0], type[1], r.body(), hops);
    }
  }

  /** {@code u} with path {@code /} when it has none: {@code URI.resolve} would glue a relative path to the host. */
  private static URI base(URI u) {
    return u.getRawPath() == null || u.getRawPath().isEmpty() ? u.resolve("/") : u;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** {media type, charset} from a Content-Type header; both may be null. */
  static String[] mediaType(String header) {
    if (header == null || header.isBlank()) {
      return new String[] {null, null};
    }
    String[] parts = header.split(";");
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    String charset = null;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        charset = p.substring(8).strip().replace("\"", "");
      }
    }
    return new String[] {type.isEmpty() ? null : type, charset};
  }

  /**
   * One request and response. Scheme and host are checked here, robots.txt before the page; the address is checked
   * by {@link Connections.CheckedDns} when the connection is made, so nothing is sent to a refused address.
   */
  private Raw exchange(URI u, String where, Set<String> accept, boolean checkRobots) throws FetchException {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new FetchException(u, where + ": only http and https URLs are fetched, not '"
          + (scheme.isEmpty() ? "(no scheme)" : scheme) + "'");
    }
    String host = u.getHost();
    if (host == null || host.isEmpty()) {
      throw new FetchException(u, where + ": the URL has no host name");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
    String pathAndQuery = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    String origin = scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    if (checkRobots) {
      RobotsEntry rules = robots.get(origin);
      if (rules == null) {
        rules = fetchRobots(u, scheme, host, where);
        RobotsEntry raced = robots.putIfAbsent(origin, rules);
        rules = raced == null ? rules : raced;
      }
      Robots.Rule rule = rules.rules().decidingRule(pathAndQuery);
      if (rule != null && !rule.allow()) {
        if (rules.note() != null) {
          throw new FetchException(u, where + ": not fetched: " + rules.note());
        }
        throw new FetchException(u, where + ": disallowed by robots.txt of " + scheme + "://" + u.getRawAuthority()
            + " (rule 'Disallow: " + rule.pattern() + "')");
      }
      pace(origin, rules.rules().crawlDelay());
    }
    return request(u, where, scheme, host, pathAndQuery, accept, checkRobots ? settings.maxBytes() : MAX_ROBOTS_BYTES);
  }

  /**
   * robots.txt of {@code page}'s origin. A host that does not resolve, or resolves to a refused address, fails the
   * page itself, as the page's own request would: robots.txt and the page share the host.
   */
  private RobotsEntry fetchRobots(URI page, String scheme, String host, String where) throws FetchException {
    URI robotsUri = URI.create(scheme + "://" + page.getRawAuthority() + "/robots.txt");
    URI current = robotsUri;
    Set<URI> visited = new LinkedHashSet<>();
    for (int hop = 0; hop <= HttpSettings.MAX_REDIRECTS; hop++) {
      visited.add(current);
      Raw r;
      try {
        r = exchange(current, robotsUri.toString(), Set.of(), false);
      } catch (FetchException e) {
        if (hop == 0 && e.getCause() instanceof UnknownHostException dns) {
          throw new FetchException(page, where + ": " + dnsFailure(dns, host), dns);
        }
        // Unreachable robots.txt means complete disallow (RFC 9309 2.3.1.4); an oversized one is ignored.
        if (e.getMessage().contains("over the limit")) {
          return new RobotsEntry(Robots.ALLOW_ALL, null);
        }
        return new RobotsEntry(Robots.DISALLOW_ALL, "robots.txt could not be fetched (" + e.getMessage()
            + "), so the whole site counts as disallowed (RFC 9309)");
      }
      if (isRedirect(r.status()) && r.location() != null) {
        URI next;
        try {
          next = withoutFragment(base(current).resolve(parseUrl(r.location())));
        } catch (URISyntaxException | IllegalArgumentException e) {
          return new RobotsEntry(Robots.ALLOW_ALL, null);
        }
        if (visited.contains(next)) {
          break; // a redirect loop for robots.txt: treat as unavailable (allow), as for 4xx
        }
        current = next;
        continue;
      }
      if (r.status() >= 200 && r.status() <= 299) {
        return new RobotsEntry(Robots.parse(new String(r.body(), StandardCharsets.UTF_8),
            HttpSettings.PRODUCT_TOKEN), null);
      }
      if (r.status() >= 500) {
        return new RobotsEntry(Robots.DISALLOW_ALL, "robots.txt answered HTTP " + r.status()
            + ", so the whole site counts as disallowed (RFC 9309)");
      }
      return new RobotsEntry(Robots.ALLOW_ALL, null);
    }
    return new RobotsEntry(Robots.ALLOW_ALL, null);
  }

  private void pace(String origin, Duration crawlDelay) {
    Duration wait = settings.delay();
    if (crawlDelay != null && crawlDelay.compareTo(wait) > 0) {
      wait = crawlDelay.compareTo(MAX_CRAWL_DELAY) > 0 ? MAX_CRAWL_DELAY : crawlDelay;
    }
    long gap = wait.toNanos();
    if (gap <= 0) {
      return;
    }
    synchronized (lastRequest) {
      Long last = lastRequest.get(origin);
      long now = System.nanoTime();
      if (last != null && now - last < gap) {
        try {
          Thread.sleep(Duration.ofNanos(gap - (now - last)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      lastRequest.put(origin, System.nanoTime());
    }
  }

  private Raw request(URI u, String where, String scheme, String host, String pathAndQuery, Set<String> accept,
      long limit) throws FetchException {
    HttpGet get = new HttpGet(URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host)
        + (u.getPort() >= 0 ? ":" + u.getPort() : "") + pathAndQuery));
    get.setHeader(HttpHeaders.USER_AGENT, settings.userAgent());
    get.setHeader(HttpHeaders.ACCEPT, accept.isEmpty() ? "*/*" : String.join(", ", new TreeSet<>(accept))
        + ", */*;q=0.1");
    get.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
    get.setHeader(HttpHeaders.CONNECTION, "close");
    long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
    AtomicBoolean cut = new AtomicBoolean();
    ScheduledFuture<?> alarm = DEADLINES.schedule(() -> {
      cut.set(true);
      get.cancel();
    }, settings.totalTimeout().toNanos(), TimeUnit.NANOSECONDS);
    ClassicHttpResponse r = null;
    try {
      r = client.executeOpen(null, get, null);
      int status = r.getCode();
      String reason = r.getReasonPhrase() == null ? "" : r.getReasonPhrase().strip();
      String location = value(r.getFirstHeader(HttpHeaders.LOCATION));
      String contentType = value(r.getFirstHeader(HttpHeaders.CONTENT_TYPE));
      if (isRedirect(status) || status < 200 || status > 299) {
        return new Raw(status, reason, location, contentType, new byte[0]);
      }
      String[] type = mediaType(contentType);
      if (!accept.isEmpty() && type[0] != null && !accept.contains(type[0])) {
        throw new FetchException(u, where + ": unsupported content type '" + type[0] + "' (expected one of "
            + String.join(", ", new TreeSet<>(accept)) + ")");
      }
      HttpEntity entity = r.getEntity();
      byte[] body = entity == null ? new byte[0]
          : body(entity, value(r.getFirstHeader(HttpHeaders.CONTENT_ENCODING)), limit, deadline, cut, u, where);
      return new Raw(status, reason, location, contentType, body);
    } catch (FetchException e) {
      throw e;
    } catch (UnknownHostException e) {
      throw new FetchException(u, where + ": " + dnsFailure(e, host), e);
    } catch (IOException e) {
      throw new FetchException(u, where + ": " + (cut.get() ? totalTimeout() : failure(e, host, u)), e);
    } finally {
      alarm.cancel(false);
      // Closing a response normally reads the rest of its body so that the connection can be reused: an endless
      // body (or one past the size limit, or of a redirect) would hold us until the total timeout. Connections are
      // never reused, so it is cut instead.
      get.cancel();
      if (r != null) {
        try {
          r.close();
        } catch (IOException ignored) {
          // the connection is gone already; the answer was decided above
        }
      }
    }
  }

  /** The body, decoded when the server sent gzip or deflate anyway, within {@code limit} both raw and decoded. */
  private byte[] body(HttpEntity entity, String encoding, long limit, long deadline, AtomicBoolean cut, URI u,
      String where) throws IOException, FetchException {
    long declared = entity.getContentLength();
    if (declared > limit) {
      throw new FetchException(u, where + ": the body is " + DocumentReader.mb(declared) + ", over the limit of "
          + DocumentReader.mb(limit) + "; raise it with --max-bytes");
    }
    String coding = encoding == null ? "identity" : encoding.strip().toLowerCase(Locale.ROOT);
    Metered raw = new Metered(entity.getContent(), deadline, cut);
    try {
      InputStream in = switch (coding) {
        case "", "identity" -> raw;
        case "gzip", "x-gzip" -> new GZIPInputStream(raw);
        case "deflate" -> new DeflateInputStream(raw);
        default -> throw new FetchException(u, where + ": unsupported content encoding '" + coding + "'");
      };
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        // Both counts: the received bytes, and what they decode to (a small gzip body can inflate to gigabytes).
        if (out.size() + (long) n > limit || raw.count > limit) {
          throw new FetchException(u, where + ": the body is over the limit of " + DocumentReader.mb(limit)
              + " (aborted while reading); raise it with --max-bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (ConnectionClosedException e) {
      if (declared >= 0 && !cut.get()) {
        throw new FetchException(u, where + ": the body ended after " + raw.count + " of the " + declared
            + " bytes announced", e);
      }
      throw e;
    }
  }

  /** Why a lookup failed: an unknown host, or an address the guard refused (before anything was sent). */
  private static String dnsFailure(UnknownHostException e, String host) {
    return e instanceof Connections.RefusedAddressException
        ? "refused: " + e.getMessage() + PRIVATE_HINT
        : "unknown host '" + host + "'";
  }

  /** Words for a transport failure other than the total timeout. */
  private String failure(IOException e, String host, URI u) {
    int port = u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
        : e.getMessage();
    if (e instanceof ConnectTimeoutException) {
      return "timed out connecting to " + host + ":" + port + " after " + millis(settings.connectTimeout());
    }
    if (e instanceof ConnectException) {
      return "cannot connect to " + host + ":" + port + " (" + cause + ")";
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out: no data for " + millis(settings.readTimeout());
    }
    if (e instanceof SSLException) {
      return "TLS failed: " + e.getMessage();
    }
    if (e instanceof MessageConstraintException) {
      return e.getMessage().contains("count")
          ? "more than " + Connections.MAX_HEADERS + " response header lines"
          : "a response header line is over " + Connections.MAX_HEADER_LINE / 1024 + " KB";
    }
    if (e instanceof ClientProtocolException && e.getCause() instanceof ParseException p) {
      return "not an HTTP response (" + abbreviate(p.getMessage()) + ")";
    }
    if (e instanceof ClientProtocolException) {
      return "invalid HTTP response: " + abbreviate(cause);
    }
    if (e instanceof NoHttpResponseException) {
      return "the server closed the connection without a complete response";
    }
    if (e instanceof MalformedChunkCodingException) {
      return "invalid chunked body: " + abbreviate(e.getMessage());
    }
    if (e instanceof ConnectionClosedException) {
      return "the connection closed before the body was complete (" + abbreviate(e.getMessage()) + ")";
    }
    return "connection failed while reading: " + e;
  }

  private String totalTimeout() {
    return "timed out: the response took longer than " + millis(settings.totalTimeout()) + " in all";
  }

  private static String value(Header h) {
    return h == null ? null : h.getValue();
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  static String millis(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "stancemap-http-deadline");
      t.setDaemon(true);
      return t;
    });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  /**
   * The body as received: counts its bytes and ends the read with a timeout once the total deadline has passed
   * (the alarm in {@link #request} also cancels a read that is waiting).
   */
  private static final class Metered extends FilterInputStream {
    private final long deadline;
    private final AtomicBoolean cut;
    long count;

    Metered(InputStream in, long deadline, AtomicBoolean cut) {
      super(in);
      this.deadline = deadline;
      this.cut = cut;
    }

    private void check() throws SocketTimeoutException {
      if (System.nanoTime() - deadline > 0) {
        cut.set(true);
        throw new SocketTimeoutException("the total timeout passed");
      }
    }

    @Override
    public int read() throws IOException {
      check();
      int c = super.read();
      if (c >= 0) {
        count++;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
