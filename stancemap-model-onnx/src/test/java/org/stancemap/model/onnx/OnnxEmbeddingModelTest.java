package org.stancemap.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancemap.text.Span;

/** The shipped MiniLM model, run for real. */
class OnnxEmbeddingModelTest {
  static OnnxEmbeddingModel model;

  @BeforeAll
  static void open() {
    model = OnnxEmbeddingModel.open(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q, 2, 32);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static final List<String> TEXTS = List.of(
      "Why the Western left keeps silent on Ukraine",
      "Putin has repeatedly claimed that the expansion of the alliance left Moscow with no choice but to act.",
      "Ukrainian workers",
      "Independent unions are organising aid convoys for miners and nurses near the front line, and the audience "
          + "applauded at length.",
      "Ukrainian workers",
      "Talks must begin at once.");

  @Test
  void sameListGivesTheSameVectorsAndRepeatsAreEqualCopies() {
    float[][] a = model.embed(TEXTS);
    float[][] b = model.embed(TEXTS);
    assertEquals(TEXTS.size(), a.length);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(a[i], b[i], "text " + i);
      assertEquals(384, a[i].length);
      double norm = 0;
      for (float f : a[i]) {
        norm += f * f;
      }
      assertEquals(1.0, norm, 1e-4, "unit length");
    }
    assertArrayEquals(a[2], a[4], "a repeated text gets the same vector");
    assertNotSame(a[2], a[4], "but its own array");
  }

  @Test
  void aTextGetsTheSameVectorAloneOrAmongOthersBitForBit() {
    // Static activation quantisation: a vector depends on its own text only, not on its batch-mates, on how much
    // it is padded or on its place in the list (with dynamic quantisation all three changed the last digits).
    float[][] together = model.embed(TEXTS);
    List<String> reversed = new ArrayList<>(TEXTS);
    Collections.reverse(reversed);
    float[][] r = model.embed(reversed);
    List<String> crowd = new ArrayList<>(TEXTS);
    for (int i = 0; i < 40; i++) {
      crowd.add("Filler sentence number " + i + " about sanctions, " + "winter ".repeat(i % 9) + "and aid.");
    }
    Collections.shuffle(crowd, new Random(11));
    float[][] c = model.embed(crowd);
    for (int i = 0; i < TEXTS.size(); i++) {
      float[] alone = model.embed(List.of(TEXTS.get(i)))[0];
      assertArrayEquals(alone, together[i], "text " + i + " in its list");
      assertArrayEquals(alone, r[TEXTS.size() - 1 - i], "text " + i + " in the reversed list");
      assertArrayEquals(alone, c[crowd.indexOf(TEXTS.get(i))], "text " + i + " among 40 others");
    }
  }

  @Test
  void relatedSentencesAreCloserThanUnrelatedOnes() {
    float[][] v = model.embed(List.of("Russia invaded Ukraine in February 2022.",
        "The Russian army attacked Ukraine in 2022.", "My grandmother bakes excellent apple pie."));
    assertTrue(dot(v[0], v[1]) > dot(v[0], v[2]) + 0.2, "paraphrase closer than an unrelated sentence");
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void recordedHashesAreTheRealSha256OfTheShippedWeights() throws IOException {
    for (OnnxEmbeddingModel.Catalog c : OnnxEmbeddingModel.Catalog.values()) {
      byte[] w;
      try (InputStream in = OnnxEmbeddingModel.class.getResourceAsStream(c.model)) {
        w = in.readAllBytes();
      }
      assertEquals(org.stancemap.text.Hashing.sha256(w), c.known.sha256(), c.id + ": update Catalog.Known");
      assertEquals(w.length, c.known.length(), c.id);
      assertEquals(c.known.sha256(), OnnxEmbeddingModel.weightsSha256(w, c.known));
      // Other bytes (here: one byte changed) are hashed, not looked up.
      byte[] changed = w.clone();
      changed[1000] ^= 1;
      assertEquals(org.stancemap.text.Hashing.sha256(changed), OnnxEmbeddingModel.weightsSha256(changed, c.known));
    }
    // The model's identity is that of the graph it runs: the shipped weights with their quantisation table.
    OnnxEmbeddingModel.Catalog c = OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q;
    assertEquals(StaticQuantization.identity(c.known.sha256(), StaticQuantization.load(c.ranges)),
        model.info().weightsSha256());
  }

  private static org.stancemap.model.EmbeddingModel.SpanInput input(String text, String... parts) {
    List<Span> spans = new ArrayList<>();
    for (String p : parts) {
      int at = text.indexOf(p);
      assertTrue(at >= 0, p);
      spans.add(new Span(at, at + p.length()));
    }
    return new org.stancemap.model.EmbeddingModel.SpanInput(text, spans);
  }

  private static final String TWO_ACTORS = "The Western left stayed silent while Russian troops shelled Kharkiv's "
      + "civilians for the third night running.";

  @Test
  void spansDoNotChangeTheTextVectors() {
    List<org.stancemap.model.EmbeddingModel.SpanInput> in = new ArrayList<>();
    for (String t : TEXTS) {
      in.add(input(t, t.substring(0, t.indexOf(' '))));
    }
    List<org.stancemap.model.EmbeddingModel.Embedded> e = model.embedSpans(in);
    float[][] plain = model.embed(TEXTS);
    for (int i = 0; i < TEXTS.size(); i++) {
      assertArrayEquals(plain[i], e.get(i).text(), "text " + i);
      assertEquals(1, e.get(i).spans().size());
      float[] s = e.get(i).spans().get(0);
      assertEquals(384, s.length);
      assertEquals(1.0, dot(s, s), 1e-4, "span vectors are unit length");
      assertTrue(dot(s, plain[i]) < 0.9999, "a span's vector is not the text's: text " + i);
    }
  }

  @Test
  void aSpanIsPooledFromItsOwnTokens() {
    String left = "The Western left stayed silent";
    String shelled = "Russian troops shelled Kharkiv's civilians";
    var e = model.embedSpans(List.of(input(TWO_ACTORS, left, shelled))).get(0);
    float[][] alone = model.embed(List.of(left, shelled));
    // Each window's pooled vector is nearer to that window embedded alone than to the other window.
    assertTrue(dot(e.spans().get(0), alone[0]) > dot(e.spans().get(0), alone[1]) + 0.1);
    assertTrue(dot(e.spans().get(1), alone[1]) > dot(e.spans().get(1), alone[0]) + 0.1);
    assertTrue(dot(e.spans().get(0), e.spans().get(1)) < 0.95, "different spans, different vectors");
  }

  @Test
  void repeatedTextsShareOnePassAndEachGetsItsOwnSpans() {
    var e = model.embedSpans(List.of(input(TWO_ACTORS, "The Western left"), input("Talks must begin at once."),
        input(TWO_ACTORS, "Russian troops", "The Western left")));
    assertArrayEquals(e.get(0).text(), e.get(2).text());
    assertNotSame(e.get(0).text(), e.get(2).text(), "callers own their arrays");
    assertTrue(e.get(1).spans().isEmpty());
    assertEquals(2, e.get(2).spans().size());
    assertArrayEquals(e.get(0).spans().get(0), e.get(2).spans().get(1), "the same span of the same pass");
    assertTrue(dot(e.get(2).spans().get(0), e.get(2).spans().get(1)) < 0.95);
  }

  @Test
  void aSpanWithoutTokensGetsTheTextVector() {
    var e = model.embedSpans(List.of(new org.stancemap.model.EmbeddingModel.SpanInput(TWO_ACTORS,
        List.of(new Span(3, 3), new Span(3, 4))))).get(0);
    assertArrayEquals(e.text(), e.spans().get(0), "empty span");
    assertNotSame(e.text(), e.spans().get(0));
    assertEquals(1.0, dot(e.spans().get(1), e.spans().get(1)), 1e-4, "a span inside one word takes that word");
  }

  @Test
  void spansOutsideTheTextAreRefused() {
    IllegalArgumentException x = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new org.stancemap.model.EmbeddingModel.SpanInput("short", List.of(new Span(2, 9))));
    assertTrue(x.getMessage().contains("span=[2, 9)") && x.getMessage().contains("text length=5"), x.getMessage());
  }

  @Test
  void tokenOffsetsCountUtf16UnitsEvenAfterAnEmoji() {
    String text = "\uD83D\uDE42 Putin ordered \uD83D\uDE00 the shelling of Kharkiv";
    try (ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tok =
        OnnxEmbeddingModel.tokenizer(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q)) {
      ai.djl.huggingface.tokenizers.Encoding enc = tok.encode(text);
      int[] off = TokenOffsets.of(text, enc.getCharTokenSpans(), enc.getSpecialTokenMask());
      String[] tokens = enc.getTokens();
      assertEquals(-1, off[0], "[CLS] belongs to no span");
      assertEquals(-1, off[off.length - 1], "[SEP] belongs to no span");
      int words = 0;
      for (int t = 0; t < tokens.length; t++) {
        if (off[2 * t] >= 0 && tokens[t].matches("[a-z]+")) {
          assertEquals(tokens[t], text.substring(off[2 * t], off[2 * t + 1]).toLowerCase(Locale.ROOT),
              "token " + t);
          words++;
        }
      }
      assertEquals(6, words, String.join(" ", tokens));
      int[] putin = TokenOffsets.tokens(off, new Span(text.indexOf("Putin"), text.indexOf("Putin") + 5));
      assertEquals("putin", tokens[putin[0]]);
      assertEquals(putin[0] + 1, putin[1]);
    }
  }

  @Test
  void tokensOverlappingASpanFormOneRange() {
    // [CLS] "ab" "##cd" " ef" [SEP]: offsets in characters.
    int[] off = {-1, -1, 0, 2, 2, 4, 5, 7, -1, -1};
    assertArrayEquals(new int[] {1, 3}, TokenOffsets.tokens(off, new Span(0, 4)));
    assertArrayEquals(new int[] {2, 4}, TokenOffsets.tokens(off, new Span(3, 6)), "partial overlap counts");
    assertArrayEquals(new int[] {0, 0}, TokenOffsets.tokens(off, new Span(4, 5)), "only white space");
    assertArrayEquals(new int[] {1, 4}, TokenOffsets.tokens(off, new Span(0, 7)));
  }
}
