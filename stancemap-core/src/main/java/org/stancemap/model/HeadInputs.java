package org.stancemap.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;

/**
 * Builds the input of each head from a text and its embedding, identically for training and analysis: the
 * embedding, then the head's extra features (target polarity for {@code stance:T}, label cues for narrative and
 * technique heads), plus the sparse lexical features. Immutable and thread-safe.
 */
public final class HeadInputs {
  private final TargetPolarity polarity;
  private final LexicalFeatures lexical = new LexicalFeatures(CodebookTrainer.LEXICAL_BITS);
  private final Cues.LabelIndex narrativeCues;
  private final Cues.LabelIndex techniqueCues;
  /** For {@code narrative:ID} and {@code technique:ID}: the label's index in its dimension's cue features. */
  private final Map<String, Integer> labelIndex = new HashMap<>();

  public HeadInputs(Codebook codebook) {
    this.polarity = new TargetPolarity(codebook);
    this.narrativeCues = new Cues.LabelIndex(Cues.compileLabels(codebook.narratives()));
    this.techniqueCues = new Cues.LabelIndex(Cues.compileLabels(codebook.techniques()));
    indexLabels("narrative", codebook.narratives());
    indexLabels("technique", codebook.techniques());
  }

  private void indexLabels(String dimension, List<Label> labels) {
    for (int i = 0; i < labels.size(); i++) {
      labelIndex.put(dimension + ":" + labels.get(i).id(), i);
    }
  }

  public LexicalFeatures.Sparse lexical(String text) {
    return lexical.features(text);
  }

  /**
   * One text's features that several heads share (its words, target mentions and lexical features), each computed
   * once on first use. Not thread-safe; use one per text and thread.
   */
  public final class Text {
    private final String text;
    private Cues.Words words;
    private List<org.stancemap.codebook.Mentions.Mention> targets;
    private LexicalFeatures.Sparse sparse;
    private float[] narrativeFeatures;
    private float[] techniqueFeatures;

    private Text(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    Cues.Words words() {
      if (words == null) {
        words = Cues.words(text);
      }
      return words;
    }

    List<org.stancemap.codebook.Mentions.Mention> targets() {
      if (targets == null) {
        targets = polarity.targets(text);
      }
      return targets;
    }

    public LexicalFeatures.Sparse lexical() {
      if (sparse == null) {
        sparse = lexical.features(text);
      }
      return sparse;
    }

    /** One cue feature per narrative, in codebook order; the multi-label head and each binary head share it. */
    float[] narrativeFeatures() {
      if (narrativeFeatures == null) {
        narrativeFeatures = narrativeCues.features(words());
      }
      return narrativeFeatures;
    }

    float[] techniqueFeatures() {
      if (techniqueFeatures == null) {
        techniqueFeatures = techniqueCues.features(words());
      }
      return techniqueFeatures;
    }
  }

  /** Shared features of {@code text}, for {@link #example(String, Text, float[], int)}. */
  public Text text(String text) {
    return new Text(text);
  }

  /** The input of head {@code head}, identical to {@link #example(String, String, float[], int)}. */
  public Example example(String head, Text text, float[] embedding, int label) {
    return new Example(dense(head, text, embedding), text.lexical(), label, text.text());
  }

  /** The input of head {@code head} for {@code text}, reusing precomputed lexical features. */
  public Example example(String head, String text, float[] embedding, LexicalFeatures.Sparse sparse, int label) {
    return new Example(dense(head, text, embedding), sparse, label, text);
  }

  public Example example(String head, String text, float[] embedding, int label) {
    return example(head, text, embedding, lexical(text), label);
  }

  private float[] dense(String head, String text, float[] embedding) {
    return dense(head, new Text(text), embedding);
  }

  private float[] dense(String head, Text text, float[] embedding) {
    float s = CodebookTrainer.POLARITY_SCALE;
    if (head.startsWith("stance:")) {
      return TargetPolarity.append(embedding, polarity.features(text.words(), text.targets(), head.substring(7)), s);
    }
    if (head.equals("narrative")) {
      return TargetPolarity.append(embedding, text.narrativeFeatures(), s);
    }
    if (head.equals("technique")) {
      return TargetPolarity.append(embedding, text.techniqueFeatures(), s);
    }
    Integer k = labelIndex.get(head);
    if (k != null) {
      // the same value Cues.labelFeatures gives for the label alone: each label's feature depends on its cues only
      float[] all = head.startsWith("narrative:") ? text.narrativeFeatures() : text.techniqueFeatures();
      return TargetPolarity.append(embedding, new float[] {all[k]}, s);
    }
    return embedding;
  }
}
