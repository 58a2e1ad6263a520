package org.stancemap.sources.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
  private final AddressGuard strict = AddressGuard.of(false);

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.255.0.7", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
      "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1",
      "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.0.8", "198.18.0.1", "192.0.2.1", "::1", "::",
      "fe80::1", "febf::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
      "::ffff:169.254.169.254", "::ffff:192.168.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",
      "2002:7f00:1::1", "2002:c0a8:101::1", "2001:db8::1"})
  void refusesSpecialPurposeAddresses(String literal) {
    String why = strict.refusal(AddressGuard.literal(literal), 80);
    assertNotNull(why, literal + " must be refused");
    assertTrue(AddressGuard.of(true).refusal(AddressGuard.literal(literal), 80) == null,
        "--allow-private lets " + literal + " through");
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255",
      "169.253.1.1", "11.0.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8",
      "64:ff9b::808:808", "2002:808:808::1"})
  void allowsPublicAddresses(String literal) {
    assertNull(strict.refusal(AddressGuard.literal(literal), 443), literal + " is public");
  }

  @Test
  void reasonsNameTheKindOfAddress() {
    assertEquals("a loopback address (127.0.0.0/8)", AddressGuard.classify(AddressGuard.literal("127.0.0.1")));
    assertEquals("a link-local address (169.254.0.0/16)",
        AddressGuard.classify(AddressGuard.literal("169.254.169.254")));
    assertEquals("a carrier-grade NAT address (100.64.0.0/10)",
        AddressGuard.classify(AddressGuard.literal("100.100.1.1")));
    assertTrue(AddressGuard.classify(AddressGuard.literal("fd00::5")).contains("fc00::/7"));
    assertTrue(AddressGuard.classify(AddressGuard.literal("::127.0.0.1")).contains("embedded"));
  }

  @Test
  void exemptionIsForOneAddressAndPortOnly() {
    AddressGuard g = AddressGuard.strictExcept(Set.of(new InetSocketAddress(AddressGuard.literal("127.0.0.1"), 8080)));
    assertNull(g.refusal(AddressGuard.literal("127.0.0.1"), 8080));
    assertNotNull(g.refusal(AddressGuard.literal("127.0.0.1"), 8081));
    assertNotNull(g.refusal(AddressGuard.literal("127.0.0.2"), 8080));
    assertNotNull(g.refusal(AddressGuard.literal("10.0.0.1"), 8080));
  }
}
