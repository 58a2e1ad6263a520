package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stancemap.evaluation.Checklist;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/**
 * The shipped model holds the behavioural suite's documented floors (checklist/floor.json, set a little below the
 * figures in docs/benchmarks.md so that another CPU's int8 kernels do not fail the build): a regression in any
 * capability fails the build.
 */
class ChecklistFloorTest {
  @Test
  void theShippedModelHoldsEveryCapabilitysFloor() throws Exception {
    List<Checklist.Case> cases = Checklist.read(Fixture.ROOT.resolve("checklist/suite.jsonl"));
    assertTrue(cases.size() >= 400, "the suite has " + cases.size() + " cases");
    Checklist.Report r = Checklist.run(cases, ChecklistCommand.model(Fixture.ANALYZER));
    Json.Obj floor = JsonParser.parse(Files.readString(Fixture.ROOT.resolve("checklist/floor.json"),
        StandardCharsets.UTF_8)).asObj("floor.json");
    List<String> below = new ArrayList<>();
    double overall = floor.get("overall").asDouble("overall");
    if (r.passRate() < overall) {
      below.add(String.format(Locale.ROOT, "overall %.3f < %.3f", r.passRate(), overall));
    }
    Json.Obj caps = floor.get("capabilities").asObj("capabilities");
    Map<String, double[]> by = r.byCapability();
    assertEquals(caps.fields().keySet(), by.keySet(), "every capability has a floor");
    caps.fields().forEach((k, v) -> {
      double rate = by.get(k)[0] / by.get(k)[1];
      if (rate < v.asDouble(k)) {
        below.add(String.format(Locale.ROOT, "%s %.3f < %.3f", k, rate, v.asDouble(k)));
      }
    });
    assertEquals(List.of(), below, "capabilities below their floor");
  }
}
