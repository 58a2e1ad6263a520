package org.stancemap.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.document.Document;
import org.stancemap.model.ClassifierInput;
import org.stancemap.model.CodebookTrainer;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.model.HeadSet;
import org.stancemap.model.RoleInput;
import org.stancemap.model.SoftmaxRegression;
import org.stancemap.model.WordHashEmbedding;

/** Role windows ride on their sentence's input: one embedded text per sentence, the windows as its spans. */
class AnalyzerRoleInputsTest {
  private static final Codebook CB = CodebookLoader.builtin("ru-ua-left");
  private static final WordHashEmbedding EMBEDDING = new WordHashEmbedding();
  /** Few iterations: these tests are about the inputs, not about the labels. */
  private static final HeadSet HEADS = CodebookTrainer.train(CB, EMBEDDING,
      new SoftmaxRegression.Params(1e-3, 1.0, 20, 0.05, 2, 42L));
  private static final Analyzer ANALYZER = new Analyzer(CB, EMBEDDING, HEADS, Analyzer.Settings.defaults());

  private static final String FIRST = "The Western left stayed silent while the Russian army shelled Kharkiv.";
  private static final String SECOND = "Although the Western left protested at first, the war went on for years.";
  private static final String THIRD = "The trade unions and the Western left organised aid convoys together.";

  @Test
  void windowsAreSpansOfTheSentenceInputs() {
    String text = FIRST + " " + SECOND + " " + THIRD;
    Analyzer.Prepared p = ANALYZER.prepare(Document.ofText("t.txt", text, "eng"));
    List<EmbeddingModel.SpanInput> in = p.inputs();
    // Three sentences, plus one whole sentence for the window whose mention sits in a dropped concessive clause.
    assertEquals(4, in.size(), in.toString());
    assertEquals(ClassifierInput.of(FIRST), in.get(0).text());
    assertEquals(ClassifierInput.of(SECOND), in.get(1).text());
    assertEquals(THIRD, in.get(2).text());
    assertEquals(SECOND, in.get(3).text());
    int left = FIRST.indexOf("The Western left");
    assertEquals(List.of(RoleInput.window(FIRST, left, left + 16).span()), in.get(0).spans(),
        "the Russian army belongs to a target and needs no window");
    assertTrue(in.get(1).spans().isEmpty(), "the mention is not in the kept clause");
    assertEquals(2, in.get(2).spans().size(), "two actors without a target");
    int dropped = SECOND.indexOf("the Western left");
    assertEquals(List.of(RoleInput.window(SECOND, dropped, dropped + 16).span()), in.get(3).spans());
  }

  @Test
  void analysisUsesThePreparedInputsAndChecksTheirVectors() {
    String text = FIRST + " " + THIRD;
    Analyzer.Prepared p = ANALYZER.prepare(Document.ofText("t.txt", text, "eng"));
    List<EmbeddingModel.Embedded> vectors = EMBEDDING.embedSpans(p.inputs());
    DocumentAnalysis a = ANALYZER.finish(p, vectors);
    assertEquals(DocumentAnalysis.ANALYSED, a.status());
    assertEquals(a.roles(), ANALYZER.analyze(Document.ofText("t.txt", text, "eng")).roles());
    List<EmbeddingModel.Embedded> missing = List.of(vectors.get(0), new EmbeddingModel.Embedded(
        vectors.get(1).text(), List.of()));
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ANALYZER.finish(p, missing));
    assertTrue(x.getMessage().contains("span vectors"), x.getMessage());
  }
}
