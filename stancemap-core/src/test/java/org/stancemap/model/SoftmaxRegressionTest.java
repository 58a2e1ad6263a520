package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

  private static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void learnsASeparableThreeClassProblemPerfectly() {
    List<Example> data = ToyData.examples(1, 20);
    Head head = SoftmaxRegression.train("toy", ToyData.CLASSES, data, 10, SoftmaxRegression.Params.defaults());
    assertEquals(ToyData.CLASSES, head.classes());
    int correct = 0;
    for (Example e : data) {
      if (argmax(head.probabilities(e)) == e.label()) {
        correct++;
      }
    }
    assertEquals(data.size(), correct, "training accuracy");
  }

  @Test
  void generalisesToFreshPointsOfTheSameProblem() {
    Head head = ToyData.train(1);
    List<Example> fresh = ToyData.examples(99, 30);
    long correct = fresh.stream().filter(e -> argmax(head.probabilities(e)) == e.label()).count();
    assertEquals(fresh.size(), correct);
  }

  @Test
  void learnsFromSparseLexicalFeaturesAlone() {
    LexicalFeatures lex = new LexicalFeatures(12);
    String[][] texts = {
      {"we support the resistance", "solidarity with the resistance", "support them now", "victory to the resistance",
        "we stand with them", "support and solidarity"},
      {"we condemn the invasion", "the invasion is a crime", "condemn this aggression", "stop the invasion",
        "aggression must fail", "condemn them"},
      {"the weather is mild", "trains run late today", "the bake sale is on", "bring chairs please",
        "weather and trains", "mild weather today"}
    };
    List<Example> data = new ArrayList<>();
    for (int c = 0; c < texts.length; c++) {
      for (String t : texts[c]) {
        data.add(new Example(new float[] {0f}, lex.features(t), c));
      }
    }
    Head head = SoftmaxRegression.train("lexical", ToyData.CLASSES, data, 12, SoftmaxRegression.Params.defaults());
    for (Example e : data) {
      assertEquals(e.label(), argmax(head.probabilities(e)));
    }
    for (int i = 1; i < head.buckets().length; i++) {
      assertTrue(head.buckets()[i - 1] < head.buckets()[i], "buckets must be strictly ascending");
    }
  }

  @Test
  void sameSeedGivesIdenticalProbabilities() {
    Head a = ToyData.train(1);
    Head b = ToyData.train(1);
    assertEquals(a.temperature(), b.temperature());
    Random r = new Random(5);
    for (int i = 0; i < 20; i++) {
      Example x = new Example(ToyData.point(r, i % 3), LexicalFeatures.Sparse.EMPTY, 0);
      assertArrayEquals(a.probabilities(x), b.probabilities(x), 0.0, "point " + i);
    }
  }

  @Test
  void probabilitiesAreADistribution() {
    Head head = ToyData.train(2);
    Random r = new Random(6);
    for (int i = 0; i < 100; i++) {
      float[] x = new float[4];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) (r.nextGaussian() * 5);
      }
      double[] p = head.probabilities(new Example(x, LexicalFeatures.Sparse.EMPTY, 0));
      double sum = 0;
      for (double v : p) {
        assertTrue(v >= 0 && v <= 1, "probability out of range: " + v);
        sum += v;
      }
      assertEquals(1.0, sum, 1e-9);
    }
  }

  @Test
  void softmaxIsStableForHugeLogits() {
    double[] p = Head.softmax(new double[] {1e6, 0, -1e6}, 1.0);
    assertArrayEquals(new double[] {1, 0, 0}, p, 1e-12);
    double[] flat = Head.softmax(new double[] {3, 3, 3, 3}, 0.5);
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, flat, 1e-12);
  }

  @Test
  void calibrationGivesAPositiveTemperature() {
    Head head = ToyData.train(3);
    assertTrue(head.temperature() > 0.05 && head.temperature() < 20, "T=" + head.temperature());
  }

  @Test
  void withoutFoldsTheTemperatureIsOne() {
    SoftmaxRegression.Params p = new SoftmaxRegression.Params(1e-3, 1.0, 50, 0.05, 0, 42L);
    Head head = SoftmaxRegression.train("t", ToyData.CLASSES, ToyData.examples(4, 5), 10, p);
    assertEquals(1.0, head.temperature());
  }

  @Test
  void aClassWithoutExamplesIsTrainedAroundButOneClassAloneIsRefused() {
    List<Example> data = ToyData.examples(1, 10).stream().filter(e -> e.label() != 1).toList();
    Head head = SoftmaxRegression.train("toy", ToyData.CLASSES, data, 10, SoftmaxRegression.Params.defaults());
    for (Example e : data) {
      double[] p = head.probabilities(e);
      assertTrue(p[1] < Math.max(p[0], p[2]), "the class without examples never wins: " + Arrays.toString(p));
    }
    List<Example> one = ToyData.examples(1, 10).stream().filter(e -> e.label() == 0).toList();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SoftmaxRegression.train("toy", ToyData.CLASSES, one, 10, SoftmaxRegression.Params.defaults()));
    assertTrue(e.getMessage().contains("at least two classes") && e.getMessage().contains("toy"), e.getMessage());
  }

  @Test
  void aLabelOutOfRangeIsRefused() {
    List<Example> data = new ArrayList<>(ToyData.examples(1, 5));
    data.add(new Example(new float[4], LexicalFeatures.Sparse.EMPTY, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SoftmaxRegression.train("toy", ToyData.CLASSES, data, 10, SoftmaxRegression.Params.defaults()));
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
  }

  @Test
  void classIndexNamesTheHeadOnUnknownLabels() {
    Head head = ToyData.train(1);
    assertEquals(2, head.classIndex("none"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> head.classIndex("maybe"));
    assertTrue(e.getMessage().contains("stance:toy") && e.getMessage().contains("'maybe'"), e.getMessage());
  }

  @Test
  void headRefusesMismatchedWeightsAndBadTemperatures() {
    assertThrows(IllegalArgumentException.class, () -> new Head("h", List.of("a", "b"), new float[1][2], new int[0],
        new float[2][0], new float[2], 10, 1.0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new Head("h", List.of("a", "b"), new float[2][2], new int[0],
        new float[2][0], new float[2], 10, 1.0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> new Head("h", List.of("a", "b"), new float[2][2], new int[0],
        new float[2][0], new float[2], 10, 1.0, Double.NaN));
  }
}
