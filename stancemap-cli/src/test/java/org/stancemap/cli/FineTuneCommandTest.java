package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.model.ModelFile;

/**
 * {@code train --fine-tune} end to end on a tiny coded file: the encoder is written beside the model, named in its
 * provenance, opened by {@code eval} and {@code analyze}, and its absence is reported.
 */
class FineTuneCommandTest {
  @TempDir static Path dir;
  static Path train;
  static Path val;
  static Path model;
  static StoreCommandsTest.Run trained;

  private static final String[] FAVOR = {
      "We must send Ukraine the air defence it asks for.", "Solidarity with the Ukrainian resistance.",
      "Ukraine has every right to defend its towns.", "Our union collected money for Ukrainian miners.",
      "Support Ukraine's fight against the invasion.", "Ukrainians are defending their democracy."};
  private static final String[] AGAINST = {
      "Ukraine is a puppet of Washington.", "The Kyiv regime provoked the war.",
      "Not one more cent for Zelensky's government.", "Ukraine's army shells its own cities.",
      "The regime in Kyiv is run by Western agents.", "Stop feeding the corrupt clique in Kyiv."};

  private static final String[] NONE = {
      "The city council met on Tuesday.", "Rain is expected in the north tomorrow.",
      "The train to Lviv left on time.", "Wheat prices rose two percent this month.",
      "The museum opens a new hall in May.", "A football match ended in a draw."};

  private static void write(Path file, String[] favor, String[] against, int from, int to) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      lines.add("{\"text\": \"" + favor[i] + "\", \"labels\": {\"stance:ukraine\": \"favor\"}}");
      lines.add("{\"text\": \"" + against[i] + "\", \"labels\": {\"stance:ukraine\": \"against\"}}");
      lines.add("{\"text\": \"" + NONE[i] + "\", \"labels\": {\"stance:ukraine\": \"none\"}}");
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  @BeforeAll
  static void fineTune() throws IOException {
    train = dir.resolve("train.jsonl");
    val = dir.resolve("val.jsonl");
    write(train, FAVOR, AGAINST, 0, 4);
    write(val, FAVOR, AGAINST, 4, 6);
    model = dir.resolve("ft.model.json");
    trained = StoreCommandsTest.run("train", "-q", "--cache-dir", Fixture.CACHE.toString(), "--data",
        train.toString(), "--validation", val.toString(), "--fine-tune", "--epochs", "2", "--batch-size", "4",
        "--max-tokens", "32", "--l2", "1e-3", "--lexical-weight", "1", "--iterations", "30", "--out",
        model.toString());
  }

  @Test
  void writesTheEncoderBesideTheModelAndNamesItInTheProvenance() throws IOException {
    assertEquals(StancemapTool.OK, trained.code(), trained.err());
    Path encoder = dir.resolve("ft.model.encoder.onnx");
    assertTrue(Files.size(encoder) > 50_000_000, "the fp32 graph with tuned weights");
    assertTrue(trained.out().contains("ft.model.encoder.onnx") && trained.out().contains("epoch"), trained.out());
    assertEquals(encoder.toAbsolutePath(), ModelFile.encoder(model).orElseThrow());
    var prov = ModelFile.read(model, null, null).provenance();
    assertTrue(prov.embeddingId().startsWith("fine-tuned:"), prov.embeddingId());
    assertTrue(prov.params().get("fine_tune").contains("epochs 2"), prov.params().toString());
    assertTrue(prov.validation().containsKey("fine_tune_epoch_1") && prov.validation().containsKey("fine_tune_epoch_2"),
        prov.validation().toString());
  }

  @Test
  void evalAndAnalyzeRunOnTheFineTunedEncoder() throws IOException {
    assertEquals(StancemapTool.OK, trained.code(), trained.err());
    StoreCommandsTest.Run e = StoreCommandsTest.run("eval", "-q", "--model", model.toString(), "--data",
        val.toString(), "--format", "json");
    assertEquals(StancemapTool.OK, e.code(), e.err());
    Json.Obj dims = JsonParser.parse(e.out()).asObj("root").get("dimensions").asObj("dimensions");
    assertEquals(6, dims.get("stance:ukraine").asObj("d").get("n").asLong("n"));
    Path doc = dir.resolve("doc.txt");
    Files.writeString(doc, "Solidarity with Ukraine's resistance against the invasion.\n", StandardCharsets.UTF_8);
    StoreCommandsTest.Run a = StoreCommandsTest.run("analyze", "-q", "--cache-dir", Fixture.CACHE.toString(),
        "--model", model.toString(), "--format", "json", doc.toString());
    assertEquals(StancemapTool.OK, a.code(), a.err());
    assertTrue(a.out().contains("fine-tuned:ft.model.encoder.onnx"), "the analysis names the encoder it ran: " + a.out());
  }

  @Test
  void aModelMovedWithoutItsEncoderIsRefusedWithAReason(@TempDir Path other) throws IOException {
    assertEquals(StancemapTool.OK, trained.code(), trained.err());
    Path moved = other.resolve("ft.model.json");
    Files.copy(model, moved);
    StoreCommandsTest.Run e = StoreCommandsTest.run("eval", "-q", "--model", moved.toString(), "--data",
        val.toString());
    assertNotEquals(StancemapTool.OK, e.code());
    assertTrue(e.err().contains("ft.model.encoder.onnx") && e.err().contains("beside"), e.err());
  }

  @Test
  void dataProblemsAreFoundBeforeFineTuning() throws IOException {
    Path one = dir.resolve("favour-only.jsonl");
    Files.writeString(one, "{\"text\": \"" + FAVOR[0] + "\", \"labels\": {\"stance:ukraine\": \"favor\"}}\n",
        StandardCharsets.UTF_8);
    StoreCommandsTest.Run r = StoreCommandsTest.run("train", "-q", "--data", one.toString(), "--validation",
        val.toString(), "--fine-tune", "--out", dir.resolve("y.model.json").toString());
    assertEquals(StancemapTool.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("no training text has label 'against'"), r.err());
    assertFalse(Files.exists(dir.resolve("y.model.encoder.onnx")), "nothing was fine-tuned");
  }

  @Test
  void anEncoderIsReusedWithoutFineTuningAgain(@TempDir Path other) throws IOException {
    assertEquals(StancemapTool.OK, trained.code(), trained.err());
    Path encoder = dir.resolve("ft.model.encoder.onnx");
    // beside the new model: named as it is, nothing copied
    Path reuse = dir.resolve("reuse.model.json");
    StoreCommandsTest.Run r = StoreCommandsTest.run("train", "-q", "--cache-dir", Fixture.CACHE.toString(), "--data",
        train.toString(), "--validation", val.toString(), "--encoder", encoder.toString(), "--l2", "1e-3",
        "--lexical-weight", "1", "--iterations", "30", "--out", reuse.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    assertEquals(encoder.toAbsolutePath(), ModelFile.encoder(reuse).orElseThrow());
    assertFalse(Files.exists(dir.resolve("reuse.model.encoder.onnx")));
    assertFalse(ModelFile.read(reuse, null, null).provenance().params().containsKey("fine_tune"));
    StoreCommandsTest.Run e = StoreCommandsTest.run("eval", "-q", "--model", reuse.toString(), "--data",
        val.toString());
    assertEquals(StancemapTool.OK, e.code(), e.err());
    // elsewhere: copied beside the new model, byte for byte
    Path moved = other.resolve("r.model.json");
    r = StoreCommandsTest.run("train", "-q", "--cache-dir", Fixture.CACHE.toString(), "--data", train.toString(),
        "--encoder", encoder.toString(), "--l2", "1e-3", "--lexical-weight", "1", "--iterations", "30", "--out",
        moved.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Path copy = other.resolve("r.model.encoder.onnx");
    assertEquals(copy.toAbsolutePath(), ModelFile.encoder(moved).orElseThrow());
    assertEquals(-1L, Files.mismatch(encoder, copy));
    // one or the other
    r = StoreCommandsTest.run("train", "-q", "--data", train.toString(), "--validation", val.toString(),
        "--fine-tune", "--encoder", encoder.toString(), "--out", other.resolve("z.model.json").toString());
    assertEquals(StancemapTool.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("--encoder"), r.err());
    r = StoreCommandsTest.run("train", "-q", "--data", train.toString(), "--encoder",
        other.resolve("missing.onnx").toString(), "--out", other.resolve("z.model.json").toString());
    assertEquals(StancemapTool.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("is not a file"), r.err());
  }

  @Test
  void fineTuningNeedsValidationTexts() {
    StoreCommandsTest.Run r = StoreCommandsTest.run("train", "-q", "--data", train.toString(), "--fine-tune",
        "--out", dir.resolve("x.model.json").toString());
    assertEquals(StancemapTool.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("--validation"), r.err());
    assertFalse(Files.exists(dir.resolve("x.model.encoder.onnx")));
  }
}
