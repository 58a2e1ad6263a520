package org.stancemap.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Plain text whose paragraphs are single lines (no blank line between them) is split into one unit per paragraph,
 * while hard-wrapped prose keeps its paragraphs whole; checked on seeded random layouts of random paragraphs.
 */
class LineParagraphsTest {
  private static final String[] WORDS = ("the war left workers unions Kyiv Moscow Washington solidarity arms peace "
      + "front city refugees winter power grid strike sanctions oil gas party congress statement answer question "
      + "people army border talks election village school hospital factory rail bridge").split(" ");
  private final Segmenter segmenter = new Segmenter();

  private static String sentence(Random r) {
    int n = 6 + r.nextInt(18);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String w = WORDS[r.nextInt(WORDS.length)];
      sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w).append(i + 1 < n ? " " : "");
    }
    return sb.append(".!?".charAt(r.nextInt(3))).toString();
  }

  private static List<String> paragraphs(Random r) {
    List<String> out = new ArrayList<>();
    int n = 2 + r.nextInt(7);
    for (int i = 0; i < n; i++) {
      int s = 2 + r.nextInt(4);
      StringBuilder p = new StringBuilder();
      for (int k = 0; k < s; k++) {
        p.append(k > 0 ? " " : "").append(sentence(r));
      }
      out.add(p.toString());
    }
    return out;
  }

  private static String wrap(String p, int width) {
    StringBuilder out = new StringBuilder();
    int col = 0;
    for (String w : p.split(" ")) {
      if (col > 0 && col + 1 + w.length() > width) {
        out.append('\n');
        col = 0;
      } else if (col > 0) {
        out.append(' ');
        col++;
      }
      out.append(w);
      col += w.length();
    }
    return out.toString();
  }

  @Test
  void oneLinePerParagraphGivesOneUnitPerParagraph() {
    Random r = new Random(20261207);
    for (int round = 0; round < 300; round++) {
      List<String> ps = paragraphs(r);
      String sep = r.nextBoolean() ? "\n" : "\r\n".substring(1);
      String text = String.join(sep, ps) + (r.nextBoolean() ? "\n" : "");
      List<Unit> units = segmenter.segment(text);
      assertEquals(ps.size(), units.size(), text);
      for (int i = 0; i < ps.size(); i++) {
        assertEquals(ps.get(i), units.get(i).span().of(text));
      }
    }
  }

  @Test
  void aShortTitleLineBeforeOneLineParagraphsIsItsOwnUnit() {
    Random r = new Random(7);
    for (int round = 0; round < 100; round++) {
      List<String> ps = paragraphs(r);
      String text = "When should we stop excusing the invasion\n" + String.join("\n", ps);
      List<Unit> units = segmenter.segment(text);
      assertEquals(ps.size() + 1, units.size(), text);
    }
  }

  @Test
  void hardWrappedProseKeepsItsParagraphsWhole() {
    Random r = new Random(99);
    for (int round = 0; round < 300; round++) {
      List<String> ps = paragraphs(r);
      int width = 60 + r.nextInt(21);
      List<String> wrapped = ps.stream().map(p -> wrap(p, width)).toList();
      String text = String.join("\n\n", wrapped);
      List<Unit> units = segmenter.segment(text);
      assertEquals(ps.size(), units.size(), text);
    }
  }
}
