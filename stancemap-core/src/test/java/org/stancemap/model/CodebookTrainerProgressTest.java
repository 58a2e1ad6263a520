package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;

/**
 * Training a codebook's heads says how it goes (a user's own codebook trains on first use, for a minute or more),
 * and telling progress does not change what is trained.
 */
class CodebookTrainerProgressTest {
  private static final Codebook CB = CodebookLoader.builtin("ru-ua-left");
  private static final SoftmaxRegression.Params FAST = new SoftmaxRegression.Params(1e-3, 1.0, 20, 0.05, 2, 42L);

  @Test
  void trainingReportsEmbeddingAndEveryHead() {
    List<String> lines = new ArrayList<>();
    HeadSet heads = CodebookTrainer.train(CB, new WordHashEmbedding(), FAST, lines::add);
    List<String> embedded = lines.stream().filter(l -> l.startsWith("embedded ")).toList();
    List<String> trained = lines.stream().filter(l -> l.startsWith("trained ")).toList();
    assertTrue(embedded.size() >= 2, "the exemplars are embedded in several steps, each told: " + embedded);
    String last = embedded.get(embedded.size() - 1);
    String[] words = last.split(" ");
    assertEquals(words[1], words[3], "the last embedding step has embedded all of them: " + last);
    assertEquals(heads.heads().size(), trained.size(), "one line per head: " + trained);
    assertTrue(trained.get(trained.size() - 1).startsWith("trained " + heads.heads().size() + " of "
        + heads.heads().size() + " heads"), trained.toString());
    assertEquals(heads.provenance().dataSha256(),
        CodebookTrainer.train(CB, new WordHashEmbedding(), FAST).provenance().dataSha256(),
        "the same training data with or without progress");
  }
}
