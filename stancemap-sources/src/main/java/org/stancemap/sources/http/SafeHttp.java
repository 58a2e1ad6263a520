package org.stancemap.sources.http;

import org.stancemap.ingest.DocumentReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches untrusted URLs with an HTTP/1.1 client of its own, so that every connection goes to an address that was
 * checked.
 *
 * <p>Per request: only {@code http} and {@code https}; the host is resolved once and every address it resolves to
 * must pass the {@link AddressGuard}; the socket connects to exactly that address (TLS still verifies the
 * certificate against the host name, with SNI); robots.txt of the origin is fetched once per client and obeyed;
 * redirects (301, 302, 303, 307, 308) are followed by hand, at most {@link HttpSettings#maxRedirects()}, each hop
 * checked again (scheme, address, robots), and a hop back to a URL already visited is reported as a loop; a body
 * over the size limit is aborted as soon as it is known (by {@code Content-Length}, or while streaming); the
 * connect, read and total timeouts bound every wait; the media type must be one the caller accepts.
 *
 * <p>Design decision: {@link java.net.http.HttpClient} resolves host names itself, so a check made before calling it
 * could be undone by a second DNS answer (DNS rebinding). Writing the request by hand over a socket connected to
 * the checked {@link InetAddress} closes that gap. What remains: no proxy is ever used (system proxy settings are
 * ignored); a public address that itself forwards to a private network cannot be seen from here.
 *
 * <p>Thread-safe: the robots.txt cache and the per-host politeness clock are concurrent maps.
 */
public final class SafeHttp {
  /** A host name lookup; tests replace it to map names without DNS. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final long MAX_ROBOTS_BYTES = 500 * 1024;
  private static final Duration MAX_CRAWL_DELAY = Duration.ofSeconds(10);

  private final HttpSettings settings;
  private final AddressGuard guard;
  private final Resolver resolver;
  private final SSLSocketFactory tls;
  private final Map<String, RobotsEntry> robots = new ConcurrentHashMap<>();
  private final Map<String, Long> lastRequest = new ConcurrentHashMap<>();

  private record RobotsEntry(Robots rules, String note) {}

  private record Raw(int status, String reason, Map<String, String> headers, byte[] body) {}

  public SafeHttp(HttpSettings settings, AddressGuard guard) {
    this(settings, guard, InetAddress::getAllByName, null);
  }

  /**
   * @param resolver host name lookup
   * @param tls the TLS context, or null for the JVM's default (system trust store)
   */
  public SafeHttp(HttpSettings settings, AddressGuard guard, Resolver resolver, SSLContext tls) {
    this.settings = settings;
    this.guard = guard;
    this.resolver = resolver;
    this.tls = tls == null ? (SSLSocketFactory) SSLSocketFactory.getDefault() : tls.getSocketFactory();
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

  private static final java.util.regex.Pattern AUTHORITY =
      java.util.regex.Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*)(.*)$", java.util.regex.Pattern.DOTALL);

  /** The URL with an internationalised host name in its ASCII (punycode) form: {@code http://пример.укр/}. */
  static String asciiHost(String url) {
    java.util.regex.Matcher m = AUTHORITY.matcher(url);
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
        String location = r.headers().get("location");
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
      String[] type = mediaType(r.headers().get("content-type"));
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

  /** One request and response, with checks of scheme, address and robots.txt before anything is sent. */
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
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new FetchException(u, where + ": unknown host '" + host + "'");
    }
    if (addresses.length == 0) {
      throw new FetchException(u, where + ": unknown host '" + host + "'");
    }
    for (InetAddress a : addresses) {
      String why = guard.refusal(a, port);
      if (why != null) {
        throw new FetchException(u, where + ": refused: " + host + " resolves to " + a.getHostAddress() + ", " + why
            + "; private, loopback and link-local addresses are only fetched with --allow-private");
      }
    }
    String pathAndQuery = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    String origin = scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    if (checkRobots) {
      RobotsEntry rules = robots.get(origin);
      if (rules == null) {
        rules = fetchRobots(u, scheme);
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
    return request(u, where, scheme, host, port, addresses, pathAndQuery, accept,
        checkRobots ? settings.maxBytes() : MAX_ROBOTS_BYTES);
  }

  private RobotsEntry fetchRobots(URI page, String scheme) {
    URI robotsUri = URI.create(scheme + "://" + page.getRawAuthority() + "/robots.txt");
    URI current = robotsUri;
    Set<URI> visited = new LinkedHashSet<>();
    try {
      for (int hop = 0; hop <= HttpSettings.MAX_REDIRECTS; hop++) {
        visited.add(current);
        Raw r = exchange(current, robotsUri.toString(), Set.of(), false);
        if (isRedirect(r.status()) && r.headers().get("location") != null) {
          URI next = withoutFragment(base(current).resolve(parseUrl(r.headers().get("location"))));
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
    } catch (FetchException e) {
      // Unreachable robots.txt means complete disallow (RFC 9309 2.3.1.4); an oversized one is ignored.
      if (e.getMessage().contains("over the limit")) {
        return new RobotsEntry(Robots.ALLOW_ALL, null);
      }
      return new RobotsEntry(Robots.DISALLOW_ALL, "robots.txt could not be fetched (" + e.getMessage()
          + "), so the whole site counts as disallowed (RFC 9309)");
    } catch (URISyntaxException | IllegalArgumentException e) {
      return new RobotsEntry(Robots.ALLOW_ALL, null);
    }
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

  private Raw request(URI u, String where, String scheme, String host, int port, InetAddress[] addresses,
      String pathAndQuery, Set<String> accept, long limit) throws FetchException {
    long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
    Socket socket = null;
    IOException lastConnectError = null;
    for (InetAddress a : addresses) {
      if (socket == null && lastConnectError != null && System.nanoTime() > deadline) {
        break; // every address got its chance within the total time
      }
      // Proxy.NO_PROXY: a SOCKS proxy from system properties would resolve and connect on our behalf
      Socket s = new Socket(java.net.Proxy.NO_PROXY);
      try {
        s.connect(new InetSocketAddress(a, port), (int) Math.max(1, settings.connectTimeout().toMillis()));
        socket = s;
        break;
      } catch (IOException e) {
        lastConnectError = e;
        closeQuietly(s);
      }
    }
    if (socket == null) {
      throw new FetchException(u, where + ": " + connectFailure(lastConnectError, host, port));
    }
    DeadlineInputStream[] timing = new DeadlineInputStream[1];
    try (Socket plain = socket) {
      Socket io = plain;
      plain.setSoTimeout(readTimeoutMillis(deadline));
      if (scheme.equals("https")) {
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(host)) {
          params.setServerNames(List.of(new SNIHostName(IDN.toASCII(host))));
        }
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        io = ssl;
      }
      OutputStream out = io.getOutputStream();
      String hostHeader = (host.contains(":") ? "[" + host + "]" : IDN.toASCII(host))
          + (u.getPort() >= 0 ? ":" + u.getPort() : "");
      String acceptHeader = accept.isEmpty() ? "*/*" : String.join(", ", new java.util.TreeSet<>(accept)) + ", */*;q=0.1";
      String req = "GET " + pathAndQuery + " HTTP/1.1\r\n"
          + "Host: " + hostHeader + "\r\n"
          + "User-Agent: " + settings.userAgent() + "\r\n"
          + "Accept: " + acceptHeader + "\r\n"
          + "Accept-Encoding: identity\r\n"
          + "Connection: close\r\n\r\n";
      out.write(req.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      timing[0] = new DeadlineInputStream(io.getInputStream(), plain, deadline, settings.readTimeout());
      InputStream in = new BufferedInputStream(timing[0]);
      String statusLine = readLine(in, u, where);
      String[] sp = statusLine.split(" ", 3);
      if (sp.length < 2 || !sp[0].startsWith("HTTP/")) {
        throw new FetchException(u, where + ": not an HTTP response (status line '" + abbreviate(statusLine) + "')");
      }
      int status;
      try {
        status = Integer.parseInt(sp[1]);
      } catch (NumberFormatException e) {
        throw new FetchException(u, where + ": invalid HTTP status '" + abbreviate(sp[1]) + "'");
      }
      String reason = sp.length > 2 ? sp[2].strip() : "";
      Map<String, String> headers = new TreeMap<>();
      int headerBytes = statusLine.length();
      while (true) {
        String line = readLine(in, u, where);
        headerBytes += line.length() + 2;
        if (headerBytes > MAX_HEADER_BYTES) {
          throw new FetchException(u, where + ": response headers over " + MAX_HEADER_BYTES / 1024 + " KB");
        }
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
              (a, b) -> a + ", " + b);
        }
      }
      if (isRedirect(status) || status < 200 || status > 299) {
        return new Raw(status, reason, headers, new byte[0]);
      }
      String[] type = mediaType(headers.get("content-type"));
      if (!accept.isEmpty() && type[0] != null && !accept.contains(type[0])) {
        throw new FetchException(u, where + ": unsupported content type '" + type[0] + "' (expected one of "
            + String.join(", ", new java.util.TreeSet<>(accept)) + ")");
      }
      String length = headers.get("content-length");
      String te = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
      InputStream body;
      long declared = -1;
      if (te.contains("chunked")) {
        body = new ChunkedInputStream(in, u, where);
      } else if (length != null) {
        long n;
        try {
          n = Long.parseLong(length.split(",")[0].strip());
        } catch (NumberFormatException e) {
          throw new FetchException(u, where + ": invalid Content-Length '" + abbreviate(length) + "'");
        }
        if (n > limit) {
          throw new FetchException(u, where + ": the body is " + DocumentReader.mb(n) + ", over the limit of " + DocumentReader.mb(limit)
              + "; raise it with --max-bytes");
        }
        body = new BoundedInputStream(in, n);
        declared = n;
      } else {
        body = in;
      }
      if (headers.getOrDefault("content-encoding", "").toLowerCase(Locale.ROOT).contains("gzip")) {
        body = new GZIPInputStream(body);
      }
      byte[] bytes = readCapped(body, limit, u, where);
      if (declared >= 0 && bytes.length < declared && !headers.containsKey("content-encoding")) {
        throw new FetchException(u, where + ": the body ended after " + bytes.length + " of the " + declared
            + " bytes announced");
      }
      return new Raw(status, reason, headers, bytes);
    } catch (FetchException e) {
      throw e;
    } catch (SocketTimeoutException e) {
      boolean total = timing[0] != null && timing[0].cutByDeadline
          || System.nanoTime() > deadline - 5_000_000L;
      throw new FetchException(u, where + ": " + (total
          ? "timed out: the response took longer than " + millis(settings.totalTimeout()) + " in all"
          : "timed out: no data for " + millis(settings.readTimeout())), e);
    } catch (SSLException e) {
      throw new FetchException(u, where + ": TLS failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new FetchException(u, where + ": connection failed while reading: " + e, e);
    }
  }

  private int readTimeoutMillis(long deadline) {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    return (int) Math.max(1, Math.min(settings.readTimeout().toMillis(), left));
  }

  private String connectFailure(IOException e, String host, int port) {
    if (e instanceof SocketTimeoutException) {
      return "timed out connecting to " + host + ":" + port + " after " + millis(settings.connectTimeout());
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return "cannot connect to " + host + ":" + port + " (" + e.getMessage() + ")";
    }
    return "cannot connect to " + host + ":" + port + ": " + e;
  }

  private static byte[] readCapped(InputStream in, long limit, URI u, String where) throws IOException, FetchException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > limit) {
        throw new FetchException(u, where + ": the body is over the limit of " + DocumentReader.mb(limit)
            + " (aborted while reading); raise it with --max-bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static String readLine(InputStream in, URI u, String where) throws IOException, FetchException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int len = b.length();
        if (len > 0 && b.charAt(len - 1) == '\r') {
          b.setLength(len - 1);
        }
        return b.toString();
      }
      b.append((char) c);
      if (b.length() > MAX_HEADER_BYTES) {
        throw new FetchException(u, where + ": a response header line is over " + MAX_HEADER_BYTES / 1024 + " KB");
      }
    }
    if (b.isEmpty()) {
      throw new FetchException(u, where + ": the server closed the connection without a complete response");
    }
    return b.toString();
  }

  private static boolean isAddressLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do: the socket was never usable
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  static String millis(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  /** Enforces the total deadline on every read by shrinking the socket timeout. */
  private static final class DeadlineInputStream extends InputStream {
    private final InputStream in;
    private final Socket socket;
    private final long deadline;
    private final Duration readTimeout;

    DeadlineInputStream(InputStream in, Socket socket, long deadline, Duration readTimeout) {
      this.in = in;
      this.socket = socket;
      this.deadline = deadline;
      this.readTimeout = readTimeout;
    }

    /** Whether the last wait was shortened by the total deadline (so a timeout means "too long in all"). */
    boolean cutByDeadline;

    private void arm() throws IOException {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        cutByDeadline = true;
        throw new SocketTimeoutException("total deadline passed");
      }
      cutByDeadline = left < readTimeout.toMillis();
      socket.setSoTimeout((int) Math.max(1, Math.min(readTimeout.toMillis(), left)));
    }

    @Override
    public int read() throws IOException {
      arm();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      return in.read(b, off, len);
    }
  }

  /** At most {@code remaining} bytes of the underlying stream. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long remaining) {
      this.in = in;
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int c = in.read();
      if (c >= 0) {
        remaining--;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }

  /** Decodes {@code Transfer-Encoding: chunked}. */
  private static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private final URI u;
    private final String where;
    private long left;
    private boolean done;

    ChunkedInputStream(InputStream in, URI u, String where) {
      this.in = in;
      this.u = u;
      this.where = where;
    }

    private boolean next() throws IOException {
      if (done) {
        return false;
      }
      if (left == 0) {
        String line;
        try {
          line = readLine(in, u, where);
          if (line.isEmpty()) {
            line = readLine(in, u, where);
          }
        } catch (FetchException e) {
          throw new IOException(e.getMessage(), e);
        }
        int semi = line.indexOf(';');
        try {
          left = Long.parseLong((semi >= 0 ? line.substring(0, semi) : line).strip(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("invalid chunk size '" + abbreviate(line) + "'");
        }
        if (left == 0) {
          done = true;
          return false;
        }
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      if (!next()) {
        return -1;
      }
      int c = in.read();
      if (c < 0) {
        throw new IOException("the chunked body ended early");
      }
      left--;
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (!next()) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("the chunked body ended early");
      }
      left -= n;
      return n;
    }
  }
}
