package org.stancemap.sources.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Decides whether an address may be connected to when fetching a user-supplied URL, so that a shared server cannot
 * be turned against its own network (server-side request forgery).
 *
 * <p>Refused: loopback (127/8, ::1), "this network" 0/8 and the unspecified address (0.0.0.0, ::), private ranges
 * (10/8, 172.16/12, 192.168/16, fc00::/7 and the deprecated site-local fec0::/10), link-local (169.254/16, fe80::/10,
 * which holds cloud metadata services), carrier-grade NAT 100.64/10, IETF protocol assignments 192.0.0/24,
 * benchmarking 198.18/15, the documentation ranges, reserved 240/4 and broadcast, and all multicast. IPv6 forms that
 * embed an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::/96} and 6to4 {@code 2002::/16}) are judged by the IPv4 address inside.
 *
 * <p>Immutable and thread-safe.
 */
public final class AddressGuard {
  private final boolean allowPrivate;
  private final Set<InetSocketAddress> exempt;

  private AddressGuard(boolean allowPrivate, Set<InetSocketAddress> exempt) {
    this.allowPrivate = allowPrivate;
    this.exempt = Set.copyOf(exempt);
  }

  /** The guard for imports: refuses special addresses unless {@code allowPrivate}. */
  public static AddressGuard of(boolean allowPrivate) {
    return new AddressGuard(allowPrivate, Set.of());
  }

  /**
   * A strict guard that lets exactly the given socket addresses through (address and port). Tests use it to stand
   * a loopback server in for a public one while every other private address, including other ports on the same
   * loopback address, stays refused.
   */
  public static AddressGuard strictExcept(Set<InetSocketAddress> exempt) {
    return new AddressGuard(false, exempt);
  }

  /** Why connecting to {@code address:port} is refused, or null when it is allowed. */
  public String refusal(InetAddress address, int port) {
    if (allowPrivate || exempt.contains(new InetSocketAddress(address, port))) {
      return null;
    }
    return classify(address);
  }

  /** The kind of special-purpose address this is, or null for an ordinary public unicast address. */
  public static String classify(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return classify4(v4.getAddress());
    }
    byte[] b = address.getAddress();
    Inet6Address v6 = (Inet6Address) address;
    byte[] embedded = embeddedIpv4(b);
    if (embedded != null) {
      String inner = classify4(embedded);
      return inner == null ? null : inner + " (embedded in the IPv6 address)";
    }
    if (v6.isAnyLocalAddress()) {
      return "the unspecified address";
    }
    if (v6.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (v6.isLinkLocalAddress()) {
      return "a link-local address (fe80::/10)";
    }
    if (v6.isSiteLocalAddress()) {
      return "a site-local address (fec0::/10)";
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return "a private (unique local) address (fc00::/7)";
    }
    if (v6.isMulticastAddress()) {
      return "a multicast address";
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return "a documentation address (2001:db8::/32)";
    }
    if ((b[0] & 0xff) == 0x01 && allZero(b, 1, 8)) {
      return "a discard-only address (100::/64)";
    }
    return null;
  }

  /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address, or null. */
  static byte[] embeddedIpv4(byte[] b) {
    if (b.length != 16) {
      return null;
    }
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated); :: and ::1 themselves are not IPv4.
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return slice(b, 12);
    }
    if (allZero(b, 0, 12) && !(allZero(b, 12, 15) && (b[15] & 0xff) <= 1)) {
      return slice(b, 12);
    }
    // 64:ff9b::/96 (NAT64 well-known prefix)
    if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
        && allZero(b, 4, 12)) {
      return slice(b, 12);
    }
    // 2002:AABB:CCDD::/48 (6to4)
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return new byte[] {b[2], b[3], b[4], b[5]};
    }
    return null;
  }

  private static String classify4(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    int b2 = a[2] & 0xff;
    if (b0 == 0) {
      return allZero(a, 0, 4) ? "the unspecified address (0.0.0.0)" : "a 'this network' address (0.0.0.0/8)";
    }
    if (b0 == 127) {
      return "a loopback address (127.0.0.0/8)";
    }
    if (b0 == 10 || b0 == 172 && (b1 & 0xf0) == 16 || b0 == 192 && b1 == 168) {
      return "a private address (RFC 1918)";
    }
    if (b0 == 169 && b1 == 254) {
      return "a link-local address (169.254.0.0/16)";
    }
    if (b0 == 100 && (b1 & 0xc0) == 64) {
      return "a carrier-grade NAT address (100.64.0.0/10)";
    }
    if (b0 == 192 && b1 == 0 && b2 == 0) {
      return "an IETF protocol assignment (192.0.0.0/24)";
    }
    if (b0 == 198 && (b1 & 0xfe) == 18) {
      return "a benchmarking address (198.18.0.0/15)";
    }
    if (b0 == 192 && b1 == 0 && b2 == 2 || b0 == 198 && b1 == 51 && b2 == 100 || b0 == 203 && b1 == 0 && b2 == 113) {
      return "a documentation address";
    }
    if (b0 >= 224 && b0 <= 239) {
      return "a multicast address (224.0.0.0/4)";
    }
    if (b0 >= 240) {
      return b0 == 255 && (a[1] & a[2] & a[3] & 0xff) == 0xff ? "the broadcast address" : "a reserved address (240.0.0.0/4)";
    }
    return null;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }

  /** Parses an address literal without any DNS lookup (tests and messages). */
  static InetAddress literal(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal: " + text, e);
    }
  }
}
