package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.evaluation.CodedText;

/**
 * Training on tiny hand-written coded data: "A is GOOD while B is BAD" sentences whose two targets get opposite
 * stances. The bag of words of a sentence and of its mirror image are the same, so only features that know which
 * target a word stands next to can tell them apart.
 */
class DataTrainerTest {
  private static final List<String> GOOD = List.of("brave", "honest", "heroic", "decent", "right", "noble");
  private static final List<String> BAD = List.of("cruel", "corrupt", "lying", "criminal", "brutal", "wrong");
  private static final List<String> NEUTRAL = List.of("held talks", "met in Geneva", "signed a grain deal",
      "exchanged notes", "opened a border crossing", "traded gas");
  private static Codebook cb;
  private static final WordHashEmbedding EMBEDDING = new WordHashEmbedding();

  @BeforeAll
  static void codebook() {
    cb = CodebookLoader.builtin("ru-ua-left");
  }

  private static CodedText russia(String text, String russia) {
    return new CodedText(text, Map.of("stance:russia", russia), "test");
  }

  @Test
  void aLabelNoTextHasIsTrainedAroundNotRefused() {
    // stance toward Russia coded favor and none only: the head is trained, keeps its three classes, and predicts
    // the labels it has seen
    List<CodedText> train = data(0, 6).stream().filter(t -> !t.labels().get("stance:russia").equals("against"))
        .toList();
    assertTrue(DataTrainer.check(cb, train).stream().anyMatch(w -> w.contains("'against'")));
    DataTrainer.Trained t = DataTrainer.train(cb, EMBEDDING, null, train, List.of(), options(
        DataTrainer.Lexical.HASHED, false));
    Head head = t.heads().head("stance:russia").orElseThrow();
    assertEquals(List.of("favor", "against", "none"), head.classes());
    HeadInputs inputs = new HeadInputs(cb);
    int right = 0;
    for (CodedText c : train) {
      float[] v = EMBEDDING.embed(List.of(ClassifierInput.of(c.text())))[0];
      DataTrainer.Prediction p = DataTrainer.predict(head, inputs, c.text(), v);
      assertTrue(Double.isFinite(p.probability()), "finite scores: " + p);
      right += p.label().equals(c.labels().get("stance:russia")) ? 1 : 0;
    }
    assertTrue(right > 0.8 * train.size(), "the labels present are learnt: " + right + " of " + train.size());
  }

  private static CodedText coded(String text, String russia, String ukraine) {
    return new CodedText(text, Map.of("stance:russia", russia, "stance:ukraine", ukraine), "test");
  }

  /** Sentences built from word indices {@code from..to} (exclusive) of the word lists. */
  private static List<CodedText> data(int from, int to) {
    List<CodedText> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      for (int j = from; j < to; j++) {
        String g = GOOD.get(i);
        String b = BAD.get(j);
        out.add(coded("Russia is " + g + " while Ukraine is " + b, "favor", "against"));
        out.add(coded("Ukraine is " + g + " while Russia is " + b, "against", "favor"));
      }
      out.add(coded("Russia and Ukraine " + NEUTRAL.get(i), "none", "none"));
      out.add(coded("Ukraine and Russia " + NEUTRAL.get(i) + " again", "none", "none"));
    }
    return out;
  }

  private static DataTrainer.Options options(DataTrainer.Lexical lexical, boolean tune) {
    return new DataTrainer.Options(List.of(1e-3), List.of(1.0, 2.0), 3, 150, 7L, lexical,
        new TfIdfFeatures.Config(18, 3, 5, 4, 1), tune);
  }

  private static double accuracy(DataTrainer.Trained t, List<CodedText> test) {
    HeadInputs inputs = new HeadInputs(cb);
    float[][] v = EMBEDDING.embed(test.stream().map(x -> ClassifierInput.of(x.text())).toList());
    int ok = 0;
    int n = 0;
    for (int i = 0; i < test.size(); i++) {
      for (String d : List.of("stance:russia", "stance:ukraine")) {
        String p = DataTrainer.predict(t.heads().head(d).orElseThrow(), inputs, test.get(i).text(), v[i]).label();
        ok += p.equals(test.get(i).labels().get(d)) ? 1 : 0;
        n++;
      }
    }
    return (double) ok / n;
  }

  @Test
  void targetAwareTfIdfLearnsWhichTargetAWordPointsAt() {
    // Train on words 0..3, validate on the same words, test on sentences mixing in held-out words 4..5 too.
    List<CodedText> train = data(0, 4);
    List<CodedText> val = data(0, 4).subList(0, 12);
    List<CodedText> test = data(2, 6);
    DataTrainer.Trained tfidf = DataTrainer.train(cb, EMBEDDING, null, train, val,
        options(DataTrainer.Lexical.TFIDF, true));
    double a = accuracy(tfidf, test);
    assertTrue(a >= 0.85, "target-aware TF-IDF accuracy on mirrored sentences: " + a);
    Head h = tfidf.heads().head("stance:russia").orElseThrow();
    assertNotNull(h.tfidf(), "a TF-IDF head carries its vocabulary");
    assertTrue(h.tfidf().targetWindow() == 4 && h.tfidf().targets().get("russia").contains("russia"));
  }

  @Test
  void trainingIsDeterministicAndRecordedInTheProvenance(@TempDir Path dir) throws Exception {
    List<CodedText> train = data(0, 3);
    List<CodedText> val = data(0, 3).subList(0, 8);
    DataTrainer.Options o = options(DataTrainer.Lexical.TFIDF, true);
    ModelFile.write(DataTrainer.train(cb, EMBEDDING, null, train, val, o).heads(), dir.resolve("a.json"));
    ModelFile.write(DataTrainer.train(cb, EMBEDDING, null, train, val, o).heads(), dir.resolve("b.json"));
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.json")), Files.readAllBytes(dir.resolve("b.json")));
    HeadSet read = ModelFile.read(dir.resolve("a.json"), cb, EMBEDDING.info());
    Map<String, String> p = read.provenance().params();
    assertEquals("tfidf", p.get("lexical"));
    assertEquals("true", p.get("bias_tuning"));
    assertTrue(p.get("tfidf").contains("char_ngrams=3..5") && p.get("tfidf").contains("target_window=4"),
        p.get("tfidf"));
    assertTrue(p.get("stance:russia").contains("bias_offsets="), p.get("stance:russia"));
    assertTrue(read.provenance().validation().get("stance:russia").startsWith("f_avg="));
  }

  @Test
  void analysisGivesATfIdfHeadTheFeaturesItWasTrainedOn() {
    // Analysis builds one HeadInputs.Text per sentence and shares it between heads; training, probe and eval pass
    // the sentence itself. Both must reach the head's own TF-IDF features: an example without the text would
    // silently fall back to the shared hashed n-grams, a different feature space (a bug the shipped model had).
    DataTrainer.Trained t = DataTrainer.train(cb, EMBEDDING, null, data(0, 4), data(0, 4).subList(0, 12),
        options(DataTrainer.Lexical.TFIDF, true));
    HeadInputs inputs = new HeadInputs(cb);
    for (String s : List.of("Russia is heroic while Ukraine is cruel", "Ukraine is noble while Russia is brutal",
        "Russia held talks with Ukraine")) {
      float[] v = EMBEDDING.embed(List.of(s))[0];
      HeadInputs.Text shared = inputs.text(s);
      for (String id : List.of("stance:russia", "stance:ukraine")) {
        Head h = t.heads().head(id).orElseThrow();
        Example analysed = inputs.example(id, shared, v, -1);
        Example trained = inputs.example(id, s, v, -1);
        assertEquals(s, analysed.text(), "the analysis example carries its text");
        assertArrayEquals(h.sparseInput(trained).index(), h.sparseInput(analysed).index(), id + ": " + s);
        assertArrayEquals(h.probabilities(trained), h.probabilities(analysed), 0, id + ": " + s);
      }
    }
  }

  @Test
  void aTfIdfHeadRoundTripsThroughTheModelFile(@TempDir Path dir) {
    List<CodedText> train = data(0, 3);
    DataTrainer.Trained t = DataTrainer.train(cb, EMBEDDING, null, train, List.of(),
        options(DataTrainer.Lexical.TFIDF, true));
    ModelFile.write(t.heads(), dir.resolve("m.json"));
    HeadSet read = ModelFile.read(dir.resolve("m.json"), cb, EMBEDDING.info());
    Head before = t.heads().head("stance:ukraine").orElseThrow();
    Head after = read.head("stance:ukraine").orElseThrow();
    assertEquals(before.tfidf(), after.tfidf());
    HeadInputs inputs = new HeadInputs(cb);
    String s = "Ukraine is noble while Russia is brutal";
    float[] v = EMBEDDING.embed(List.of(s))[0];
    assertArrayEquals(before.probabilities(inputs.example(before.id(), s, v, -1)),
        after.probabilities(inputs.example(after.id(), s, v, -1)), 0);
    // Without validation texts nothing is tuned on the training data.
    assertEquals("false", read.provenance().params().get("bias_tuning"));
    assertTrue(!read.provenance().params().get("stance:ukraine").contains("bias_offsets"));
  }

  @Test
  void hashedFeaturesStillWork() {
    DataTrainer.Trained t = DataTrainer.train(cb, EMBEDDING, null, data(0, 3), data(0, 3).subList(0, 8),
        options(DataTrainer.Lexical.HASHED, false));
    assertNull(t.heads().head("stance:russia").orElseThrow().tfidf());
    assertEquals("hashed", t.heads().provenance().params().get("lexical"));
  }

  @Test
  void biasTuningMovesAnUnderpredictedClass() {
    // A head that always prefers "none" by a small margin: a positive favor/against offset fixes F_avg.
    Head h = new Head("stance:toy", List.of("favor", "against", "none"),
        new float[][] {{1, 0}, {0, 1}, {0, 0}}, new int[0], new float[3][0], new float[] {0, 0, 0.6f}, 10, 1, 1);
    List<Example> va = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      va.add(new Example(new float[] {0.5f, 0}, LexicalFeatures.Sparse.EMPTY, 0));
      va.add(new Example(new float[] {0, 0.5f}, LexicalFeatures.Sparse.EMPTY, 1));
      va.add(new Example(new float[] {0, 0}, LexicalFeatures.Sparse.EMPTY, 2));
    }
    double[] off = DataTrainer.tuneBias("stance:toy", h.classes(), h, va);
    assertEquals(0, off[2], "none keeps its bias");
    assertTrue(off[0] > 0.1 && off[1] > 0.1, Arrays.toString(off));
    Head tuned = h.withBiasOffset(off);
    for (Example e : va) {
      double[] p = tuned.probabilities(e);
      int k = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
      assertEquals(e.label(), k);
    }
  }

  @Test
  void optionsAreValidated() {
    var cfg = TfIdfFeatures.Config.defaults();
    assertThrows(IllegalArgumentException.class, () -> new DataTrainer.Options(List.of(), List.of(1.0), 3, 10, 1,
        DataTrainer.Lexical.TFIDF, cfg, true));
    assertThrows(IllegalArgumentException.class, () -> new DataTrainer.Options(List.of(-1.0), List.of(1.0), 3, 10,
        1, DataTrainer.Lexical.TFIDF, cfg, true));
    assertThrows(IllegalArgumentException.class, () -> new DataTrainer.Options(List.of(1e-3), List.of(1.0), 1, 10,
        1, DataTrainer.Lexical.TFIDF, cfg, true));
  }

  @Test
  void rareClassesWithoutAValidationFileTrainInsteadOfFailing() {
    // Without a validation file, hyper-parameters are chosen by cross-validation on the training data. With one
    // "against" and one "favor" text for Ukraine, an unstratified fold could leave a class out of a training part,
    // which the regression refuses; the folds are now stratified and such folds are skipped.
    List<CodedText> small = new ArrayList<>(data(0, 1)); // 4 texts: favor/against for both targets, two none
    small.add(coded("Russia and Ukraine " + NEUTRAL.get(2), "none", "none"));
    small.add(coded("Russia and Ukraine " + NEUTRAL.get(3), "none", "none"));
    for (long seed = 1; seed <= 20; seed++) {
      DataTrainer.Options o = new DataTrainer.Options(List.of(1e-3, 1e-2), List.of(1.0, 2.0), 3, 60, seed,
          DataTrainer.Lexical.TFIDF, new TfIdfFeatures.Config(18, 3, 5, 4, 1), false);
      DataTrainer.Trained t = DataTrainer.train(cb, EMBEDDING, null, small, List.of(), o);
      assertTrue(t.heads().head("stance:ukraine").isPresent(), "seed " + seed);
    }
  }

  @Test
  void selectionFoldsAreStratifiedSoEveryClassIsInEveryTrainingPart() {
    // 3 favor, 3 against, 3 none and 3 folds: dealt out class by class, each fold holds one of each.
    List<Example> data = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      float[] v = new float[4];
      v[i % 3] = 1;
      data.add(new Example(v, LexicalFeatures.Sparse.EMPTY, i % 3));
    }
    var p = new SoftmaxRegression.Params(1e-3, 1.0, 50, 0.05, 0, 1L);
    for (long seed = 1; seed <= 20; seed++) {
      DataTrainer.Options o = new DataTrainer.Options(List.of(1e-3), List.of(1.0), 3, 50, seed,
          DataTrainer.Lexical.HASHED, TfIdfFeatures.Config.defaults(), false);
      double score = DataTrainer.crossValidate("stance:russia", List.of("favor", "against", "none"), data, p, o);
      assertTrue(score > 0.99, "every fold trained on all three classes and scores them apart: " + score);
    }
  }

  @Test
  void dataProblemsAreRefusedBeforeAnythingIsEmbedded() {
    // a null embedding model would fail on first use: these errors must come before it
    List<CodedText> noAgainst = List.of(russia("Russia held talks", "favor"), russia("Russia met in Geneva", "none"));
    List<String> warnings = DataTrainer.check(cb, noAgainst);
    assertTrue(warnings.stream().anyMatch(w -> w.contains("stance:russia") && w.contains("no training text has "
        + "label 'against'") && w.contains("labels present")), "a missing label is a warning, not a refusal: "
        + warnings);
    List<CodedText> favourOnly = List.of(russia("Russia held talks", "favor"), russia("Russia met here", "favor"));
    var e = assertThrows(org.stancemap.InvalidInputException.class,
        () -> DataTrainer.train(cb, null, null, favourOnly, List.of(), DataTrainer.Options.defaults()));
    assertTrue(e.getMessage().contains("only label [favor]") && e.getMessage().contains("no training text has "
        + "label 'against', 'none'"), e.getMessage());
    List<CodedText> unknown = List.of(new CodedText("Russia held talks", Map.of("stance:russia", "maybe"), "row 7"));
    e = assertThrows(org.stancemap.InvalidInputException.class, () -> DataTrainer.check(cb, unknown));
    assertTrue(e.getMessage().contains("row 7") && e.getMessage().contains("'maybe'"), e.getMessage());
    e = assertThrows(org.stancemap.InvalidInputException.class,
        () -> DataTrainer.check(cb, List.of(new CodedText("Text.", Map.of(), "row 1"))));
    assertTrue(e.getMessage().contains("codes no dimension"), e.getMessage());
  }
}
