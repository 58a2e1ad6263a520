package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/** The tolerant comparison that CPU classes without golden files of their own are held to. */
class GoldenDifferenceTest {
  private static String diff(String expected, String actual) {
    return GoldenExamplesTest.difference(JsonParser.parse(expected), JsonParser.parse(actual), "$");
  }

  @Test
  void scoresMayMoveByARoundingStepButNothingElseMay() {
    String golden = "{\"stance\": {\"russia\": {\"label\": \"against\", \"score\": 0.71}}, \"units\": [1, 2]}";
    assertNull(diff(golden, golden));
    assertNull(diff(golden, golden.replace("0.71", "0.72")), "one rounding step");
    assertNull(diff(golden, golden.replace("0.71", "0.69")), "two rounding steps");
    assertEquals("$.stance.russia.score: 0.71 expected, 0.75 found", diff(golden, golden.replace("0.71", "0.75")));
    assertEquals("$.stance.russia.label: " + Json.of("against") + " expected, " + Json.of("favor") + " found",
        diff(golden, golden.replace("against", "favor")));
    assertEquals("$.units: 2 items expected, 3 found", diff(golden, golden.replace("[1, 2]", "[1, 2, 3]")));
    assertEquals("$.stance.russia: fields [label, score] expected, [label] found",
        diff(golden, "{\"stance\": {\"russia\": {\"label\": \"against\"}}, \"units\": [1, 2]}"));
  }
}
