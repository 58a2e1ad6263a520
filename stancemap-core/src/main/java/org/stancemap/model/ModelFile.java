package org.stancemap.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.stancemap.AtomicFiles;
import org.stancemap.JsonException;
import org.stancemap.ModelLoadException;
import org.stancemap.codebook.Codebook;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.json.JsonWriter;
import org.stancemap.text.Hashing;

/**
 * Reads and writes trained models ({@code stancemap.model/1}): a JSON document with the provenance, every head's
 * weights as base64 little-endian float32 (exact round trip), and a SHA-256 checksum over the rest of the file.
 * On load the checksum, format version, codebook and embedding model are checked, each with a message that says
 * what to do. Writes go to a temporary file first and are moved into place, so a crash never leaves half a model.
 */
public final class ModelFile {
  public static final String FORMAT = "stancemap.model/1";

  private ModelFile() {}

  public static void write(HeadSet set, Path path) {
    Json.ObjBuilder body = Json.obj()
        .put("format", FORMAT)
        .put("id", set.id())
        .put("provenance", provenance(set.provenance()));
    List<Json> heads = new ArrayList<>();
    for (Head h : new TreeMap<>(set.heads()).values()) {
      heads.add(head(h));
    }
    body.put("heads", Json.arr(heads));
    String unsigned = JsonWriter.compact(body.build());
    String checksum = Hashing.sha256(unsigned);
    String text = unsigned.substring(0, unsigned.length() - 1) + ",\"checksum\":\"" + checksum + "\"}";
    try {
      AtomicFiles.write(path, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ModelLoadException("cannot write model file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Provenance parameter naming a fine-tuned encoder file that lies beside the model file. */
  public static final String ENCODER_PARAM = "encoder";

  /**
   * The fine-tuned encoder a model file was trained with ({@code stancemap train --fine-tune}), resolved beside the
   * model file, or empty for models on a catalogued embedding model. Reads the file without checking it; {@link
   * #read} checks it, and the encoder's hash, afterwards.
   */
  public static Optional<Path> encoder(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read model file " + path + ": " + e.getMessage(), e);
    }
    try {
      Json.Obj prov = JsonParser.parse(text).asObj("(root)").get("provenance").asObj("provenance");
      Json.Obj params = prov.get("params").asObj("provenance.params");
      if (!params.has(ENCODER_PARAM)) {
        return Optional.empty();
      }
      String name = params.get(ENCODER_PARAM).asString("params." + ENCODER_PARAM);
      Path file = Path.of(name);
      if (file.isAbsolute() || file.getNameCount() != 1 || name.equals("..") || name.equals(".")) {
        throw new ModelLoadException(path + " names encoder '" + name + "'; it must be a plain file name beside "
            + "the model file");
      }
      return Optional.of(path.toAbsolutePath().getParent().resolve(file));
    } catch (JsonException | IllegalArgumentException e) {
      throw new ModelLoadException(path + " is malformed: " + e.getMessage() + "; retrain it with 'stancemap train'",
          e);
    }
  }

  /**
   * Loads a model and checks it against the codebook and embedding model it will be used with (either may be null
   * to skip that check).
   */
  public static HeadSet read(Path path, Codebook codebook, EmbeddingModel.EmbeddingInfo embedding) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read model file " + path + ": " + e.getMessage(), e);
    }
    return parse(text, path.toString(), codebook, embedding);
  }

  /** Where the shipped default model of the built-in codebook lies on the class path. */
  public static final String SHIPPED = "/org/stancemap/model/default/ru-ua-left.model.json";

  /**
   * The shipped default model ({@link #SHIPPED}, rebuilt by {@code training/build-default-model.sh}) when it was
   * trained for exactly this codebook and embedding model, else empty (another codebook, another encoder, or a
   * build without it): the caller then trains heads from the codebook as before.
   */
  public static Optional<HeadSet> shipped(Codebook codebook, EmbeddingModel.EmbeddingInfo embedding) {
    String text;
    try (InputStream in = ModelFile.class.getResourceAsStream(SHIPPED)) {
      if (in == null) {
        return Optional.empty();
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the shipped model " + SHIPPED + ": " + e.getMessage(), e);
    }
    HeadSet set = parse(text, SHIPPED, null, null);
    if (!set.provenance().codebookSha256().equals(codebook.sha256())
        || !set.provenance().embeddingSha256().equals(embedding.weightsSha256())) {
      return Optional.empty();
    }
    return Optional.of(set);
  }

  private static HeadSet parse(String text, String path, Codebook codebook, EmbeddingModel.EmbeddingInfo embedding) {
    int at = text.lastIndexOf(",\"checksum\":\"");
    if (at < 0 || !text.endsWith("\"}")) {
      throw new ModelLoadException(path + " is not a Stancemap model file (no checksum); train one with "
          + "'stancemap train'");
    }
    String unsigned = text.substring(0, at) + "}";
    String checksum = text.substring(at + 13, text.length() - 2);
    if (!Hashing.sha256(unsigned).equals(checksum)) {
      throw new ModelLoadException(path + " is corrupt (checksum mismatch); delete it and train or download it again");
    }
    try {
      Json.Obj root = JsonParser.parse(text).asObj("(root)");
      String format = root.get("format").asString("format");
      if (!format.equals(FORMAT)) {
        throw new ModelLoadException(path + " has format " + format + " but this Stancemap reads " + FORMAT
            + "; retrain it with this version ('stancemap train')");
      }
      ModelProvenance prov = provenance(root.get("provenance").asObj("provenance"));
      if (codebook != null && !prov.codebookSha256().equals(codebook.sha256())) {
        throw new ModelLoadException(path + " was trained with codebook " + prov.codebookRef() + " (sha256 "
            + prov.codebookSha256().substring(0, 12) + "…) but the codebook in use is " + codebook.ref()
            + " (sha256 " + codebook.sha256().substring(0, 12) + "…); pass the same --codebook or retrain the model");
      }
      if (embedding != null && !prov.embeddingSha256().equals(embedding.weightsSha256())) {
        throw new ModelLoadException(path + " was trained on embedding model " + prov.embeddingId()
            + " but the one in use is " + embedding.id() + " (different weights); retrain the model");
      }
      Map<String, Head> heads = new LinkedHashMap<>();
      Map<TfIdfFeatures, TfIdfFeatures> sharedTfIdf = new HashMap<>();
      List<Json> hs = root.get("heads").asList("heads");
      for (int i = 0; i < hs.size(); i++) {
        Head h = head(hs.get(i).asObj("heads[" + i + "]"), "heads[" + i + "]", sharedTfIdf);
        heads.put(h.id(), h);
      }
      return new HeadSet(root.get("id").asString("id"), heads, prov);
    } catch (JsonException | IllegalArgumentException e) {
      throw new ModelLoadException(path + " is malformed: " + e.getMessage() + "; retrain it with 'stancemap train'",
          e);
    }
  }

  private static Json provenance(ModelProvenance p) {
    Json.ObjBuilder params = Json.obj();
    new TreeMap<>(p.params()).forEach(params::put);
    Json.ObjBuilder validation = Json.obj();
    new TreeMap<>(p.validation()).forEach(validation::put);
    return Json.obj()
        .put("stancemap_version", p.stancemapVersion())
        .put("trainer_version", p.trainerVersion())
        .put("codebook", p.codebookRef())
        .put("codebook_sha256", p.codebookSha256())
        .put("embedding", p.embeddingId())
        .put("embedding_sha256", p.embeddingSha256())
        .put("data", p.data())
        .put("data_sha256", p.dataSha256())
        .put("params", params.build())
        .put("validation", validation.build())
        .build();
  }

  private static ModelProvenance provenance(Json.Obj o) {
    Map<String, String> params = new LinkedHashMap<>();
    o.get("params").asObj("provenance.params").fields().forEach((k, v) -> params.put(k, v.asString("params." + k)));
    Map<String, String> validation = new LinkedHashMap<>();
    o.get("validation").asObj("provenance.validation").fields()
        .forEach((k, v) -> validation.put(k, v.asString("validation." + k)));
    return new ModelProvenance(
        o.get("stancemap_version").asString("provenance.stancemap_version"),
        (int) o.get("trainer_version").asLong("provenance.trainer_version"),
        o.get("codebook").asString("provenance.codebook"),
        o.get("codebook_sha256").asString("provenance.codebook_sha256"),
        o.get("embedding").asString("provenance.embedding"),
        o.get("embedding_sha256").asString("provenance.embedding_sha256"),
        o.get("data").asString("provenance.data"),
        o.get("data_sha256").asString("provenance.data_sha256"),
        params,
        validation);
  }

  private static Json head(Head h) {
    List<Json> classes = h.classes().stream().map(Json::of).toList();
    List<Json> dense = new ArrayList<>();
    for (float[] row : h.dense()) {
      dense.add(Json.of(floats(row)));
    }
    List<Json> sparse = new ArrayList<>();
    for (float[] row : h.sparse()) {
      sparse.add(Json.of(floats(row)));
    }
    ByteBuffer bb = ByteBuffer.allocate(h.buckets().length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int b : h.buckets()) {
      bb.putInt(b);
    }
    Json.ObjBuilder out = Json.obj()
        .put("id", h.id())
        .put("classes", Json.arr(classes))
        .put("temperature", Json.of(Double.toString(h.temperature())))
        .put("lexical_bits", h.lexicalBits())
        .put("lexical_weight", Json.of(Double.toString(h.lexicalWeight())))
        .put("bias", Json.of(floats(h.bias())))
        .put("dense", Json.arr(dense))
        .put("buckets", Json.of(Base64.getEncoder().encodeToString(bb.array())))
        .put("sparse", Json.arr(sparse));
    if (h.tfidf() != null) {
      out.put("tfidf", tfidf(h.tfidf()));
    }
    return out.build();
  }

  private static Json tfidf(TfIdfFeatures f) {
    Json.ObjBuilder targets = Json.obj();
    f.targets().forEach((t, ws) -> targets.put(t, Json.arr(ws.stream().map(Json::of).toList())));
    return Json.obj()
        .put("bits", f.bits())
        .put("char_min", f.charMin())
        .put("char_max", f.charMax())
        .put("target_window", f.targetWindow())
        .put("targets", targets.build())
        .put("buckets", Json.of(ints(f.buckets())))
        .put("idf", Json.of(floats(f.idf())))
        .build();
  }

  private static TfIdfFeatures tfidf(Json.Obj o, String path) {
    Map<String, List<String>> targets = new LinkedHashMap<>();
    o.get("targets").asObj(path + ".targets").fields().forEach((t, ws) -> targets.put(t, ws.asList(path
        + ".targets." + t).stream().map(j -> j.asString(path + ".targets." + t + "[]")).toList()));
    return new TfIdfFeatures((int) o.get("bits").asLong(path + ".bits"),
        (int) o.get("char_min").asLong(path + ".char_min"), (int) o.get("char_max").asLong(path + ".char_max"),
        (int) o.get("target_window").asLong(path + ".target_window"), targets,
        ints(o.get("buckets").asString(path + ".buckets")), floats(o.get("idf").asString(path + ".idf")));
  }

  private static String ints(int[] v) {
    ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int b : v) {
      bb.putInt(b);
    }
    return Base64.getEncoder().encodeToString(bb.array());
  }

  private static int[] ints(String b64) {
    ByteBuffer bb = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
    int[] v = new int[bb.remaining() / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = bb.getInt();
    }
    return v;
  }

  /**
   * Reads one head. Heads trained together carry equal TF-IDF settings; {@code shared} makes them one instance, so
   * that {@link TfIdfFeatures#features} computes a sentence's features once for all of them.
   */
  private static Head head(Json.Obj o, String path, Map<TfIdfFeatures, TfIdfFeatures> shared) {
    List<String> classes = o.get("classes").asList(path + ".classes").stream()
        .map(j -> j.asString(path + ".classes[]")).toList();
    List<Json> dense = o.get("dense").asList(path + ".dense");
    List<Json> sparse = o.get("sparse").asList(path + ".sparse");
    float[][] d = new float[dense.size()][];
    for (int i = 0; i < d.length; i++) {
      d[i] = floats(dense.get(i).asString(path + ".dense[" + i + "]"));
    }
    float[][] s = new float[sparse.size()][];
    for (int i = 0; i < s.length; i++) {
      s[i] = floats(sparse.get(i).asString(path + ".sparse[" + i + "]"));
    }
    ByteBuffer bb = ByteBuffer.wrap(Base64.getDecoder().decode(o.get("buckets").asString(path + ".buckets")))
        .order(ByteOrder.LITTLE_ENDIAN);
    int[] buckets = new int[bb.remaining() / 4];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = bb.getInt();
    }
    return new Head(o.get("id").asString(path + ".id"), classes, d, buckets, s,
        floats(o.get("bias").asString(path + ".bias")), (int) o.get("lexical_bits").asLong(path + ".lexical_bits"),
        Double.parseDouble(o.get("lexical_weight").asString(path + ".lexical_weight")),
        Double.parseDouble(o.get("temperature").asString(path + ".temperature")),
        o.has("tfidf") ? shared.computeIfAbsent(tfidf(o.get("tfidf").asObj(path + ".tfidf"), path + ".tfidf"),
            k -> k) : null);
  }

  private static String floats(float[] v) {
    ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      bb.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(bb.array());
  }

  private static float[] floats(String b64) {
    ByteBuffer bb = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[bb.remaining() / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = bb.getFloat();
    }
    return v;
  }
}
