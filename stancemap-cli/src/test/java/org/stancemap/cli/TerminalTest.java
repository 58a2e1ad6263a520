package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Names and messages from inputs are printed without control characters (issue #20, point 7). */
class TerminalTest {
  @Test
  void controlCharactersAreEscaped() {
    assertEquals("a\\nb\\tc", Terminal.printable("a\nb\tc"));
    assertEquals("\\u001b[31mred", Terminal.printable("\u001b[31mred"));
    assertEquals("evil\\u202etxt.exe", Terminal.printable("evil\u202etxt.exe"));
    assertEquals("plain name.txt", Terminal.printable("plain name.txt"));
    assertEquals("Київ — ok", Terminal.printable("Київ — ok"));
    assertEquals("one\ntwo \\u001b", Terminal.printableLines("one\ntwo \u001b"));
  }

  @Test
  void nothingPrintableLeavesAControlCharacter() {
    Random r = new Random(7);
    for (int round = 0; round < 2000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 30; i++) {
        sb.append((char) r.nextInt(0x2100));
      }
      String p = Terminal.printable(sb.toString());
      assertFalse(p.chars().anyMatch(c -> c < 0x20 || c >= 0x7f && c < 0xa0 || c >= 0x202a && c <= 0x202e
          || c >= 0x2066 && c <= 0x2069), p);
    }
  }
}
