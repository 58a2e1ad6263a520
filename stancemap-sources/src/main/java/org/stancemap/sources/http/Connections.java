package org.stancemap.sources.http;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The connection manager behind {@link SafeHttp}: Apache HttpClient 5's pool with our own DNS and sockets, so that a
 * connection can only ever reach an address the {@link AddressGuard} accepted.
 *
 * <ul>
 *   <li>{@link CheckedDns} is the only name lookup HttpClient gets. It resolves a host once per connection and
 *       refuses the whole answer when any address in it is refused; HttpClient then dials the addresses of that
 *       answer and no others. There is no second lookup that a rebinding DNS server could answer differently.
 *   <li>{@link GuardedSocket} is the only socket HttpClient gets: created with {@link Proxy#NO_PROXY} (a SOCKS
 *       proxy from system properties would resolve and connect on our behalf), and it checks the address it is asked
 *       to connect to once more, so a code path that skipped the lookup still cannot reach a refused address.
 *   <li>TLS is layered on that socket; the certificate is verified against the host name, with SNI.
 *   <li>Response heads are parsed strictly (a non-HTTP answer fails instead of being skipped) with at most
 *       {@link #MAX_HEADER_LINE} bytes a line and {@link #MAX_HEADERS} header lines.
 * </ul>
 *
 * <p>Design decision: connections are never reused ({@link SafeHttp} sends {@code Connection: close} and its client
 * has a reuse strategy that always says no), so every request makes a fresh lookup and a fresh check, exactly like
 * the hand-written client this replaced (issue #19).
 */
final class Connections {
  /** The longest response header line (and status line) accepted. */
  static final int MAX_HEADER_LINE = 64 * 1024;

  /** The most response header lines accepted. */
  static final int MAX_HEADERS = 100;

  private Connections() {}

  /** A pool for one {@link SafeHttp}: the timeouts of {@code settings}, {@code tls} or the JVM's default context. */
  static PoolingHttpClientConnectionManager manager(HttpSettings settings, AddressGuard guard,
      SafeHttp.Resolver resolver, SSLContext tls) {
    TlsSocketStrategy tlsStrategy = ClientTlsStrategyBuilder.create()
        .setSslContext(tls == null ? defaultTls() : tls)
        .buildClassic();
    Http1Config http1 = Http1Config.custom().setMaxLineLength(MAX_HEADER_LINE).setMaxHeaderCount(MAX_HEADERS)
        .build();
    ManagedHttpClientConnectionFactory connections = ManagedHttpClientConnectionFactory.builder()
        .http1Config(http1)
        .responseParserFactory(new DefaultHttpResponseParserFactory(http1))
        .build();
    DefaultHttpClientConnectionOperator operator = new DefaultHttpClientConnectionOperator(
        new GuardedSockets(guard), DefaultSchemePortResolver.INSTANCE, new CheckedDns(resolver, guard),
        RegistryBuilder.<TlsSocketStrategy>create().register("https", tlsStrategy).build());
    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(operator,
        PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.NEG_ONE_MILLISECOND, connections);
    Timeout connect = timeout(settings.connectTimeout());
    Timeout read = timeout(settings.readTimeout());
    pool.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).build());
    pool.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read)
        .build());
    pool.setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(connect).build());
    // Connections are not reused, so the pool only bounds how many requests run at once.
    pool.setMaxTotal(64);
    pool.setDefaultMaxPerRoute(64);
    return pool;
  }

  static Timeout timeout(Duration d) {
    return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no default TLS context", e);
    }
  }

  /** A host name whose lookup gave at least one refused address; nothing was sent to any of them. */
  static final class RefusedAddressException extends UnknownHostException {
    RefusedAddressException(String host, InetAddress address, String why) {
      super(host + " resolves to " + address.getHostAddress() + ", " + why);
    }

    RefusedAddressException(InetSocketAddress endpoint, String why) {
      super(endpoint.getAddress().getHostAddress() + " is " + why);
    }
  }

  /**
   * HttpClient's only name lookup: one call to the {@link SafeHttp.Resolver} per connection, and every address of
   * the answer must pass the guard (with the port, for {@link AddressGuard#strictExcept}) or none is used.
   */
  static final class CheckedDns implements DnsResolver {
    private final SafeHttp.Resolver resolver;
    private final AddressGuard guard;

    CheckedDns(SafeHttp.Resolver resolver, AddressGuard guard) {
      this.resolver = resolver;
      this.guard = guard;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
      String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      // HttpCore keeps internationalised names in Unicode; DNS (and SafeHttp.parseUrl) speak punycode.
      String name;
      try {
        name = IDN.toASCII(bare, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        throw new UnknownHostException(bare);
      }
      InetAddress[] answer = resolver.resolve(name);
      if (answer == null || answer.length == 0) {
        throw new UnknownHostException(name);
      }
      List<InetSocketAddress> checked = new ArrayList<>(answer.length);
      for (InetAddress a : answer) {
        String why = guard.refusal(a, port);
        if (why != null) {
          throw new RefusedAddressException(name, a, why);
        }
        checked.add(new InetSocketAddress(a, port));
      }
      return List.copyOf(checked);
    }

    /** Not used by HttpClient's connection operator; answers like {@link #resolve(String, int)} with port 0. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      return resolve(host, 0).stream().map(InetSocketAddress::getAddress).toArray(InetAddress[]::new);
    }

    /** No reverse lookups: the name stays what the URL says. */
    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  }

  /** Creates {@link GuardedSocket}s; a SOCKS proxy is never used, even when HttpClient offers one. */
  static final class GuardedSockets implements DetachedSocketFactory {
    private final AddressGuard guard;

    GuardedSockets(AddressGuard guard) {
      this.guard = guard;
    }

    @Override
    public Socket create(Proxy socksProxy) throws IOException {
      if (socksProxy != null && socksProxy.type() != Proxy.Type.DIRECT) {
        throw new IOException("no proxy is used for fetching untrusted URLs, got " + socksProxy);
      }
      return new GuardedSocket(guard);
    }
  }

  /**
   * A socket without proxy that connects only to a resolved address the guard accepts: the last check before a
   * byte leaves the machine.
   */
  static final class GuardedSocket extends Socket {
    private final AddressGuard guard;

    GuardedSocket(AddressGuard guard) {
      super(Proxy.NO_PROXY);
      this.guard = guard;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress a) || a.isUnresolved()) {
        throw new UnknownHostException("only resolved and checked addresses are connected to, not " + endpoint);
      }
      String why = guard.refusal(a.getAddress(), a.getPort());
      if (why != null) {
        throw new RefusedAddressException(a, why);
      }
      super.connect(endpoint, timeout);
    }
  }
}
