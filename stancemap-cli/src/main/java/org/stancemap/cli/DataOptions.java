package org.stancemap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.InvalidInputException;
import org.stancemap.evaluation.CodedText;
import org.stancemap.ingest.CodedDataReader;
import picocli.CommandLine.Option;

/** How coded data files are read: JSONL as documented, or CSV with a column mapping. */
final class DataOptions {
  @Option(names = "--text-column", paramLabel = "COLUMN", description = "CSV: the column that holds the text.")
  String textColumn;

  @Option(names = "--label-column", paramLabel = "COLUMN=DIMENSION",
      description = "CSV: a column holding labels of a dimension, e.g. \"Stance 1=stance:russia\". Repeatable.")
  List<String> labelColumns = new ArrayList<>();

  Map<String, String> mapping() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String s : labelColumns) {
      int eq = s.lastIndexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw new InvalidInputException("--label-column expects COLUMN=DIMENSION, e.g. \"Stance 1=stance:russia\"; "
            + "found '" + s + "'");
      }
      m.put(s.substring(0, eq), s.substring(eq + 1));
    }
    return m;
  }

  /** Reads every file; problems go to {@code problems}. */
  List<CodedText> read(List<Path> files, List<String> problems) {
    CodedDataReader reader = new CodedDataReader();
    List<CodedText> out = new ArrayList<>();
    for (Path f : files) {
      CodedDataReader.Result r = reader.read(f, textColumn, mapping());
      out.addAll(r.texts());
      problems.addAll(r.problems());
    }
    return out;
  }
}
