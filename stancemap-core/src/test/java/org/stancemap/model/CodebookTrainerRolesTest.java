package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.codebook.Label;

/** The role head is trained on windows pooled from their exemplar sentences, as analysis computes them. */
class CodebookTrainerRolesTest {
  private static final Codebook CB = CodebookLoader.builtin("ru-ua-left");
  /** Few iterations: this test is about the inputs the trainer embeds, not about the weights it learns. */
  private static final SoftmaxRegression.Params FAST = new SoftmaxRegression.Params(1e-3, 1.0, 20, 0.05, 2, 42L);

  /** Records every input the trainer embeds. */
  private static final class Recording implements EmbeddingModel {
    final WordHashEmbedding inner = new WordHashEmbedding();
    final List<SpanInput> seen = new ArrayList<>();

    @Override
    public EmbeddingInfo info() {
      return inner.info();
    }

    @Override
    public List<Embedded> embedSpans(List<SpanInput> inputs) {
      seen.addAll(inputs);
      return inner.embedSpans(inputs);
    }

    @Override
    public void close() {}
  }

  @Test
  void roleExemplarsAreSpansOfTheirSentencesNotTextsOfTheirOwn() {
    Recording r = new Recording();
    HeadSet heads = CodebookTrainer.train(CB, r, FAST);
    assertTrue(heads.head("role").isPresent());
    Map<String, EmbeddingModel.SpanInput> byText = new HashMap<>();
    for (EmbeddingModel.SpanInput in : r.seen) {
      assertTrue(byText.put(in.text(), in) == null, "each text is embedded once: " + in.text());
    }
    int windows = 0;
    for (Label role : CB.roles()) {
      for (String e : role.exemplars()) {
        RoleInput.Window w = RoleInput.ofExemplar(e);
        EmbeddingModel.SpanInput in = byText.get(w.input());
        assertTrue(in != null, "the exemplar's sentence is embedded: " + w.input());
        assertTrue(in.spans().contains(w.span()), "with the window as a span: " + e);
        if (!w.text().equals(w.input())) {
          windows++;
          assertFalse(byText.containsKey(w.text()) && !isSentenceInput(w.text()),
              "the window is not embedded alone: " + w.text());
        }
      }
    }
    assertTrue(windows > 10, "most role exemplars have a window shorter than the sentence: " + windows);
    assertEquals(CodebookTrainer.TRAINER_VERSION, heads.provenance().trainerVersion());
  }

  /** Whether {@code text} is also an input of a sentence head (then it is embedded for that head). */
  private static boolean isSentenceInput(String text) {
    List<String> all = new ArrayList<>();
    CB.targets().forEach(t -> t.stances().values().forEach(s -> all.addAll(s.exemplars())));
    CB.narratives().forEach(l -> all.addAll(l.exemplars()));
    CB.techniques().forEach(l -> all.addAll(l.exemplars()));
    CB.positions().forEach(p -> all.addAll(p.label().exemplars()));
    return all.stream().map(ClassifierInput::of).anyMatch(text::equals);
  }
}
