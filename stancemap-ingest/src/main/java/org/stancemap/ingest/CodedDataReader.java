package org.stancemap.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stancemap.InvalidInputException;
import org.stancemap.JsonException;
import org.stancemap.evaluation.CodedText;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/**
 * Reads hand-coded data for training and evaluation.
 *
 * <ul>
 *   <li>JSONL ({@code .jsonl}): one object per line,
 *       {@code {"text": "...", "labels": {"stance:russia": "against", "narrative:west-aggressor": true}}};
 *   <li>CSV ({@code .csv}): a text column and label columns mapped to dimensions
 *       ({@code --text-column Tweet --label-column "Stance 1=stance:russia"}).
 * </ul>
 *
 * <p>Values are normalised: strings lower-cased and trimmed ({@code FAVOR} → {@code favor}), booleans to
 * {@code true}/{@code false}; an empty value is unknown. Broken rows are reported with file and line and skipped.
 */
public final class CodedDataReader {

  /** The texts read and the problems found. */
  public record Result(List<CodedText> texts, List<String> problems) {}

  private final TextDecoder decoder = new TextDecoder();

  /**
   * Reads one file.
   *
   * @param textColumn CSV only: the column holding the text
   * @param labelColumns CSV only: column name to dimension
   */
  public Result read(Path file, String textColumn, Map<String, String> labelColumns) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String text;
    try {
      text = decoder.decode(Files.readAllBytes(file), file.toString()).text();
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return jsonl(text, file.toString());
    }
    if (name.endsWith(".csv")) {
      if (textColumn == null || labelColumns.isEmpty()) {
        throw new InvalidInputException(file + ": CSV needs --text-column and at least one --label-column "
            + "COLUMN=DIMENSION");
      }
      return csv(text, file.toString(), textColumn, labelColumns);
    }
    throw new InvalidInputException(file + ": unknown data format; use .jsonl (documented in docs/training.md) or "
        + ".csv with --text-column and --label-column");
  }

  private Result jsonl(String text, String source) {
    List<CodedText> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = source + ":" + (i + 1);
      try {
        Json.Obj o = JsonParser.parse(line).asObj(where);
        String t = o.get("text").asString(where + ": text");
        Map<String, String> labels = new LinkedHashMap<>();
        if (o.has("labels")) {
          o.get("labels").asObj(where + ": labels").fields().forEach((k, v) -> {
            String value = switch (v) {
              case Json.Bool b -> Boolean.toString(b.value());
              case Json.Str s -> s.value().strip().toLowerCase(Locale.ROOT);
              case Json.Null x -> "";
              default -> throw new JsonException(where + ": labels." + k + ": expected a string or boolean");
            };
            if (!value.isEmpty()) {
              labels.put(k, value);
            }
          });
        }
        if (t.isBlank()) {
          problems.add(where + ": empty text; skipped");
        } else {
          out.add(new CodedText(t, labels, where));
        }
      } catch (JsonException e) {
        problems.add(where + ": " + e.getMessage() + "; skipped");
      }
    }
    return new Result(out, problems);
  }

  private Result csv(String text, String source, String textColumn, Map<String, String> labelColumns) {
    Csv.Parsed p = Csv.parse(text, source);
    List<String> problems = new ArrayList<>(p.problems());
    int ti = p.header().indexOf(textColumn);
    if (ti < 0) {
      throw new InvalidInputException(source + ": no column '" + textColumn + "'; columns are " + p.header());
    }
    Map<String, Integer> li = new LinkedHashMap<>();
    for (var e : labelColumns.entrySet()) {
      int k = p.header().indexOf(e.getKey());
      if (k < 0) {
        throw new InvalidInputException(source + ": no column '" + e.getKey() + "'; columns are " + p.header());
      }
      li.put(e.getValue(), k);
    }
    List<CodedText> out = new ArrayList<>();
    for (Csv.Row r : p.rows()) {
      String t = r.fields().get(ti);
      if (t.isBlank()) {
        problems.add(source + ":" + r.line() + ": empty text; skipped");
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      li.forEach((dim, k) -> {
        String v = r.fields().get(k).strip().toLowerCase(Locale.ROOT);
        if (!v.isEmpty()) {
          labels.put(dim, v);
        }
      });
      out.add(new CodedText(t, labels, source + ":" + r.line()));
    }
    return new Result(out, problems);
  }
}
