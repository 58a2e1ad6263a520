package org.stancemap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stancemap.InvalidInputException;
import org.stancemap.evaluation.CodedText;
import org.stancemap.evaluation.Metrics;
import org.stancemap.model.DataTrainer;
import org.stancemap.model.ModelFile;
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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    if (shared.model != null) {
      throw new InvalidInputException("train builds on the codebook's default model; --model is not used here");
    }
    List<String> problems = new ArrayList<>();
    List<CodedText> tr = data.read(train, problems);
    List<CodedText> va = data.read(validation, problems);
    problems.forEach(p -> err.println("stancemap: " + p));
    if (tr.isEmpty()) {
      throw new InvalidInputException("no usable training texts in " + train);
    }
    try (Wiring w = new Wiring(shared, err)) {
      if (!shared.quiet) {
        err.println("stancemap: training on " + tr.size() + " texts" + (va.isEmpty() ? "" : ", validating on "
            + va.size()));
        err.flush();
      }
      DataTrainer.Trained t = DataTrainer.train(w.codebook(), w.embedding(), w.heads(), tr, va,
          DataTrainer.Options.defaults());
      ModelFile.write(t.heads(), out);
      o.println("wrote " + out + " (" + t.heads().id() + ")");
      t.chosen().forEach((d, c) -> o.println("  " + d + ": " + c));
      for (Metrics m : t.validation().values()) {
        o.println(String.format(Locale.ROOT, "  validation %s: F_avg %.3f, macro-F1 %.3f, accuracy %.3f (n=%d)",
            m.dimension(), m.fAvg(), m.macroF1(), m.accuracy(), m.n()));
      }
      o.flush();
    }
    return problems.isEmpty() ? StancemapTool.OK : StancemapTool.SOME_INPUTS_FAILED;
  }
}
