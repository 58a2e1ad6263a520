package org.stancemap.sources.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parts HttpClient gets from us: the checked lookup and the guarded socket. */
@Timeout(30)
class ConnectionsTest {
  @Test
  void theLookupAsksOnceAndRefusesTheWholeAnswerForOneBadAddress() {
    AtomicInteger calls = new AtomicInteger();
    SafeHttp.Resolver dns = host -> {
      calls.incrementAndGet();
      return switch (host) {
        case "public.example" -> new InetAddress[] {AddressGuard.literal("93.184.216.34"),
            AddressGuard.literal("2606:2800:220:1:248:1893:25c8:1946")};
        case "mixed.example" -> new InetAddress[] {AddressGuard.literal("93.184.216.34"),
            AddressGuard.literal("169.254.169.254")};
        default -> new InetAddress[0];
      };
    };
    Connections.CheckedDns checked = new Connections.CheckedDns(dns, AddressGuard.of(false));
    List<InetSocketAddress> ok = assertDoesNotThrow(() -> checked.resolve("public.example", 8080));
    assertEquals(List.of(new InetSocketAddress(AddressGuard.literal("93.184.216.34"), 8080),
        new InetSocketAddress(AddressGuard.literal("2606:2800:220:1:248:1893:25c8:1946"), 8080)), ok);
    assertEquals(1, calls.get());
    UnknownHostException refused = assertThrows(UnknownHostException.class,
        () -> checked.resolve("mixed.example", 80));
    assertInstanceOf(Connections.RefusedAddressException.class, refused);
    assertTrue(refused.getMessage().contains("mixed.example resolves to 169.254.169.254, a link-local address"),
        refused.getMessage());
    UnknownHostException none = assertThrows(UnknownHostException.class, () -> checked.resolve("empty.example", 80));
    assertEquals("empty.example", none.getMessage());
    assertEquals("public.example", checked.resolveCanonicalHostname("public.example"), "no reverse lookups");
  }

  @Test
  void theSocketRefusesAnAddressTheGuardRefusesBeforeConnecting() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
      try (Socket s = new Connections.GuardedSocket(AddressGuard.of(false))) {
        IOException e = assertThrows(IOException.class, () -> s.connect(target, 1000));
        assertTrue(e.getMessage().contains("a loopback address"), e.getMessage());
        assertFalse(s.isConnected(), "the refused socket never connected");
      }
      try (Socket s = new Connections.GuardedSocket(AddressGuard.of(false))) {
        assertThrows(UnknownHostException.class,
            () -> s.connect(InetSocketAddress.createUnresolved("example.org", 80), 1000),
            "a name left for the socket to resolve is never connected to");
      }
      listener.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, listener::accept, "no connection may have been made");
      try (Socket s = new Connections.GuardedSocket(AddressGuard.strictExcept(Set.of(target)))) {
        s.connect(target, 1000);
        assertTrue(s.isConnected(), "an accepted address is connected to");
      }
    }
  }

  @Test
  void theSocketFactoryNeverUsesAProxy() throws Exception {
    Connections.GuardedSockets sockets = new Connections.GuardedSockets(AddressGuard.of(true));
    Proxy socks = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(InetAddress.getLoopbackAddress(), 1080));
    IOException e = assertThrows(IOException.class, () -> sockets.create(socks));
    assertTrue(e.getMessage().contains("no proxy"), e.getMessage());
    try (Socket s = sockets.create(null)) {
      assertInstanceOf(Connections.GuardedSocket.class, s);
    }
  }
}
