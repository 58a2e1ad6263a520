package org.stancemap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.stancemap.AtomicFiles;
import org.stancemap.InvalidInputException;
import org.stancemap.analysis.DocumentPositionTrainer;
import org.stancemap.evaluation.CodedText;
import org.stancemap.evaluation.Metrics;
import org.stancemap.finetune.EncoderTraining;
import org.stancemap.finetune.FineTuner;
import org.stancemap.model.CodebookTrainer;
import org.stancemap.model.DataTrainer;
import org.stancemap.model.HeadSet;
import org.stancemap.model.ModelFile;
import org.stancemap.model.ModelProvenance;
import org.stancemap.model.TfIdfFeatures;
import org.stancemap.model.onnx.OnnxEmbeddingModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stancemap train}: learn heads from hand-coded texts. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a model from texts you coded by hand (JSONL, or CSV with a column mapping).",
        "Dimensions the data codes (stance:russia, position, narrative:ID, technique:ID) get new heads; the others "
        + "keep the codebook-trained default. Hyper-parameters are chosen on --validation (or by cross-validation "
        + "on the training data), never on test data. The model file records its provenance and is checked when "
        + "loaded."},
    footer = {"", "Example (RUW-style CSV):",
        "  stancemap train --data train.csv --validation val.csv --text-column Tweet \\",
        "    --label-column \"Stance 1=stance:russia\" --label-column \"Stance 2=stance:ukraine\" --out ruw.model.json"})
final class TrainCommand implements Callable<Integer> {
  @CommandLine.Mixin SharedOptions shared = new SharedOptions();
  @CommandLine.Mixin DataOptions data = new DataOptions();

  @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE", description = "Training data.")
  List<Path> train;

  @Option(names = "--validation", arity = "1..*", paramLabel = "FILE",
      description = "Validation data for choosing hyper-parameters and calibrating.")
  List<Path> validation = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Where to write the model file.")
  Path out;

  @Option(names = "--lexical", defaultValue = "tfidf", paramLabel = "KIND",
      description = "Sparse features of the new heads: tfidf (word 1-2-grams, character n-grams and target-window "
          + "words, TF-IDF learned on the training texts) or hashed (the default model's binary word n-grams). "
          + "Default: ${DEFAULT-VALUE}.")
  String lexical;

  @Option(names = "--char-ngrams", defaultValue = "3..5", paramLabel = "MIN..MAX",
      description = "tfidf: character n-gram lengths inside words, or 0 for none. Default: ${DEFAULT-VALUE}.")
  String charNgrams;

  @Option(names = "--target-window", defaultValue = "4", paramLabel = "N",
      description = "tfidf: words either side of a target mention that get target-marked features (0: none). "
          + "Default: ${DEFAULT-VALUE}.")
  int targetWindow;

  @Option(names = "--min-df", defaultValue = "2", paramLabel = "N",
      description = "tfidf: keep features found in at least N training texts. Default: ${DEFAULT-VALUE}.")
  int minDf;

  @Option(names = "--l2", split = ",", paramLabel = "X", defaultValue = "1e-4,1e-3,1e-2",
      description = "L2 penalties to choose from. Default: ${DEFAULT-VALUE}.")
  List<Double> l2;

  @Option(names = "--lexical-weight", split = ",", paramLabel = "X", defaultValue = "2,4,8",
      description = "Weights of the sparse features relative to the embedding, to choose from. "
          + "Default: ${DEFAULT-VALUE}.")
  List<Double> lexicalWeight;

  @Option(names = "--bias-tuning", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Tune per-class bias offsets on --validation (stance: F_avg; narrative/technique: F1). "
          + "Default: on.")
  boolean biasTuning;

  @Option(names = "--iterations", defaultValue = "200", paramLabel = "N",
      description = "Full-batch optimiser steps per head. Default: ${DEFAULT-VALUE}.")
  int iterations;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
      description = "Seed for fold assignment. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--documents", paramLabel = "FILE", arity = "1..*",
      description = "Long-form documents labelled with their position (JSON Lines: {\"id\", \"text\", \"position\"}, "
          + "optionally \"writer\"; e.g. training/documents/*.jsonl): also learn the document position from the "
          + "evidence and words of each document's analysis, chosen and calibrated by cross-validation that holds "
          + "out one writer at a time when three or more are named.")
  List<Path> documents;

  @Option(names = "--fine-tune", description = "Also fine-tune the sentence encoder (all-MiniLM-L6-v2, fp32) on the "
      + "coded dimensions before training the heads, offline on the CPU (PyTorch through DJL); the epoch is chosen on "
      + "--validation, which is then required. Writes MODEL's encoder beside it (MODEL without .json, plus "
      + ".encoder.onnx, about 90 MB); the model file names it and is used with it. Takes minutes to hours.")
  boolean fineTune;

  /** {@code --encoder FILE} (shared option): an encoder an earlier --fine-tune wrote; a folder is another encoder. */
  Path encoder;

  @Option(names = "--epochs", defaultValue = "4", paramLabel = "N",
      description = "--fine-tune: passes over the training texts; the best on validation is kept. "
          + "Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--fine-tune-rate", defaultValue = "4e-5", paramLabel = "X",
      description = "--fine-tune: peak learning rate of the encoder. Default: ${DEFAULT-VALUE}.")
  double fineTuneRate;

  @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
      description = "--fine-tune: texts per step. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--max-tokens", defaultValue = "128", paramLabel = "N",
      description = "--fine-tune: texts are cut to this many tokens while fine-tuning. Default: ${DEFAULT-VALUE}.")
  int maxTokens;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The fine-tuning options these flags describe, or an error saying which flag is wrong. */
  FineTuner.Options fineTuneOptions() {
    FineTuner.Options d = FineTuner.Options.defaults();
    try {
      return new FineTuner.Options(epochs, batchSize, fineTuneRate, d.headLearningRate(), maxTokens, d.dropout(),
          d.weightDecay(), d.warmup(), d.freezeEmbeddings(), d.scale(), seed);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("invalid fine-tuning option (--epochs, --fine-tune-rate, --batch-size, "
          + "--max-tokens): " + e.getMessage());
    }
  }

  /** Adds a document-position head learned from {@link #documents} over the sentence heads of {@code t}. */
  private DataTrainer.Trained withDocumentPosition(Wiring w, DataTrainer.Trained t, PrintWriter err, PrintWriter o) {
    List<DocumentPositionTrainer.Labelled> docs = new ArrayList<>();
    for (Path f : documents) {
      List<String> lines;
      try {
        lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidInputException("cannot read --documents " + f + ": " + e.getMessage());
      }
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        try {
          org.stancemap.json.Json.Obj d = org.stancemap.json.JsonParser.parse(lines.get(i)).asObj(f + ":" + (i + 1));
          docs.add(new DocumentPositionTrainer.Labelled(d.has("id") ? d.get("id").asString("id") : f + ":" + (i + 1),
              d.get("text").asString("text"), d.get("position").asString("position"),
              d.has("writer") ? d.get("writer").asString("writer") : null));
        } catch (org.stancemap.JsonException | IllegalArgumentException e) {
          throw new InvalidInputException(f + ":" + (i + 1) + ": " + e.getMessage()
              + " (a line must be {\"id\", \"text\", \"position\"})");
        }
      }
    }
    if (!shared.quiet) {
      err.println("stancemap: learning the document position from " + docs.size() + " documents");
      err.flush();
    }
    // the documents are analysed with the sentence heads only: a document-position head already in the base model
    // (the shipped one) is left out, and replaced below
    Map<String, org.stancemap.model.Head> sentenceHeads = new LinkedHashMap<>(t.heads().heads());
    sentenceHeads.remove(org.stancemap.analysis.PositionFeatures.HEAD);
    org.stancemap.analysis.Analyzer an = new org.stancemap.analysis.Analyzer(w.codebook(), w.embedding(),
        new HeadSet(t.heads().id(), sentenceHeads, t.heads().provenance()),
        org.stancemap.analysis.Analyzer.Settings.defaults());
    DocumentPositionTrainer.Trained pt = DocumentPositionTrainer.train(w.codebook(), docs,
        DocumentPositionTrainer.features(an, docs), options().seed());
    Map<String, org.stancemap.model.Head> heads = new LinkedHashMap<>(t.heads().heads());
    heads.put(org.stancemap.analysis.PositionFeatures.HEAD, pt.head());
    ModelProvenance p = t.heads().provenance();
    Map<String, String> params = new TreeMap<>(p.params());
    StringBuilder digest = new StringBuilder();
    docs.forEach(d -> digest.append(d.position()).append('\t').append(d.text()).append('\n'));
    params.put("document_position", pt.summary() + "; documents sha256 "
        + org.stancemap.text.Hashing.sha256(digest.toString()));
    ModelProvenance np = new ModelProvenance(p.stancemapVersion(), p.trainerVersion(), p.codebookRef(),
        p.codebookSha256(), p.embeddingId(), p.embeddingSha256(), p.data(), p.dataSha256(), params, p.validation());
    o.println("document position: " + pt.summary());
    return new DataTrainer.Trained(new HeadSet(t.heads().id(), heads, np), t.validation(), t.chosen());
  }

  /** Where the encoder of model file {@code out} goes: beside it, {@code x.model.json} → {@code x.model.encoder.onnx}. */
  static Path encoderFile(Path out) {
    String name = out.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return out.resolveSibling(stem + ".encoder.onnx");
  }

  /** The training options these flags describe, or an error saying which flag is wrong. */
  DataTrainer.Options options() {
    DataTrainer.Lexical kind = switch (lexical.toLowerCase(Locale.ROOT)) {
      case "tfidf" -> DataTrainer.Lexical.TFIDF;
      case "hashed" -> DataTrainer.Lexical.HASHED;
      default -> throw new InvalidInputException("--lexical must be tfidf or hashed, not '" + lexical + "'");
    };
    int min;
    int max;
    String c = charNgrams.strip();
    try {
      if (c.equals("0")) {
        min = 0;
        max = 0;
      } else {
        int dots = c.indexOf("..");
        min = Integer.parseInt(dots < 0 ? c : c.substring(0, dots));
        max = Integer.parseInt(dots < 0 ? c : c.substring(dots + 2));
      }
    } catch (NumberFormatException e) {
      throw new InvalidInputException("--char-ngrams expects MIN..MAX (e.g. 3..5) or 0, not '" + charNgrams + "'");
    }
    try {
      return new DataTrainer.Options(l2, lexicalWeight, 3, iterations, seed, kind,
          new TfIdfFeatures.Config(TfIdfFeatures.Config.defaults().bits(), min, max, targetWindow, minDf),
          biasTuning);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("invalid training option: " + e.getMessage());
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    if (shared.model != null) {
      throw new InvalidInputException("train builds on the codebook's default model; --model is not used here");
    }
    if (shared.encoder != null && !Files.isDirectory(shared.encoder)) {
      encoder = shared.encoder; // a fine-tuned encoder file: handled here, not by Wiring
      shared.encoder = null;
    }
    DataTrainer.Options options = options();
    List<String> problems = new ArrayList<>();
    List<CodedText> tr = data.read(train, problems);
    List<CodedText> va = data.read(validation, problems);
    problems.forEach(p -> err.println("stancemap: " + p));
    if (tr.isEmpty()) {
      throw new InvalidInputException("no usable training texts in " + train);
    }
    FineTuner.Options ft = fineTune ? fineTuneOptions() : null;
    if (fineTune && va.isEmpty()) {
      throw new InvalidInputException("--fine-tune chooses its epoch on held-out texts: give --validation FILE");
    }
    if (fineTune && encoder != null) {
      throw new InvalidInputException("--fine-tune writes a new encoder and --encoder reuses one: give only one");
    }
    if (fineTune && shared.encoder != null) {
      throw new InvalidInputException("--fine-tune starts from all-MiniLM-L6-v2; it cannot fine-tune the encoder "
          + "folder " + shared.encoder);
    }
    if ((fineTune || encoder != null) && !shared.embedding.equals(OnnxEmbeddingModel.Catalog.ALL_MINILM_L6_V2_Q.id())
        && !shared.embedding.equals(OnnxEmbeddingModel.Catalog.DEFAULT.id())) {
      throw new InvalidInputException((fineTune ? "--fine-tune" : "--encoder") + " works on all-MiniLM-L6-v2 "
          + "encoders; leave --embedding at its default");
    }
    try (Wiring w = new Wiring(shared, err)) {
      // before minutes of fine-tuning, not after; a label that no text has is trained around, with a warning
      for (String warning : DataTrainer.check(w.codebook(), tr)) {
        if (!shared.quiet) {
          err.println("stancemap: warning: " + warning);
        }
      }
      if (!shared.quiet) {
        err.println("stancemap: training on " + tr.size() + " texts" + (va.isEmpty() ? "" : ", validating on "
            + va.size()));
        err.flush();
      }
      DataTrainer.Trained t;
      if (encoder != null) {
        t = onEncoder(w, reusedEncoder(o), tr, va, options, Map.of(), Map.of(), err);
      } else if (ft == null) {
        t = DataTrainer.train(w.codebook(), w.embedding(), w.heads(), tr, va, options);
      } else {
        t = fineTuned(w, tr, va, options, ft, err, o);
      }
      if (documents != null && !documents.isEmpty()) {
        if (ft != null || encoder != null) {
          throw new InvalidInputException("--documents trains on the encoder in use; run it after --fine-tune, with "
              + "the tuned encoder as --embedding or --encoder folder");
        }
        t = withDocumentPosition(w, t, err, o);
      }
      ModelFile.write(t.heads(), out);
      o.println("wrote " + out + " (" + t.heads().id() + ")");
      t.chosen().forEach((d, c) -> o.println("  " + d + ": " + c));
      for (Metrics m : t.validation().values()) {
        o.println(String.format(Locale.ROOT, "  validation %s: %smacro-F1 %.3f, accuracy %.3f (n=%d)",
            m.dimension(), Double.isNaN(m.fAvg()) ? "" : String.format(Locale.ROOT, "F_avg %.3f, ", m.fAvg()),
            m.macroF1(), m.accuracy(), m.n()));
      }
      o.flush();
    }
    return problems.isEmpty() ? StancemapTool.OK : StancemapTool.SOME_INPUTS_FAILED;
  }

  /**
   * Fine-tunes the encoder, writes it beside the model file, then trains the heads on it ({@link #onEncoder}),
   * recording the fine-tuning options and each epoch in the provenance.
   */
  private DataTrainer.Trained fineTuned(Wiring w, List<CodedText> tr, List<CodedText> va, DataTrainer.Options options,
      FineTuner.Options ft, PrintWriter err, PrintWriter o) {
    if (!shared.quiet) {
      err.println("stancemap: fine-tuning the encoder (" + ft.epochs() + " epochs of " + tr.size() + " texts; "
          + "minutes per epoch on a few cores)");
      err.flush();
    }
    FineTuner.Result r = EncoderTraining.tune(w.codebook(), tr, va, ft, line -> {
      if (!shared.quiet) {
        err.println("stancemap: " + line);
        err.flush();
      }
    });
    Path enc = encoderFile(out);
    writeAtomically(enc, tmp -> Files.write(tmp, r.model()));
    o.println("wrote " + enc + " (fine-tuned encoder, epoch " + r.bestEpoch() + " of " + ft.epochs()
        + String.format(Locale.ROOT, ", validation %.3f)", r.bestValidation()));
    Map<String, String> params = new LinkedHashMap<>();
    params.put("fine_tune", String.format(Locale.ROOT, "base %s; epochs %d (kept %d); batch %d; encoder rate %s; "
        + "head rate %s; max tokens %d; dropout %s; weight decay %s; warm-up %s; embeddings frozen %s; seed %d",
        EncoderTraining.BASE_ID, ft.epochs(), r.bestEpoch(), ft.batchSize(), ft.encoderLearningRate(),
        ft.headLearningRate(), ft.maxTokens(), ft.dropout(), ft.weightDecay(), ft.warmup(), ft.freezeEmbeddings(),
        ft.seed()));
    Map<String, String> validation = new LinkedHashMap<>();
    for (FineTuner.Epoch e : r.epochs()) {
      validation.put("fine_tune_epoch_" + e.epoch(), String.format(Locale.ROOT, "loss %.4f; score %.4f; %s",
          e.loss(), e.validation(), e.perDimension()));
    }
    return onEncoder(w, enc, tr, va, options, params, validation, err);
  }

  /**
   * The encoder {@code --encoder} names, beside the model file: used where it lies when it is in the model's
   * folder already, else copied there as {@link #encoderFile}.
   */
  Path reusedEncoder(PrintWriter o) {
    Path given = encoder.toAbsolutePath().normalize();
    if (!Files.isRegularFile(given)) {
      throw new InvalidInputException("--encoder " + encoder + " is not a file; give the .encoder.onnx file that "
          + "'train --fine-tune' wrote");
    }
    Path dir = out.toAbsolutePath().normalize().getParent();
    if (given.getParent().equals(dir)) {
      return given;
    }
    Path copy = encoderFile(out).toAbsolutePath();
    writeAtomically(copy, tmp -> Files.copy(given, tmp, StandardCopyOption.REPLACE_EXISTING));
    o.println("copied " + encoder + " to " + copy + " (a model file names its encoder beside it)");
    return copy;
  }

  /**
   * Trains the codebook's heads and then the data's heads on the encoder file {@code enc} (which lies beside the
   * model file), and records the encoder's name and the extra provenance in the model.
   */
  private DataTrainer.Trained onEncoder(Wiring w, Path enc, List<CodedText> tr, List<CodedText> va,
      DataTrainer.Options options, Map<String, String> extraParams,
      Map<String, String> extraValidation, PrintWriter err) {
    try (OnnxEmbeddingModel tuned = OnnxEmbeddingModel.openFineTuned(enc, Math.max(1, shared.threads), 32)) {
      if (!shared.quiet) {
        err.println("stancemap: training the codebook's heads on the encoder " + enc.getFileName());
        err.flush();
      }
      HeadSet base = CodebookTrainer.obtain(w.codebook(), tuned, w.cacheDir());
      DataTrainer.Trained t = DataTrainer.train(w.codebook(), tuned, base, tr, va, options);
      ModelProvenance p = t.heads().provenance();
      Map<String, String> params = new LinkedHashMap<>(p.params());
      params.putAll(extraParams);
      params.put(ModelFile.ENCODER_PARAM, enc.getFileName().toString());
      Map<String, String> validation = new LinkedHashMap<>(p.validation());
      validation.putAll(extraValidation);
      ModelProvenance np = new ModelProvenance(p.stancemapVersion(), p.trainerVersion(), p.codebookRef(),
          p.codebookSha256(), p.embeddingId(), p.embeddingSha256(), p.data(), p.dataSha256(), params, validation);
      return new DataTrainer.Trained(new HeadSet(t.heads().id(), t.heads().heads(), np), t.validation(), t.chosen());
    }
  }

  /** Writes {@code target} whole or not at all ({@link AtomicFiles}). */
  private static void writeAtomically(Path target, AtomicFiles.Content content) {
    try {
      AtomicFiles.write(target, content);
    } catch (IOException e) {
      throw new InvalidInputException("cannot write the encoder " + target + ": " + e.getMessage());
    }
  }
}
