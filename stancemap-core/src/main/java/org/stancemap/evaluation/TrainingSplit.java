package org.stancemap.evaluation;

import org.stancemap.text.Hashing;

/**
 * The split of the team's training corpus ({@code training/corpus}) that an item's family falls in, by the first
 * byte of the family id's SHA-256: below 26 test (about 10 %), below 52 validation, otherwise train. The same rule
 * as {@code training/split.py}, which writes the splits; the tests that check the corpus and the shipped model's
 * provenance use this one.
 */
public final class TrainingSplit {
  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";

  private TrainingSplit() {}

  public static String of(String family) {
    int b = Integer.parseInt(Hashing.sha256(family).substring(0, 2), 16);
    return b < 26 ? TEST : b < 52 ? VALIDATION : TRAIN;
  }
}
