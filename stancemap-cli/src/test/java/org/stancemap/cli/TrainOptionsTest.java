package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancemap.InvalidInputException;
import org.stancemap.model.DataTrainer;
import picocli.CommandLine;

/** The training flags of {@code stancemap train} and the options they give (no training runs here). */
class TrainOptionsTest {
  private static DataTrainer.Options parse(String... extra) {
    TrainCommand c = new TrainCommand();
    List<String> args = new ArrayList<>(List.of("--data", "x.jsonl", "--out", "m.json"));
    args.addAll(List.of(extra));
    new CommandLine(c).parseArgs(args.toArray(String[]::new));
    return c.options();
  }

  @Test
  void defaultsAreTfIdfWithBiasTuning() {
    DataTrainer.Options o = parse();
    assertEquals(DataTrainer.Lexical.TFIDF, o.lexical());
    assertTrue(o.tuneBias());
    assertEquals(3, o.tfidf().charMin());
    assertEquals(5, o.tfidf().charMax());
    assertEquals(4, o.tfidf().targetWindow());
    assertEquals(2, o.tfidf().minDf());
    assertEquals(List.of(1e-4, 1e-3, 1e-2), o.l2Grid());
    assertEquals(DataTrainer.Options.defaults(), o, "the CLI defaults are the library defaults");
  }

  @Test
  void everyFlagReachesTheOptions() {
    DataTrainer.Options o = parse("--lexical", "hashed", "--char-ngrams", "0", "--target-window", "0", "--min-df",
        "3", "--l2", "0.5,0.25", "--lexical-weight", "3", "--no-bias-tuning", "--iterations", "10", "--seed", "9");
    assertEquals(DataTrainer.Lexical.HASHED, o.lexical());
    assertEquals(0, o.tfidf().charMin());
    assertEquals(0, o.tfidf().targetWindow());
    assertEquals(3, o.tfidf().minDf());
    assertEquals(List.of(0.5, 0.25), o.l2Grid());
    assertEquals(List.of(3.0), o.lexicalGrid());
    assertFalse(o.tuneBias());
    assertEquals(10, o.iterations());
    assertEquals(9L, o.seed());
  }

  @Test
  void badValuesNameTheFlag() {
    var e = assertThrows(InvalidInputException.class, () -> parse("--lexical", "bert"));
    assertTrue(e.getMessage().contains("--lexical"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> parse("--char-ngrams", "three"));
    assertTrue(e.getMessage().contains("--char-ngrams"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> parse("--char-ngrams", "5..3"));
    assertTrue(e.getMessage().contains("5..3"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> parse("--l2", "-1"));
    assertTrue(e.getMessage().contains("L2"), e.getMessage());
  }

  private static TrainCommand command(String... extra) {
    TrainCommand c = new TrainCommand();
    List<String> args = new ArrayList<>(List.of("--data", "x.jsonl", "--out", "m.json"));
    args.addAll(List.of(extra));
    new CommandLine(c).parseArgs(args.toArray(String[]::new));
    return c;
  }

  @Test
  void fineTuningFlagsReachTheFineTuningOptions() {
    assertEquals(org.stancemap.finetune.FineTuner.Options.defaults(), command("--fine-tune").fineTuneOptions(),
        "the CLI defaults are the library defaults");
    var o = command("--fine-tune", "--epochs", "2", "--fine-tune-rate", "1e-4", "--batch-size", "8", "--max-tokens",
        "64", "--seed", "5").fineTuneOptions();
    assertEquals(2, o.epochs());
    assertEquals(1e-4, o.encoderLearningRate());
    assertEquals(8, o.batchSize());
    assertEquals(64, o.maxTokens());
    assertEquals(5L, o.seed());
    var e = assertThrows(InvalidInputException.class, () -> command("--epochs", "0").fineTuneOptions());
    assertTrue(e.getMessage().contains("--epochs"), e.getMessage());
    assertEquals(Path.of("out", "ruw.model.encoder.onnx"),
        TrainCommand.encoderFile(Path.of("out", "ruw.model.json")));
    assertEquals(Path.of("m.encoder.onnx"), TrainCommand.encoderFile(Path.of("m")));
  }
}
