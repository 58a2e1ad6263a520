package org.stancemap.json;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@link Json} deterministically: keys in insertion order, doubles with at most four decimals
 * ({@link Locale#ROOT}), non-ASCII characters kept as UTF-8 text, control characters escaped.
 */
public final class JsonWriter {
  private JsonWriter() {}

  public static String pretty(Json json) {
    StringBuilder sb = new StringBuilder();
    write(json, sb, 0, true);
    return sb.toString();
  }

  /** Pretty-prints {@code json} as if nested {@code depth} levels deep (for streaming a large array). */
  public static String pretty(Json json, int depth) {
    StringBuilder sb = new StringBuilder();
    write(json, sb, depth, true);
    return sb.toString();
  }

  public static String compact(Json json) {
    StringBuilder sb = new StringBuilder();
    write(json, sb, 0, false);
    return sb.toString();
  }

  private static void write(Json json, StringBuilder sb, int depth, boolean pretty) {
    switch (json) {
      case Json.Str s -> quote(s.value(), sb);
      case Json.Int i -> sb.append(i.value());
      case Json.Num n -> number(n.value(), sb);
      case Json.Bool b -> sb.append(b.value());
      case Json.Null n -> sb.append("null");
      case Json.Arr a -> array(a.items(), sb, depth, pretty);
      case Json.Obj o -> object(o.fields(), sb, depth, pretty);
    }
  }

  private static void array(List<Json> items, StringBuilder sb, int depth, boolean pretty) {
    if (items.isEmpty()) {
      sb.append("[]");
      return;
    }
    boolean scalars = items.stream().noneMatch(j -> j instanceof Json.Arr || j instanceof Json.Obj);
    sb.append('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append(',');
        if (pretty && scalars) {
          sb.append(' ');
        }
      }
      if (pretty && !scalars) {
        newline(sb, depth + 1);
      }
      write(items.get(i), sb, depth + 1, pretty);
    }
    if (pretty && !scalars) {
      newline(sb, depth);
    }
    sb.append(']');
  }

  private static void object(Map<String, Json> fields, StringBuilder sb, int depth, boolean pretty) {
    if (fields.isEmpty()) {
      sb.append("{}");
      return;
    }
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, Json> e : fields.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      if (pretty) {
        newline(sb, depth + 1);
      }
      quote(e.getKey(), sb);
      sb.append(pretty ? ": " : ":");
      write(e.getValue(), sb, depth + 1, pretty);
    }
    if (pretty) {
      newline(sb, depth);
    }
    sb.append('}');
  }

  private static void newline(StringBuilder sb, int depth) {
    sb.append('\n');
    sb.append("  ".repeat(depth));
  }

  static void number(double d, StringBuilder sb) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      sb.append("null");
      return;
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      sb.append((long) d);
      return;
    }
    String s = String.format(Locale.ROOT, "%.4f", d);
    // Trim trailing zeros so 0.5000 prints as 0.5.
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '0') {
      end--;
    }
    if (end > 0 && s.charAt(end - 1) == '.') {
      end--;
    }
    String trimmed = s.substring(0, end);
    sb.append(trimmed.equals("-0") ? "0" : trimmed);
  }

  static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
