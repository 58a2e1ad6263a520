package org.stancemap.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import org.stancemap.JsonException;

/**
 * A strict RFC 8259 JSON parser. Errors name the line and column. Nesting deeper than 512 levels is refused so
 * hostile input cannot exhaust the stack.
 */
public final class JsonParser {
  private static final int MAX_DEPTH = 512;
  private static final Pattern HEX4 = Pattern.compile("[0-9a-fA-F]{4}");
  private static final Pattern NUMBER =
      Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
  private final String s;
  private int pos;

  private JsonParser(String s) {
    this.s = s;
  }

  public static Json parse(String text) {
    JsonParser p = new JsonParser(text);
    p.ws();
    Json value = p.value(0);
    p.ws();
    if (p.pos != p.s.length()) {
      throw p.error("unexpected text after the JSON value");
    }
    return value;
  }

  private Json value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> new Json.Str(string());
      case 't' -> literal("true", new Json.Bool(true));
      case 'f' -> literal("false", new Json.Bool(false));
      case 'n' -> literal("null", Json.NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Json literal(String word, Json value) {
    if (!s.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
    return value;
  }

  private Json object(int depth) {
    pos++;
    LinkedHashMap<String, Json> fields = new LinkedHashMap<>();
    ws();
    if (peek() == '}') {
      pos++;
      return new Json.Obj(fields);
    }
    while (true) {
      ws();
      if (peek() != '"') {
        throw error("expected a quoted field name");
      }
      String key = string();
      ws();
      expect(':');
      ws();
      fields.put(key, value(depth + 1));
      ws();
      char c = peek();
      pos++;
      if (c == '}') {
        return new Json.Obj(fields);
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private Json array(int depth) {
    pos++;
    List<Json> items = new ArrayList<>();
    ws();
    if (peek() == ']') {
      pos++;
      return new Json.Arr(items);
    }
    while (true) {
      ws();
      items.add(value(depth + 1));
      ws();
      char c = peek();
      pos++;
      if (c == ']') {
        return new Json.Arr(items);
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    expect('"');
    // Fast path for strings without escapes (model files hold megabytes of base64): one scan, one copy.
    for (int i = pos; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        String out = s.substring(pos, i);
        pos = i + 1;
        return out;
      }
      if (c == '\\' || c < 0x20) {
        break; // the general loop below handles escapes and reports control characters
      }
    }
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        if (pos >= s.length()) {
          throw error("unterminated escape");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case '/' -> sb.append('/');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("truncated \\u escape");
            }
            String hex = s.substring(pos, pos + 4);
            if (!HEX4.matcher(hex).matches()) {
              throw error("invalid \\u escape");
            }
            sb.append((char) Integer.parseInt(hex, 16));
            pos += 4;
          }
          default -> throw error("invalid escape \\" + e);
        }
      } else if (c < 0x20) {
        pos--;
        throw error("control character in string");
      } else {
        sb.append(c);
      }
    }
  }

  private Json number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    boolean fraction = false;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c >= '0' && c <= '9') {
        pos++;
      } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        fraction = true;
        pos++;
      } else {
        break;
      }
    }
    String t = s.substring(start, pos);
    if (!NUMBER.matcher(t).matches()) {
      pos = start;
      throw error("invalid number '" + t + "'");
    }
    try {
      if (!fraction) {
        return new Json.Int(Long.parseLong(t));
      }
      return new Json.Num(Double.parseDouble(t));
    } catch (NumberFormatException e) {
      pos = start;
      throw error("invalid number '" + t + "'");
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    return s.charAt(pos);
  }

  private void expect(char c) {
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void ws() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        break;
      }
    }
  }

  private JsonException error(String what) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < Math.min(pos, s.length()); i++) {
      if (s.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new JsonException("line " + line + ", column " + col + ": " + what);
  }
}
