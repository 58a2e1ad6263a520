package org.stancemap.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancemap.InvalidInputException;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.model.Example;
import org.stancemap.model.LexicalFeatures;

class DocumentPositionTrainerTest {
  private static final Codebook CB = CodebookLoader.builtin(CodebookLoader.DEFAULT);

  /** Synthetic feature vectors: each position raises its own block of features, with noise. */
  private static List<Example> features(List<DocumentPositionTrainer.Labelled> docs, int dim, Random r) {
    List<String> pos = PositionFeatures.positions(CB);
    List<Example> out = new ArrayList<>();
    for (DocumentPositionTrainer.Labelled d : docs) {
      float[] f = new float[dim];
      for (int i = 0; i < dim; i++) {
        f[i] = (float) (r.nextDouble() * 0.3);
      }
      f[pos.indexOf(d.position())] += 0.6f;
      out.add(new Example(f, LexicalFeatures.Sparse.EMPTY, -1));
    }
    return out;
  }

  private static List<DocumentPositionTrainer.Labelled> docs(int each) {
    List<DocumentPositionTrainer.Labelled> docs = new ArrayList<>();
    for (String p : PositionFeatures.positions(CB)) {
      for (int i = 0; i < each; i++) {
        docs.add(new DocumentPositionTrainer.Labelled(p + i, "text " + p + i, p));
      }
    }
    return docs;
  }

  @Test
  void learnsSeparablePositionsAndReportsOutOfFoldFigures() {
    List<DocumentPositionTrainer.Labelled> docs = docs(40);
    DocumentPositionTrainer.Trained t = DocumentPositionTrainer.train(CB, docs, features(docs, 10, new Random(1)), 42);
    assertEquals(120, t.outOfFold().n());
    assertTrue(t.outOfFold().accuracy() > 0.9, t.summary());
    assertTrue(t.outOfFold().ece() < 0.2, t.summary());
    assertEquals(PositionFeatures.positions(CB), t.head().classes());
    double[] p = t.head().probabilities(new Example(new float[] {0, 0.9f, 0, 0, 0, 0, 0, 0, 0, 0},
        LexicalFeatures.Sparse.EMPTY, -1));
    assertEquals(1, org.stancemap.model.Head.argmax(p), "the second position's block points to the second position");
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-9, "scores are probabilities over all positions");
  }

  @Test
  void writersAreHeldOutWholeSoTheirHabitsDoNotMakeTheHeadOverconfident() {
    // four writers; each marks its positions with a habit of its own (a feature no other writer uses), and all
    // share a weak real signal. Folds that mix writers reward the habits; folds that hold a writer out do not.
    List<String> pos = PositionFeatures.positions(CB);
    List<DocumentPositionTrainer.Labelled> grouped = new ArrayList<>();
    List<DocumentPositionTrainer.Labelled> anonymous = new ArrayList<>();
    List<Example> feats = new ArrayList<>();
    Random r = new Random(5);
    for (int w = 0; w < 4; w++) {
      for (int c = 0; c < pos.size(); c++) {
        for (int i = 0; i < 15; i++) {
          String id = "w" + w + "-" + pos.get(c) + i;
          grouped.add(new DocumentPositionTrainer.Labelled(id, id, pos.get(c), "writer" + w));
          anonymous.add(new DocumentPositionTrainer.Labelled(id, id, pos.get(c)));
          feats.add(habitFeatures(r, c, w));
        }
      }
    }
    DocumentPositionTrainer.Trained mixed = DocumentPositionTrainer.train(CB, anonymous, feats, 42);
    DocumentPositionTrainer.Trained held = DocumentPositionTrainer.train(CB, grouped, feats, 42);
    assertTrue(held.summary().contains("leave-one-group-out (4 groups)"), held.summary());
    assertTrue(mixed.summary().contains("5-fold stratified"), mixed.summary());
    assertTrue(held.outOfFold().accuracy() < mixed.outOfFold().accuracy() - 0.1,
        held.summary() + " / " + mixed.summary());
    // a new writer, whose habits neither head has seen: the held-out head's confidence matches its accuracy
    double[] gapHeld = confidenceGap(held, pos, new Random(6));
    double[] gapMixed = confidenceGap(mixed, pos, new Random(6));
    assertTrue(Math.abs(gapHeld[0] - gapHeld[1]) < 0.1, "held out: confidence " + gapHeld[0] + ", accuracy "
        + gapHeld[1]);
    assertTrue(Math.abs(gapHeld[0] - gapHeld[1]) < Math.abs(gapMixed[0] - gapMixed[1]), "held out " + gapHeld[0]
        + "/" + gapHeld[1] + ", mixed " + gapMixed[0] + "/" + gapMixed[1]);
    assertEquals(null, DocumentPositionTrainer.groupFolds(List.of(grouped.get(0), anonymous.get(1),
        grouped.get(2))), "one document without a writer: stratified folds");
  }

  /**
   * A document of position {@code c}: three shared features, noisy, its position's raised a little; and, for a
   * {@code writer} of the four (not -1), that writer's habit feature for the position.
   */
  private static Example habitFeatures(Random r, int c, int writer) {
    float[] f = new float[3 + 4 * 3];
    for (int j = 0; j < 3; j++) {
      f[j] = (float) (r.nextDouble() * 0.6);
    }
    f[c] += 0.25f;
    if (writer >= 0) {
      f[3 + writer * 3 + c] += 1.0f;
    }
    return new Example(f, LexicalFeatures.Sparse.EMPTY, -1);
  }

  /** Mean confidence and accuracy of {@code t}'s head on 300 documents of a writer with no habit it knows. */
  private static double[] confidenceGap(DocumentPositionTrainer.Trained t, List<String> pos, Random r) {
    double conf = 0;
    double right = 0;
    int n = 300;
    for (int i = 0; i < n; i++) {
      int c = i % pos.size();
      double[] p = t.head().probabilities(habitFeatures(r, c, -1));
      int k = org.stancemap.model.Head.argmax(p);
      conf += p[k];
      right += k == c ? 1 : 0;
    }
    return new double[] {conf / n, right / n};
  }

  @Test
  void wordsTellPositionsApartWhereTheEvidenceDoesNot() {
    // the dense evidence is noise; each position's documents share a vocabulary with seeded filler words
    List<String> pos = PositionFeatures.positions(CB);
    List<String> vocab = List.of("inter-imperialist ruling classes workers of both countries",
        "the resistance deserves weapons and solidarity", "multipolar order against hegemony");
    Random r = new Random(5);
    LexicalFeatures words = new LexicalFeatures(PositionFeatures.LEXICAL_BITS);
    List<DocumentPositionTrainer.Labelled> docs = docs(30);
    List<Example> f = new ArrayList<>();
    for (DocumentPositionTrainer.Labelled d : docs) {
      float[] x = new float[6];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextDouble();
      }
      String text = vocab.get(pos.indexOf(d.position())) + " filler" + r.nextInt(50) + " filler" + r.nextInt(50);
      f.add(new Example(x, words.features(text), -1));
    }
    DocumentPositionTrainer.Trained t = DocumentPositionTrainer.train(CB, docs, f, 11);
    assertEquals(PositionFeatures.LEXICAL_BITS, t.head().lexicalBits(), "the head reads words");
    assertTrue(t.outOfFold().accuracy() > 0.9, t.summary());
    double[] p = t.head().probabilities(new Example(new float[6], words.features("the resistance deserves weapons"),
        -1));
    assertEquals(1, org.stancemap.model.Head.argmax(p), java.util.Arrays.toString(p));
  }

  @Test
  void thePenaltyIsTheStrongestWithinOneStandardErrorOfTheBest() {
    // penalties ascending; the second has the best mean, the third is within one standard error of it, the fourth
    // is not
    double[] best = {-0.2, -0.4, -0.3, -0.5};
    double[] near = {-0.25, -0.45, -0.35, -0.55};
    double[] far = {-1.2, -1.4, -1.3, -1.5};
    double[] weak = {-0.9, -0.9, -0.9, -0.9};
    assertEquals(2, DocumentPositionTrainer.oneStandardError(List.of(weak, best, near, far)));
    // when nothing stronger is close, the best stays
    assertEquals(1, DocumentPositionTrainer.oneStandardError(List.of(weak, best, far, far)));
    // a stronger penalty with the same mean wins
    assertEquals(3, DocumentPositionTrainer.oneStandardError(List.of(best, best, best, best)));
  }

  @Test
  void isDeterministicForASeed() {
    List<DocumentPositionTrainer.Labelled> docs = docs(20);
    List<Example> f = features(docs, 8, new Random(3));
    DocumentPositionTrainer.Trained a = DocumentPositionTrainer.train(CB, docs, f, 7);
    DocumentPositionTrainer.Trained b = DocumentPositionTrainer.train(CB, docs, f, 7);
    assertEquals(a.summary(), b.summary());
    for (Example e : f) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.head().probabilities(e), b.head().probabilities(e));
    }
  }

  @Test
  void refusesUnknownPositionsAndTooFewDocuments() {
    List<DocumentPositionTrainer.Labelled> docs = new ArrayList<>(docs(20));
    docs.add(new DocumentPositionTrainer.Labelled("x", "y", "pacifist"));
    List<Example> f = features(docs.subList(0, 60), 8, new Random(3));
    f.add(new Example(new float[8], LexicalFeatures.Sparse.EMPTY, -1));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> DocumentPositionTrainer.train(CB, docs,
        f, 7));
    assertTrue(e.getMessage().contains("pacifist"), e.getMessage());
    List<DocumentPositionTrainer.Labelled> few = docs(3);
    assertThrows(InvalidInputException.class, () -> DocumentPositionTrainer.train(CB, few,
        features(few, 8, new Random(1)), 7));
  }

  @Test
  void calibrationErrorIsZeroWhenConfidenceMatchesAccuracy() {
    // the out-of-fold ECE the trainer reports is Metrics' (10 equal-width bins)
    List<String> gold = List.of("a", "a", "a", "a");
    List<String> pred = List.of("a", "a", "a", "b");
    assertEquals(0.0, org.stancemap.evaluation.Metrics.of("x", gold, pred, List.of(0.75, 0.75, 0.75, 0.75))
        .ece(), 1e-12);
    assertEquals(0.25, org.stancemap.evaluation.Metrics.of("x", gold, pred, List.of(1.0, 1.0, 1.0, 1.0))
        .ece(), 1e-12);
  }
}
