package org.stancemap.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV parser that reports broken rows instead of failing: quoted fields may hold commas, doubled quotes
 * and line breaks; a row with the wrong number of fields, an unterminated quote, or characters after a closing quote
 * (a stray quote, strict RFC 4180) is reported with its line number and skipped, and parsing resumes on the row's
 * next physical line, so that the rows a stray quote would have swallowed are still read.
 */
public final class Csv {
  /** A parsed row and the line it starts on (1-based). */
  public record Row(int line, List<String> fields) {}

  /** Rows and the problems found. */
  public record Parsed(List<String> header, List<Row> rows, List<String> problems) {}

  private Csv() {}

  public static Parsed parse(String text, String source) {
    List<Row> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int i = 0;
    int line = 1;
    int n = text.length();
    if (n > 0 && text.charAt(0) == '\uFEFF') {
      i = 1;
    }
    while (i < n) {
      int rowLine = line;
      int rowStart = i;
      List<String> fields = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      boolean fieldStart = true;
      String broken = null;
      while (i < n) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < n && text.charAt(i + 1) == '"') {
              f.append('"');
              i += 2;
              continue;
            }
            quoted = false;
            i++;
            // RFC 4180: a closing quote ends the field; anything but a comma or the end of the row after it means
            // the quote was stray, and the field's extent is unknown
            if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
              broken = "characters after the closing quote of field " + (fields.size() + 1) + " (a stray \" in a "
                  + "field must be doubled: \"\"); row skipped";
              break;
            }
            continue;
          }
          if (c == '\n') {
            line++;
          }
          f.append(c);
          i++;
          continue;
        }
        if (c == '"' && fieldStart) {
          quoted = true;
          fieldStart = false;
          i++;
          continue;
        }
        if (c == '"') {
          broken = "a quote inside unquoted field " + (fields.size() + 1) + " (a field that holds \" must be quoted"
              + " and the quote doubled); row skipped";
          break;
        }
        if (c == ',') {
          fields.add(f.toString());
          f.setLength(0);
          fieldStart = true;
          i++;
          continue;
        }
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
          continue;
        }
        if (c == '\n') {
          line++;
          i++;
          break;
        }
        f.append(c);
        fieldStart = false;
        i++;
      }
      if (quoted && broken == null) {
        broken = "unterminated quoted field; row skipped";
      }
      if (broken != null) {
        problems.add(source + ":" + rowLine + ": " + broken);
        // Resume on the row's next physical line: the rows a stray quote would have swallowed are read as rows.
        int next = text.indexOf('\n', rowStart);
        i = next < 0 ? n : next + 1;
        line = rowLine + 1;
        continue;
      }
      fields.add(f.toString());
      if (!(fields.size() == 1 && fields.get(0).isBlank())) {
        rows.add(new Row(rowLine, fields));
      }
    }
    if (rows.isEmpty()) {
      problems.add(source + ": no header row");
      return new Parsed(List.of(), List.of(), problems);
    }
    List<String> header = rows.get(0).fields().stream().map(String::strip).toList();
    List<Row> body = new ArrayList<>();
    for (Row r : rows.subList(1, rows.size())) {
      if (r.fields().size() != header.size()) {
        problems.add(source + ":" + r.line() + ": expected " + header.size() + " fields, found " + r.fields().size()
            + "; row skipped");
      } else {
        body.add(r);
      }
    }
    return new Parsed(header, body, problems);
  }
}
