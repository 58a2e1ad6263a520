package org.stancemap.sources.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.stancemap.InvalidInputException;
import org.stancemap.JsonException;
import org.stancemap.ingest.TextDecoder;
import org.stancemap.ingest.source.FileParser;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/**
 * JSON Lines exports of posts and comments: one JSON object per line, fields mapped by key as in CSV
 * ({@link PostFields}; an option may name a nested key with dots, {@code author-column=user.name}). Numbers and
 * booleans are read as their text; Unix times in seconds or milliseconds are dates. The location of a record is
 * {@code FILE#id=ID}, or {@code FILE#row=N}. A line that is not a JSON object is a failure with its line number;
 * the other lines are still read. The keys are learnt from the first 100 objects. Stateless.
 */
public final class JsonlPostsParser implements FileParser {
  @Override
  public Set<String> extensions() {
    return Set.of("jsonl", "ndjson");
  }

  @Override
  public void parse(Path file, ImportContext context, Consumer<SourceEvent> sink) {
    FileSupport.parseFile(file, context, sink, this::parse);
  }

  /**
   * Reads a JSON Lines export given as bytes (from a file system other than the local one): as {@link #parse(Path,
   * ImportContext, Consumer)}, with {@code location} as the file's name in locations and messages.
   *
   * @param sourceName the source of records that name none
   */
  public void parse(String location, String sourceName, byte[] bytes, ImportContext context,
      Consumer<SourceEvent> sink) {
    String text;
    try {
      text = new TextDecoder().decode(bytes, location).text();
    } catch (InvalidInputException e) {
      sink.accept(new SourceEvent.Failure(location, e.getMessage()));
      return;
    }
    String[] lines = text.split("\r?\n", -1);
    List<Object> parsed = new ArrayList<>(); // Json.Obj, or String (the failure reason), or null (blank)
    Set<String> keys = new LinkedHashSet<>();
    int objects = 0;
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (i == 0 && l.startsWith("\uFEFF")) {
        l = l.substring(1);
      }
      if (l.isEmpty()) {
        parsed.add(null);
        continue;
      }
      try {
        Json j = JsonParser.parse(l);
        if (j instanceof Json.Obj o) {
          parsed.add(o);
          if (objects++ < 100) {
            keys.addAll(o.fields().keySet());
          }
        } else {
          parsed.add(location + ":" + (i + 1) + ": expected a JSON object, found " + j.typeName() + "; line skipped");
        }
      } catch (JsonException e) {
        parsed.add(location + ":" + (i + 1) + ": not valid JSON (" + e.getMessage() + "); line skipped");
      }
    }
    if (objects == 0) {
      sink.accept(new SourceEvent.Failure(location, location + ": no JSON objects found; expected one post per line"));
      return;
    }
    PostFields fields;
    List<Json.Obj> sample = new ArrayList<>();
    for (Object o : parsed) {
      if (o instanceof Json.Obj obj && sample.size() < 100) {
        sample.add(obj);
      }
    }
    try {
      fields = PostFields.resolve(new ArrayList<>(keys), context, location,
          path -> sample.stream().anyMatch(o -> value(o, path) != null));
    } catch (InvalidInputException e) {
      sink.accept(new SourceEvent.Failure(location, e.getMessage()));
      return;
    }
    Set<String> seen = new HashSet<>();
    List<String> mapped = fields.mapped();
    int rowNo = 0;
    for (int i = 0; i < parsed.size(); i++) {
      Object o = parsed.get(i);
      if (o == null) {
        continue;
      }
      rowNo++;
      if (o instanceof String reason) {
        sink.accept(new SourceEvent.Failure(location + "#line=" + (i + 1), reason));
        continue;
      }
      Json.Obj obj = (Json.Obj) o;
      Map<String, String> others = new LinkedHashMap<>();
      for (Map.Entry<String, Json> f : obj.fields().entrySet()) {
        if (!mapped.contains(f.getKey())) {
          String v = scalar(f.getValue());
          if (v != null) {
            others.put(f.getKey(), v);
          }
        }
      }
      Posts.emit(location, sourceName, fields, key -> value(obj, key), others, location + ":" + (i + 1), rowNo, seen, context, sink);
    }
  }

  /** The text of a key or dotted path in {@code o}, or null. */
  static String value(Json.Obj o, String path) {
    if (o.has(path)) {
      return scalar(o.get(path));
    }
    Json cur = o;
    for (String part : path.split("\\.")) {
      if (!(cur instanceof Json.Obj co) || !co.has(part)) {
        return null;
      }
      cur = co.get(part);
    }
    return scalar(cur);
  }

  private static String scalar(Json j) {
    return switch (j) {
      case Json.Str s -> s.value();
      case Json.Int i -> Long.toString(i.value());
      case Json.Num n -> n.value() == Math.rint(n.value()) && Math.abs(n.value()) < 1e15
          ? Long.toString((long) n.value()) : String.format(Locale.ROOT, "%s", n.value());
      case Json.Bool b -> Boolean.toString(b.value());
      default -> null;
    };
  }
}
