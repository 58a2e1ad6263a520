package org.stancemap.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.json.JsonWriter;
import org.stancemap.text.Region;
import org.stancemap.text.Span;
import org.stancemap.text.UnitKind;

/** The small text encodings of the schema: JSON for metadata and hints, {@code start-end,...} for evidence. */
public final class Codec {
  private Codec() {}

  static String extra(Map<String, String> extra) {
    Json.ObjBuilder b = Json.obj();
    new TreeMap<>(extra).forEach(b::put);
    return JsonWriter.compact(b.build());
  }

  static Map<String, String> readExtra(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonParser.parse(json).asObj("extra").fields().forEach((k, v) -> out.put(k, v.asString("extra." + k)));
    return out;
  }

  public static String strings(List<String> list) {
    return JsonWriter.compact(Json.arr(list.stream().map(Json::of).toList()));
  }

  static List<String> readStrings(String json) {
    return JsonParser.parse(json).asList("notes").stream().map(j -> j.asString("notes[]")).toList();
  }

  public static String regions(List<Region> regions) {
    List<Json> out = new ArrayList<>();
    for (Region r : regions) {
      out.add(Json.obj().put("kind", r.kind().id()).put("start", r.span().start()).put("end", r.span().end())
          .put("author", r.author()).put("date", r.date()).build());
    }
    return JsonWriter.compact(Json.arr(out));
  }

  public static List<Region> readRegions(String json) {
    List<Region> out = new ArrayList<>();
    for (Json j : JsonParser.parse(json).asList("regions")) {
      Json.Obj o = j.asObj("regions[]");
      out.add(new Region(UnitKind.valueOf(o.get("kind").asString("kind").toUpperCase(Locale.ROOT)),
          new Span((int) o.get("start").asLong("start"), (int) o.get("end").asLong("end")), nullable(o.get("author")),
          nullable(o.get("date"))));
    }
    return out;
  }

  private static String nullable(Json j) {
    return j instanceof Json.Str s ? s.value() : null;
  }

  public static String spans(List<Span> spans) {
    return JsonWriter.compact(Json.arr(spans.stream().map(s -> (Json) Json.arr(List.of(Json.of(s.start()),
        Json.of(s.end())))).toList()));
  }

  public static List<Span> readSpans(String json) {
    List<Span> out = new ArrayList<>();
    for (Json j : JsonParser.parse(json).asList("furniture")) {
      List<Json> p = j.asList("furniture[]");
      out.add(new Span((int) p.get(0).asLong("start"), (int) p.get(1).asLong("end")));
    }
    return out;
  }

  /** Evidence spans as {@code start-end,start-end} (empty for none). */
  static String evidence(List<Span> spans) {
    StringBuilder sb = new StringBuilder();
    for (Span s : spans) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(s.start()).append('-').append(s.end());
    }
    return sb.toString();
  }

  static List<Span> readEvidence(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<Span> out = new ArrayList<>();
    for (String part : text.split(",")) {
      int dash = part.indexOf('-');
      out.add(new Span(Integer.parseInt(part.substring(0, dash)), Integer.parseInt(part.substring(dash + 1))));
    }
    return out;
  }
}
