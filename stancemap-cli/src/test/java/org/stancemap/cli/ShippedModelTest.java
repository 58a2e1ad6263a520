package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.stancemap.evaluation.CodedText;
import org.stancemap.evaluation.TrainingSplit;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.model.DataTrainer;
import org.stancemap.model.HeadSet;
import org.stancemap.model.ModelFile;
import org.stancemap.model.onnx.OnnxEmbeddingModel;
import org.stancemap.text.Hashing;

/**
 * The shipped default model matches its recorded provenance: it is the model analysis loads (trained for the
 * built-in codebook on the shipped encoder, so nothing is trained on first use), its heads were trained on exactly
 * the train split of the corpus in {@code training/corpus} (the SHA-256 of the training texts and labels, {@link
 * DataTrainer#dataSha256}, over the split {@link TrainingSplit} gives, as {@code training/split.py} writes it), and it
 * carries the voice,
 * attitude and document-position heads.
 */
class ShippedModelTest {
  @Test
  void theShippedModelIsTheOneAnalysisLoads() {
    HeadSet heads = Fixture.HEADS;
    assertTrue(ModelFile.shipped(Fixture.CODEBOOK, Fixture.EMBEDDING.info()).isPresent(),
        "the shipped model must match the built-in codebook and the shipped encoder; rebuild it with "
            + "training/build-default-model.sh");
    assertEquals(OnnxEmbeddingModel.Catalog.DEFAULT.id(), Fixture.EMBEDDING.info().id());
    for (String h : List.of("stance:russia", "stance:ukraine", "stance:west", "voice", "attitude",
        "document-position", "narrative", "technique", "role", "position")) {
      assertTrue(heads.head(h).isPresent(), "head " + h);
    }
  }

  @Test
  void itsHeadsWereTrainedOnTheCorpusAsItIsNow() throws Exception {
    List<Json.Obj> items = new ArrayList<>();
    try (Stream<Path> files = Files.list(Fixture.ROOT.resolve("training/corpus"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            items.add(JsonParser.parse(line).asObj(f.toString()));
          }
        }
      }
    }
    items.sort((a, b) -> a.get("id").asString("id").compareTo(b.get("id").asString("id")));
    List<CodedText> train = new ArrayList<>();
    for (Json.Obj o : items) {
      if (!TrainingSplit.of(o.get("family").asString("family")).equals(TrainingSplit.TRAIN)) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Json.Obj st = o.get("stance").asObj("stance");
      for (String t : List.of("russia", "ukraine", "west")) {
        labels.put("stance:" + t, st.get(t).asString(t));
      }
      if (o.get("voice") instanceof Json.Str) {
        labels.put("voice", "author");
      } else {
        labels.put("voice", "reported");
        labels.put("attitude", o.get("voice").asObj("voice").get("attitude").asString("attitude"));
      }
      train.add(new CodedText(o.get("text").asString("text"), labels, o.get("id").asString("id")));
    }
    assertEquals(DataTrainer.dataSha256(train), Fixture.HEADS.provenance().dataSha256(),
        "the corpus changed since the shipped model was trained; rebuild it with training/build-default-model.sh");
  }

  @Test
  void theEncoderResourceIsTheOneItsRecordNames() throws Exception {
    byte[] bytes;
    try (InputStream in = OnnxEmbeddingModel.class.getResourceAsStream(
        "/org/stancemap/model/onnx/stancemap-minilm-l6-ft-q.onnx")) {
      bytes = in.readAllBytes();
    }
    assertTrue(bytes.length < 30 * 1024 * 1024, "the shipped encoder stays under 30 MB: " + bytes.length);
    String source = Files.readString(Fixture.ROOT.resolve(
        "stancemap-model-onnx/src/main/java/org/stancemap/model/onnx/ShippedEncoder.java"));
    assertTrue(source.contains(Hashing.sha256(bytes)), "ShippedEncoder records the resource's SHA-256");
    assertTrue(source.contains(bytes.length + "L"), "ShippedEncoder records the resource's length");
  }
}
