package org.stancemap.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancemap.JsonException;

class JsonParserTest {

  private static void assertError(String json, String position, String what) {
    JsonException e = assertThrows(JsonException.class, () -> JsonParser.parse(json), json);
    assertTrue(e.getMessage().startsWith(position + ": "), "expected '" + position + "' in: " + e.getMessage());
    assertTrue(e.getMessage().contains(what), "expected '" + what + "' in: " + e.getMessage());
  }

  @Test
  void parsesScalars() {
    assertEquals(new Json.Int(42), JsonParser.parse("42"));
    assertEquals(new Json.Int(-7), JsonParser.parse(" -7 "));
    assertEquals(new Json.Num(0.5), JsonParser.parse("0.5"));
    assertEquals(new Json.Num(-150.0), JsonParser.parse("-1.5E2"));
    assertEquals(new Json.Num(0.01), JsonParser.parse("1e-2"));
    assertEquals(new Json.Bool(true), JsonParser.parse("true"));
    assertEquals(new Json.Bool(false), JsonParser.parse("false"));
    assertEquals(Json.NULL, JsonParser.parse("null"));
    assertEquals(new Json.Str(""), JsonParser.parse("\"\""));
  }

  @Test
  void parsesNestedValuesInOrder() {
    Json v = JsonParser.parse("{ \"z\": [1, 2.5, {\"x\": null}], \"a\": {\"b\": {\"c\": [true, false, \"s\"]}} }");
    Json.Obj o = v.asObj("(root)");
    assertEquals(List.of("z", "a"), List.copyOf(o.fields().keySet()));
    List<Json> z = o.get("z").asList("z");
    assertEquals(3, z.size());
    assertEquals(1L, z.get(0).asLong("z[0]"));
    assertEquals(2.5, z.get(1).asDouble("z[1]"));
    assertEquals(Json.NULL, z.get(2).asObj("z[2]").get("x"));
    assertEquals("s", o.get("a").asObj("a").get("b").asObj("b").get("c").asList("c").get(2).asString("c[2]"));
    assertEquals(Json.NULL, o.get("missing"));
  }

  @Test
  void roundTripsNestedValuesThroughBothWriters() {
    Json v = Json.obj()
        .put("title", "“Quotes”, \\ backslashes and\nnewlines")
        .put("count", 3L)
        .put("ratio", 0.25)
        .put("flag", false)
        .put("nothing", Json.NULL)
        .put("list", Json.arr(List.of(Json.of(1L), Json.arr(List.of(Json.of("deep"), Json.obj().build())))))
        .put("obj", Json.obj().put("inner", Json.arr(List.of())).put("k", -0.5).build())
        .build();
    assertEquals(v, JsonParser.parse(JsonWriter.compact(v)));
    assertEquals(v, JsonParser.parse(JsonWriter.pretty(v)));
    assertEquals(JsonWriter.pretty(v), JsonWriter.pretty(JsonParser.parse(JsonWriter.pretty(v))));
  }

  @Test
  void integralDoublesComeBackAsIntegers() {
    Json back = JsonParser.parse(JsonWriter.compact(Json.of(2.0)));
    assertEquals(new Json.Int(2), back);
    assertEquals(2.0, back.asDouble("x"));
  }

  @Test
  void decodesEscapes() {
    assertEquals("\" \\ / \b \f \n \r \t", JsonParser.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"").asString("s"));
    assertEquals("é\u2028", JsonParser.parse("\"\\u00e9\\u2028\"").asString("s"));
    assertEquals("😀", JsonParser.parse("\"\\ud83d\\ude00\"").asString("s"));
    assertEquals("Київ 中文", JsonParser.parse("\"Київ 中文\"").asString("s"));
  }

  @Test
  void reportsLineAndColumnOfErrors() {
    assertError("{\n  \"a\": tru\n}", "line 2, column 8", "expected true");
    assertError("[1,]", "line 1, column 4", "unexpected character ']'");
    assertError("{\"a\":1,}", "line 1, column 8", "expected a quoted field name");
    assertError("{\"a\" 1}", "line 1, column 6", "expected ':'");
    assertError("[\n1,\n2\n", "line 4, column 1", "unexpected end of input");
    assertError("\"abc", "line 1, column 5", "unterminated string");
    assertError("[1] x", "line 1, column 5", "unexpected text after the JSON value");
    assertError("", "line 1, column 1", "unexpected end of input");
    assertError("{\"a\":\n\n  [1 2]}", "line 3, column 6", "expected ',' or ']'");
    assertError("{\"a\": 1 \"b\": 2}", "line 1, column 9", "expected ',' or '}'");
  }

  @Test
  void refusesMalformedLiteralsNumbersAndStrings() {
    assertError("nul", "line 1, column 1", "expected null");
    assertError("NaN", "line 1, column 1", "unexpected character 'N'");
    assertError("-", "line 1, column 1", "invalid number");
    assertError("1.5e", "line 1, column 1", "invalid number");
    assertError("\"a\tb\"", "line 1, column 3", "control character in string");
    assertError("\"\\x\"", "line 1, column 4", "invalid escape");
    assertError("\"\\uZZZZ\"", "line 1, column 4", "invalid \\u escape");
    assertError("\"\\u12\"", "line 1, column 4", "truncated \\u escape");
    assertError("'single'", "line 1, column 1", "unexpected character");
    assertError("\u00a0[1]", "line 1, column 1", "unexpected character");
  }

  @Test
  void refusesSignedUnicodeEscapes() {
    assertError("\"\\u+041\"", "line 1, column 4", "invalid \\u escape");
    assertError("\"\\u-001\"", "line 1, column 4", "invalid \\u escape");
  }

  @Test
  void refusesNumbersOutsideTheRfcGrammar() {
    for (String bad : List.of("01", "-01", "1.", "1.e5")) {
      assertThrows(JsonException.class, () -> JsonParser.parse(bad), bad);
    }
  }

  @Test
  void refusesDeepNesting() {
    JsonException e = assertThrows(JsonException.class, () -> JsonParser.parse("[".repeat(600)));
    assertTrue(e.getMessage().contains("nesting deeper than 512"), e.getMessage());
    JsonException o = assertThrows(JsonException.class,
        () -> JsonParser.parse("{\"a\":".repeat(600) + "1" + "}".repeat(600)));
    assertTrue(o.getMessage().contains("nesting deeper than 512"), o.getMessage());
  }

  @Test
  void acceptsNestingUpToTheLimit() {
    Json v = JsonParser.parse("[".repeat(512) + "]".repeat(512));
    int depth = 0;
    while (v instanceof Json.Arr a && !a.items().isEmpty()) {
      v = a.items().get(0);
      depth++;
    }
    assertEquals(511, depth);
    assertInstanceOf(Json.Arr.class, v);
  }

  @Test
  void duplicateKeysKeepTheLastValue() {
    assertEquals(new Json.Int(2), JsonParser.parse("{\"a\":1,\"a\":2}").asObj("o").get("a"));
  }

  @Test
  void typedAccessorsNameThePathOnMismatch() {
    Json v = JsonParser.parse("{\"n\": \"text\"}");
    JsonException e = assertThrows(JsonException.class, () -> v.asObj("(root)").get("n").asDouble("root.n"));
    assertEquals("root.n: expected a number, found a string", e.getMessage());
    assertThrows(JsonException.class, () -> new Json.Num(1.5).asLong("x"));
    assertEquals(3L, new Json.Num(3.0).asLong("x"));
  }

  // ---- seeded random round trips ------------------------------------------------------------------------------

  private static final String SPECIAL = "\"\\/\u2028\u2029\u007f\ufeff";
  private static final String NON_ASCII = "Київ中文é";

  private static String randomString(Random r) {
    int n = r.nextInt(40);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0 -> sb.append((char) r.nextInt(0x20));
        case 1 -> sb.append(SPECIAL.charAt(r.nextInt(SPECIAL.length())));
        case 2 -> sb.append((char) (0x20 + r.nextInt(0x5f)));
        case 3 -> sb.appendCodePoint(0x1F300 + r.nextInt(0x300));
        case 4 -> sb.append((char) r.nextInt(0x10000)); // anything, lone surrogates included
        default -> sb.append(NON_ASCII.charAt(r.nextInt(NON_ASCII.length())));
      }
    }
    return sb.toString();
  }

  private static Json randomValue(Random r, int depth) {
    int k = r.nextInt(depth > 4 ? 5 : 7);
    return switch (k) {
      case 0 -> Json.of(randomString(r));
      case 1 -> Json.of(r.nextLong());
      case 2 -> Json.of((r.nextInt(2_000_001) - 1_000_000) + (1 + r.nextInt(15)) / 16.0);
      case 3 -> Json.of(r.nextBoolean());
      case 4 -> Json.NULL;
      case 5 -> {
        List<Json> items = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          items.add(randomValue(r, depth + 1));
        }
        yield Json.arr(items);
      }
      default -> {
        Map<String, Json> fields = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          fields.put(randomString(r), randomValue(r, depth + 1));
        }
        yield new Json.Obj(fields);
      }
    };
  }

  @Test
  void randomStringsRoundTrip() {
    long seed = Long.getLong("stancemap.test.seed", 8259L);
    Random r = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      String s = randomString(r);
      String written = JsonWriter.compact(Json.of(s));
      for (int c = 1; c < written.length() - 1; c++) {
        char ch = written.charAt(c);
        assertTrue(ch >= 0x20 && ch != '\u2028' && ch != '\u2029',
            "seed=" + seed + " i=" + i + ": raw character U+" + Integer.toHexString(ch) + " in " + written);
      }
      assertEquals(s, JsonParser.parse(written).asString("s"), "seed=" + seed + " i=" + i + " written=" + written);
    }
  }

  @Test
  void randomValuesRoundTrip() {
    long seed = Long.getLong("stancemap.test.seed", 8259L) + 1;
    Random r = new Random(seed);
    for (int i = 0; i < 300; i++) {
      Json v = randomValue(r, 0);
      String compact = JsonWriter.compact(v);
      assertEquals(v, JsonParser.parse(compact), "seed=" + seed + " i=" + i + " json=" + compact);
      assertEquals(v, JsonParser.parse(JsonWriter.pretty(v)), "seed=" + seed + " i=" + i + " json=" + compact);
    }
  }
}
