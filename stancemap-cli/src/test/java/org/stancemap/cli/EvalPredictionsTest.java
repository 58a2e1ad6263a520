package org.stancemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/** {@code eval --predictions}: every coded text with its human and model labels, consistent with the metrics. */
class EvalPredictionsTest {
  private static final List<String> LINES = List.of(
      "{\"text\": \"Putin's invasion is a crime, and the Ukrainian resistance deserves every bit of our support.\", "
          + "\"labels\": {\"stance:russia\": \"against\", \"stance:ukraine\": \"favor\"}}",
      "{\"text\": \"NATO pushed east for thirty years, so Russia had every right to defend its borders.\", "
          + "\"labels\": {\"stance:russia\": \"favor\", \"narrative:west-aggressor\": true}}",
      "{\"text\": \"The allotment society meets on Tuesday evening to plan the spring planting.\", "
          + "\"labels\": {\"stance:russia\": \"none\"}}",
      "{\"text\": \"Kyiv's government is a puppet run from Washington, and Zelensky takes his orders there.\", "
          + "\"labels\": {\"stance:ukraine\": \"against\", \"narrative:ukraine-puppet-of-west\": true}}");

  @Test
  void everyCodedTextComesBackWithGoldPredictedAndEvidence(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("coded.jsonl");
    Files.write(data, LINES, StandardCharsets.UTF_8);
    Path out = dir.resolve("out").resolve("predictions.jsonl");
    StoreCommandsTest.Run r = StoreCommandsTest.run("eval", "-q", "--format", "json", "--data", data.toString(),
        "--predictions", out.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    Json.Obj metrics = JsonParser.parse(r.out()).asObj("").get("dimensions").asObj("dimensions");

    List<String> written = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertEquals(LINES.size(), written.size());
    int[] agreeRussia = {0, 0};
    for (int i = 0; i < written.size(); i++) {
      Json.Obj row = JsonParser.parse(written.get(i)).asObj("row");
      Json.Obj coded = JsonParser.parse(LINES.get(i)).asObj("coded");
      assertEquals(coded.get("text").asString("text"), row.get("text").asString("text"));
      assertTrue(row.get("origin").asString("origin").endsWith("coded.jsonl:" + (i + 1)), row.toString());
      assertFalse(row.has("fold"));
      Json.Obj labels = row.get("labels").asObj("labels");
      Json.Obj codedLabels = coded.get("labels").asObj("labels");
      assertEquals(codedLabels.fields().keySet(), labels.fields().keySet());
      for (String d : labels.fields().keySet()) {
        Json.Obj cell = labels.get(d).asObj(d);
        String gold = codedLabels.get(d) instanceof Json.Bool b ? Boolean.toString(b.value())
            : codedLabels.get(d).asString(d);
        assertEquals(gold, cell.get("gold").asString("gold"));
        String predicted = cell.get("predicted").asString("predicted");
        assertEquals(gold.equals(predicted), cell.get("agree") instanceof Json.Bool b && b.value());
        if (predicted.equals("false")) {
          assertEquals(Json.NULL, cell.get("confidence"), "no probability of its own: " + cell);
        } else {
          double c = cell.get("confidence").asDouble("confidence");
          assertTrue(c > 0 && c <= 1, cell.toString());
          if (predicted.equals("none") && d.startsWith("stance:")) {
            // the text names the target or not: sure when it does not, otherwise 1 - the best side's probability
            assertTrue(c >= 1 - 0.5 - 1e-9, "a none below the stance threshold is at least 0.5 sure: " + cell);
          }
        }
        List<Json> evidence = cell.get("evidence").asList("evidence");
        if (!Set.of("none", "false").contains(predicted)) {
          assertFalse(evidence.isEmpty(), "a label with its evidence: " + cell);
        }
        for (Json e : evidence) {
          assertTrue(row.get("text").asString("text").contains(e.asString("e")), "evidence from the text: " + e);
        }
        if (d.equals("stance:russia")) {
          agreeRussia[0]++;
          agreeRussia[1] += gold.equals(predicted) ? 1 : 0;
        }
      }
    }
    Json.Obj allotments = JsonParser.parse(written.get(2)).asObj("row").get("labels").asObj("l")
        .get("stance:russia").asObj("c");
    assertEquals("none", allotments.get("predicted").asString("p"));
    assertEquals(1.0, allotments.get("confidence").asDouble("c"), "a text that names no target: certainly none");
    double accuracy = metrics.get("stance:russia").asObj("m").get("accuracy").asDouble("accuracy");
    assertEquals(accuracy, agreeRussia[1] / (double) agreeRussia[0], 1e-9, "the rows agree with the metrics");
  }

  @Test
  void crossValidationNamesEachTextsFold(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("coded.jsonl");
    List<String> doubled = new ArrayList<>();
    List<String[]> coded = List.of(
        new String[] {"Russian troops shelled the station in Kramatorsk while families waited for trains.", "against"},
        new String[] {"Putin's regime jails anyone who calls this war a war.", "against"},
        new String[] {"The occupiers deported children from Kherson to camps in Russia.", "against"},
        new String[] {"The special military operation freed Donbas from eight years of shelling by Kyiv.", "favor"},
        new String[] {"Russia had every right to defend its borders once NATO reached them.", "favor"},
        new String[] {"Moscow stands up for a multipolar world against the American empire.", "favor"},
        new String[] {"The library opens again on Monday after the roof repairs are finished.", "none"},
        new String[] {"Russian and Ukrainian officials met in Istanbul to talk about grain shipments.", "none"},
        new String[] {"Our choir rehearses on Thursdays in the community hall.", "none"},
        new String[] {"Kremlin propaganda calls the bombing of Mariupol a liberation.", "against"},
        new String[] {"Only Russia has dared to break the unipolar order of Washington.", "favor"},
        new String[] {"The bakery on Mill Street now sells rye bread on Saturdays.", "none"});
    for (String[] c : coded) {
      doubled.add("{\"text\": \"" + c[0] + "\", \"labels\": {\"stance:russia\": \"" + c[1] + "\"}}");
    }
    Files.write(data, doubled, StandardCharsets.UTF_8);
    Path out = dir.resolve("cv.jsonl");
    StoreCommandsTest.Run r = StoreCommandsTest.run("eval", "-q", "--cv", "2", "--data", data.toString(),
        "--predictions", out.toString());
    assertEquals(StancemapTool.OK, r.code(), r.err());
    List<String> written = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertFalse(written.isEmpty());
    Set<Double> folds = new HashSet<>();
    for (String line : written) {
      Json.Obj row = JsonParser.parse(line).asObj("row");
      folds.add(row.get("fold").asDouble("fold"));
      for (Json cell : row.get("labels").asObj("labels").fields().values()) {
        double c = cell.asObj("c").get("confidence").asDouble("confidence"); // trained heads: always a probability
        assertTrue(c > 0 && c <= 1, cell.toString());
      }
      assertFalse(row.get("labels").asObj("labels").fields().values().iterator().next().asObj("c").has("evidence"),
          "trained heads give no evidence sentences");
    }
    assertEquals(Set.of(0.0, 1.0), folds);
  }

  @Test
  void aFolderIsRefusedBeforeAnythingRuns(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("coded.jsonl");
    Files.write(data, LINES, StandardCharsets.UTF_8);
    StoreCommandsTest.Run r = StoreCommandsTest.run("eval", "-q", "--data", data.toString(), "--predictions",
        dir.toString());
    assertEquals(StancemapTool.USAGE, r.code());
    assertTrue(r.err().contains("is a folder; give a file name"), r.err());
    assertEquals("", r.out(), "no metrics printed");
  }
}
