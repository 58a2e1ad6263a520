package org.stancemap.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  private static String num(double d) {
    return JsonWriter.compact(Json.of(d));
  }

  private static String str(String s) {
    return JsonWriter.compact(Json.of(s));
  }

  @Test
  void writesDoublesWithAtMostFourDecimals() {
    assertEquals("0.5", num(0.5));
    assertEquals("1", num(1.0));
    assertEquals("-2", num(-2.0));
    assertEquals("0.1235", num(0.123456));
    assertEquals("-1.2346", num(-1.23456789));
    assertEquals("123456789.1235", num(123456789.123456));
    assertEquals("0.0625", num(0.0625));
    assertEquals("1", num(0.99999), "rounding up to an integer drops the decimals");
    assertEquals("1000000000000000", num(1e15));
  }

  @Test
  void negativeZeroAndTinyNegativesAreWrittenAsZero() {
    assertEquals("0", num(-0.0));
    assertEquals("0", num(-0.00004));
    assertEquals("0", num(0.00004));
    assertEquals("0", num(1e-10));
  }

  @Test
  void nonFiniteNumbersAreWrittenAsNull() {
    assertEquals("null", num(Double.NaN));
    assertEquals("null", num(Double.POSITIVE_INFINITY));
    assertEquals("null", num(Double.NEGATIVE_INFINITY));
  }

  @Test
  void numberFormatDoesNotDependOnTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      for (String tag : List.of("de-DE", "fr-FR", "ar-EG", "hi-IN", "fa-IR")) {
        Locale.setDefault(Locale.forLanguageTag(tag));
        assertEquals("0.5", num(0.5), tag);
        assertEquals("-1234.5679", num(-1234.56789), tag);
        assertEquals("\"\\u2028\"", str("\u2028"), tag);
      }
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void integersAreWrittenExactly() {
    assertEquals("9223372036854775807", JsonWriter.compact(Json.of(Long.MAX_VALUE)));
    assertEquals("-42", JsonWriter.compact(Json.of(-42L)));
  }

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    assertEquals("\"say \\\"no\\\" \\\\ back\"", str("say \"no\" \\ back"));
    assertEquals("\"\\n\\r\\t\\b\\f\"", str("\n\r\t\b\f"));
    assertEquals("\"\\u0000\\u0001\\u001f\"", str("\u0000\u0001\u001f"));
  }

  @Test
  void escapesLineAndParagraphSeparators() {
    assertEquals("\"a\\u2028b\\u2029c\"", str("a\u2028b\u2029c"));
  }

  @Test
  void keepsNonAsciiCharactersAsText() {
    assertEquals("\"Київ é 中文 😀 /\"", str("Київ é 中文 😀 /"));
  }

  @Test
  void keepsKeysInInsertionOrder() {
    Json o = Json.obj().put("zeta", 1L).put("alpha", 2L).put("mid", 3L).build();
    assertEquals("{\"zeta\":1,\"alpha\":2,\"mid\":3}", JsonWriter.compact(o));
  }

  @Test
  void nullValuesInTheBuilderAreJsonNull() {
    Json o = Json.obj().put("s", (String) null).put("j", (Json) null).build();
    assertEquals("{\"s\":null,\"j\":null}", JsonWriter.compact(o));
  }

  @Test
  void prettyPrintsNestedValuesDeterministically() {
    Json o = Json.obj()
        .put("b", 1L)
        .put("a", Json.arr(List.of(Json.of("x"), Json.obj().put("k", true).build(), Json.NULL)))
        .put("scalars", Json.arr(List.of(Json.of(1L), Json.of(0.5), Json.of("s"))))
        .put("e", Json.arr(List.of()))
        .put("f", Json.obj().build())
        .build();
    String expected = """
        {
          "b": 1,
          "a": [
            "x",
            {
              "k": true
            },
            null
          ],
          "scalars": [1, 0.5, "s"],
          "e": [],
          "f": {}
        }""";
    assertEquals(expected, JsonWriter.pretty(o));
    assertEquals("{\"b\":1,\"a\":[\"x\",{\"k\":true},null],\"scalars\":[1,0.5,\"s\"],\"e\":[],\"f\":{}}",
        JsonWriter.compact(o));
  }

  @Test
  void prettyAtADepthIndentsNestedLines() {
    Json o = Json.obj().put("k", 1L).build();
    assertEquals("{\n      \"k\": 1\n    }", JsonWriter.pretty(o, 2));
  }

  @Test
  void compactOutputHasNoWhitespaceOutsideStrings() {
    Json o = Json.obj().put("a b", Json.arr(List.of(Json.of("c d"), Json.of(1L)))).build();
    String s = JsonWriter.compact(o);
    assertEquals("{\"a b\":[\"c d\",1]}", s);
    assertFalse(s.contains("\n"));
    assertTrue(JsonParser.parse(s).equals(o));
  }
}
