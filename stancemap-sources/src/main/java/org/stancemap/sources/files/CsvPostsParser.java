package org.stancemap.sources.files;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.InvalidInputException;
import org.stancemap.ingest.Csv;
import org.stancemap.ingest.TextDecoder;
import org.stancemap.ingest.source.FileParser;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;

/**
 * CSV exports of posts and comments (RFC 4180, read with {@link Csv}; quoted fields may hold commas, quotes and line
 * breaks): one item per row, the fields mapped by {@link PostFields}. Thread structure is kept in {@code externalId}
 * and {@code parentId}. The location of a row is {@code FILE#id=ID}, or {@code FILE#row=N} (N counts data rows from
 * 1) when there is no id column. A broken row (wrong number of fields, unterminated quote) is a failure with its line
 * number, and the other rows are still read; an empty text, a duplicate id too. Stateless.
 */
public final class CsvPostsParser implements FileParser {
  private static final Pattern LINE = Pattern.compile(":(\\d+): ");

  @Override
  public Set<String> extensions() {
    return Set.of("csv");
  }

  @Override
  public void parse(Path file, ImportContext context, Consumer<SourceEvent> sink) {
    FileSupport.parseFile(file, context, sink, this::parse);
  }

  /**
   * Reads a CSV export given as bytes (from a file system other than the local one): as {@link #parse(Path,
   * ImportContext, Consumer)}, with {@code location} as the file's name in locations and messages.
   *
   * @param sourceName the source of rows that name none
   */
  public void parse(String location, String sourceName, byte[] bytes, ImportContext context,
      Consumer<SourceEvent> sink) {
    Csv.Parsed parsed;
    PostFields fields;
    try {
      String text = new TextDecoder().decode(bytes, location).text();
      parsed = Csv.parse(text, location);
      if (parsed.header().isEmpty()) {
        sink.accept(new SourceEvent.Failure(location, location + ": empty CSV: no header row"));
        return;
      }
      fields = PostFields.resolve(parsed.header(), context, location, name -> false);
    } catch (InvalidInputException e) {
      sink.accept(new SourceEvent.Failure(location, e.getMessage()));
      return;
    }
    // Problems and rows are merged in line order, so the events follow the file.
    List<String> problems = parsed.problems();
    int pi = 0;
    Set<String> seen = new HashSet<>();
    List<String> header = parsed.header();
    List<String> mapped = fields.mapped();
    int rowNo = 0;
    for (Csv.Row row : parsed.rows()) {
      while (pi < problems.size() && line(problems.get(pi)) < row.line()) {
        reportProblem(location, problems.get(pi++), sink);
      }
      rowNo++;
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        values.putIfAbsent(header.get(i), row.fields().get(i));
      }
      Map<String, String> others = new LinkedHashMap<>(values);
      mapped.forEach(others::remove);
      Posts.emit(location, sourceName, fields, values::get, others, location + ":" + row.line(), rowNo, seen, context, sink);
    }
    while (pi < problems.size()) {
      reportProblem(location, problems.get(pi++), sink);
    }
  }

  private static void reportProblem(String file, String problem, Consumer<SourceEvent> sink) {
    int line = line(problem);
    sink.accept(new SourceEvent.Failure(line > 0 ? file + "#line=" + line : file, problem));
  }

  private static int line(String problem) {
    Matcher m = LINE.matcher(problem);
    return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
  }
}
