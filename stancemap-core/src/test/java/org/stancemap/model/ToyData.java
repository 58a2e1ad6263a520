package org.stancemap.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A separable three-class problem: noisy points around three corners of a 4-dimensional cube. */
final class ToyData {
  private ToyData() {}

  static final List<String> CLASSES = List.of("favor", "against", "none");
  private static final float[][] CENTRES = {{1, 0, 0, 0.2f}, {0, 1, 0, 0.2f}, {0, 0, 1, 0.2f}};

  static float[] point(Random r, int label) {
    float[] x = CENTRES[label].clone();
    for (int j = 0; j < x.length; j++) {
      x[j] += (float) ((r.nextDouble() - 0.5) * 0.3);
    }
    return x;
  }

  static List<Example> examples(long seed, int perClass) {
    Random r = new Random(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < perClass; i++) {
      for (int c = 0; c < CLASSES.size(); c++) {
        out.add(new Example(point(r, c), LexicalFeatures.Sparse.EMPTY, c));
      }
    }
    return out;
  }

  static Head train(long dataSeed) {
    return SoftmaxRegression.train("stance:toy", CLASSES, examples(dataSeed, 20), 10,
        SoftmaxRegression.Params.defaults());
  }
}
