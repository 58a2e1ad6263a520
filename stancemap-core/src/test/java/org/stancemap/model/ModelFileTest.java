package org.stancemap.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.ModelLoadException;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Polarity;
import org.stancemap.text.Hashing;

class ModelFileTest {
  private static final String CODEBOOK_SHA = Hashing.sha256("toy codebook");
  private static final EmbeddingModel.EmbeddingInfo EMBEDDING =
      new EmbeddingModel.EmbeddingInfo("toy-embedding", 4, Hashing.sha256("toy weights"), "four numbers");
  private static HeadSet set;

  @BeforeAll
  static void train() {
    Head stance = ToyData.train(1);
    LexicalFeatures lex = new LexicalFeatures(10);
    List<Example> lexical = List.of(
        new Example(new float[] {1, 0}, lex.features("support the strike"), 0),
        new Example(new float[] {1, 0.1f}, lex.features("support the union"), 0),
        new Example(new float[] {0, 1}, lex.features("condemn the war"), 1),
        new Example(new float[] {0.1f, 1}, lex.features("condemn the invasion"), 1));
    Head role = SoftmaxRegression.train("role", List.of("protagonist", "antagonist"), lexical, 10,
        SoftmaxRegression.Params.defaults());
    ModelProvenance prov = new ModelProvenance("0.1.0", CodebookTrainer.TRAINER_VERSION, "toy@1.0.0", CODEBOOK_SHA,
        EMBEDDING.id(), EMBEDDING.weightsSha256(), "toy data (64 examples)", Hashing.sha256("toy data"),
        Map.of("seed", "42", "l2", "0.001"), Map.of("accuracy", "1.0"));
    set = new HeadSet("toy@1.0.0/toy-embedding", Map.of(stance.id(), stance, role.id(), role), prov);
  }

  private static Codebook codebookWithSha(String sha) {
    return new Codebook("toy", "1.0.0", "en", "Toy", "", List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(), Polarity.NONE, sha);
  }

  private static Example probe(Random r, int dimension) {
    float[] x = new float[dimension];
    for (int j = 0; j < x.length; j++) {
      x[j] = (float) r.nextGaussian();
    }
    return new Example(x, new LexicalFeatures(10).features("support the war " + r.nextInt(5)), 0);
  }

  @Test
  void roundTripGivesIdenticalProbabilities(@TempDir Path dir) {
    Path file = dir.resolve("models").resolve("toy.model.json");
    ModelFile.write(set, file);
    HeadSet back = ModelFile.read(file, codebookWithSha(CODEBOOK_SHA), EMBEDDING);
    assertEquals(set.id(), back.id());
    assertEquals(set.provenance(), back.provenance());
    assertEquals(set.heads().keySet(), back.heads().keySet());
    Random r = new Random(11);
    for (int i = 0; i < 50; i++) {
      long seed = r.nextLong();
      for (String h : set.heads().keySet()) {
        Head a = set.head(h).orElseThrow();
        Example x = probe(new Random(seed), a.dense()[0].length);
        Head b = back.head(h).orElseThrow();
        assertEquals(a.classes(), b.classes());
        assertEquals(a.temperature(), b.temperature());
        assertEquals(a.lexicalWeight(), b.lexicalWeight());
        assertEquals(a.lexicalBits(), b.lexicalBits());
        assertArrayEquals(a.buckets(), b.buckets());
        assertArrayEquals(a.probabilities(x), b.probabilities(x), 0.0, h + " probe " + i);
      }
    }
  }

  @Test
  void writingIsDeterministic(@TempDir Path dir) throws IOException {
    ModelFile.write(set, dir.resolve("a.json"));
    ModelFile.write(set, dir.resolve("b.json"));
    assertEquals(Files.readString(dir.resolve("a.json")), Files.readString(dir.resolve("b.json")));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary files are left behind");
    }
  }

  @Test
  void nullCodebookAndEmbeddingSkipTheirChecks(@TempDir Path dir) {
    Path file = dir.resolve("toy.model.json");
    ModelFile.write(set, file);
    assertEquals(set.id(), ModelFile.read(file, null, null).id());
  }

  @Test
  void aFlippedCharacterIsReportedAsCorrupt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("toy.model.json");
    ModelFile.write(set, file);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int at = text.indexOf("\"dense\":[\"") + 20;
    char[] chars = text.toCharArray();
    chars[at] = chars[at] == 'A' ? 'B' : 'A';
    Files.writeString(file, new String(chars), StandardCharsets.UTF_8);
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFile.read(file, null, null));
    assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void everySingleCharacterFlipIsRefused(@TempDir Path dir) throws IOException {
    Path original = dir.resolve("toy.model.json");
    ModelFile.write(set, original);
    String text = Files.readString(original, StandardCharsets.UTF_8);
    Path file = dir.resolve("flipped.model.json");
    int checksumAt = text.lastIndexOf(",\"checksum\":\"");
    for (int i = 0; i < text.length(); i++) {
      char[] chars = text.toCharArray();
      chars[i] = chars[i] == '0' ? '1' : '0';
      Files.writeString(file, new String(chars), StandardCharsets.UTF_8);
      final int position = i;
      ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFile.read(file, null, null),
          "flip at " + position);
      if (i < checksumAt) {
        assertTrue(e.getMessage().contains("corrupt"), "flip at " + position + ": " + e.getMessage());
      }
    }
  }

  @Test
  void aDifferentCodebookIsRefused(@TempDir Path dir) {
    Path file = dir.resolve("toy.model.json");
    ModelFile.write(set, file);
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> ModelFile.read(file, codebookWithSha(Hashing.sha256("another codebook")), EMBEDDING));
    assertTrue(e.getMessage().contains("codebook") && e.getMessage().contains("toy@1.0.0"), e.getMessage());
    assertTrue(e.getMessage().contains(CODEBOOK_SHA.substring(0, 12)), e.getMessage());
  }

  @Test
  void aDifferentEmbeddingModelIsRefused(@TempDir Path dir) {
    Path file = dir.resolve("toy.model.json");
    ModelFile.write(set, file);
    EmbeddingModel.EmbeddingInfo other =
        new EmbeddingModel.EmbeddingInfo("other-embedding", 4, Hashing.sha256("other weights"), "other");
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> ModelFile.read(file, codebookWithSha(CODEBOOK_SHA), other));
    assertTrue(e.getMessage().contains("embedding") && e.getMessage().contains("other-embedding"), e.getMessage());
  }

  @Test
  void aFileWithoutChecksumIsNotAModel(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("plain.json");
    Files.writeString(file, "{\"format\":\"stancemap.model/1\"}");
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFile.read(file, null, null));
    assertTrue(e.getMessage().contains("not a Stancemap model file"), e.getMessage());
  }

  @Test
  void aMissingFileIsReported(@TempDir Path dir) {
    Path file = dir.resolve("missing.model.json");
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFile.read(file, null, null));
    assertTrue(e.getMessage().contains("cannot read") && e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void anotherFormatWithAValidChecksumIsRefusedByVersion(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("toy.model.json");
    ModelFile.write(set, file);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int at = text.lastIndexOf(",\"checksum\":\"");
    String unsigned = text.substring(0, at).replace(ModelFile.FORMAT, "stancemap.model/9") + "}";
    String resigned = unsigned.substring(0, unsigned.length() - 1) + ",\"checksum\":\"" + Hashing.sha256(unsigned)
        + "\"}";
    Files.writeString(file, resigned, StandardCharsets.UTF_8);
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFile.read(file, null, null));
    assertTrue(e.getMessage().contains("stancemap.model/9") && e.getMessage().contains(ModelFile.FORMAT),
        e.getMessage());
    assertFalse(e.getMessage().contains("corrupt"), e.getMessage());
  }

  private static HeadSet withParams(Map<String, String> params) {
    ModelProvenance p = set.provenance();
    return new HeadSet(set.id(), set.heads(), new ModelProvenance(p.stancemapVersion(), p.trainerVersion(),
        p.codebookRef(), p.codebookSha256(), p.embeddingId(), p.embeddingSha256(), p.data(), p.dataSha256(), params,
        p.validation()));
  }

  @Test
  void aFineTunedModelNamesItsEncoderBesideTheFile(@TempDir Path dir) {
    Path plain = dir.resolve("plain.model.json");
    ModelFile.write(set, plain);
    assertTrue(ModelFile.encoder(plain).isEmpty());
    Path tuned = dir.resolve("tuned.model.json");
    ModelFile.write(withParams(Map.of("seed", "42", ModelFile.ENCODER_PARAM, "tuned.model.encoder.onnx")), tuned);
    assertEquals(dir.toAbsolutePath().resolve("tuned.model.encoder.onnx"), ModelFile.encoder(tuned).orElseThrow());
    // the encoder entry is covered by the checksum like the rest of the provenance
    assertEquals("tuned.model.encoder.onnx", ModelFile.read(tuned, null, null).provenance().params()
        .get(ModelFile.ENCODER_PARAM));
  }

  @Test
  void anEncoderOutsideTheModelsFolderIsRefused(@TempDir Path dir) {
    for (String bad : List.of("../elsewhere.onnx", "/elsewhere/x.onnx", "sub/x.onnx", "..")) {
      Path file = dir.resolve("bad.model.json");
      ModelFile.write(withParams(Map.of(ModelFile.ENCODER_PARAM, bad)), file);
      ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFile.encoder(file), bad);
      assertTrue(e.getMessage().contains("plain file name"), e.getMessage());
    }
  }
}
