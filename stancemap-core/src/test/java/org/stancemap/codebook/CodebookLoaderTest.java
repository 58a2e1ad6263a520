package org.stancemap.codebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.CodebookException;
import org.stancemap.InvalidInputException;
import org.stancemap.text.Hashing;

class CodebookLoaderTest {
  private static final Pattern BRACKETED = Pattern.compile("\\[([^\\[\\]]+)]");
  private static Codebook builtin;

  @BeforeAll
  static void loadBuiltin() {
    builtin = CodebookLoader.builtin("ru-ua-left");
  }

  /** Every label of the codebook with its path: target stances, narratives, techniques, roles, positions. */
  private static Map<String, Label> allLabels(Codebook cb) {
    Map<String, Label> labels = new LinkedHashMap<>();
    for (Target t : cb.targets()) {
      for (Stance s : Stance.values()) {
        labels.put("targets." + t.id() + ".stance." + s.id(), t.stances().get(s));
      }
    }
    cb.narratives().forEach(l -> labels.put("narratives." + l.id(), l));
    cb.techniques().forEach(l -> labels.put("techniques." + l.id(), l));
    cb.roles().forEach(l -> labels.put("roles." + l.id(), l));
    cb.positions().forEach(p -> labels.put("positions." + p.id(), p.label()));
    return labels;
  }

  private static CodebookException invalid(String yaml) {
    return assertThrows(CodebookException.class,
        () -> CodebookLoader.parse("bad.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertProblem(CodebookException e, String prefix, String text) {
    assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(prefix) && p.contains(text)),
        "expected a problem starting with '" + prefix + "' and containing '" + text + "' in " + e.problems());
    assertTrue(e.getMessage().startsWith("bad.yaml: invalid codebook"), e.getMessage());
  }

  // ---- the built-in codebook --------------------------------------------------------------------------------------

  @Test
  void builtinCodebookLoads() {
    assertEquals("ru-ua-left", builtin.id());
    assertFalse(builtin.version().isBlank());
    assertEquals("en", builtin.language());
    assertEquals("ru-ua-left@" + builtin.version(), builtin.ref());
    assertTrue(builtin.sha256().matches("[0-9a-f]{64}"), builtin.sha256());
    assertEquals(builtin.sha256(), CodebookLoader.load("ru-ua-left").sha256());
    assertEquals(builtin.sha256(), CodebookLoader.load(null).sha256());
  }

  @Test
  void builtinTargets() {
    assertEquals(List.of("russia", "ukraine", "west"), builtin.targets().stream().map(Target::id).toList());
    assertEquals(List.of("ukraine"), builtin.target("russia").orElseThrow().opposes());
    assertTrue(builtin.target("russia").orElseThrow().aliases().contains("Putin"));
    assertFalse(builtin.target("russia").orElseThrow().implied().isEmpty());
  }

  @Test
  void builtinNarratives() {
    assertEquals(List.of("west-aggressor", "ukraine-aggressor", "ukraine-puppet-of-west", "ukraine-nazism",
            "discrediting-ukraine", "russia-victim", "praise-of-russia", "discrediting-west", "distrust-media",
            "war-fears", "sanctions-backfire", "hidden-plots", "overpraising-west", "war-outcomes", "main-enemy-at-home",
            "anti-imperialism-defends-russia", "inter-imperialist-war", "negotiate-now", "self-determination",
            "russian-imperialism", "solidarity-ukrainian-left", "critique-of-campism"),
        builtin.narratives().stream().map(Label::id).toList());
    assertEquals(Map.of("west", Stance.AGAINST, "russia", Stance.FAVOR),
        builtin.narrative("west-aggressor").orElseThrow().stance());
  }

  @Test
  void builtinTechniques() {
    assertEquals(List.of("whataboutism", "loaded-language", "name-calling", "appeal-to-authority", "false-equivalence",
            "causal-oversimplification", "doubt", "straw-man", "appeal-to-fear", "flag-waving"),
        builtin.techniques().stream().map(Label::id).toList());
  }

  @Test
  void builtinRolesAndPositions() {
    assertEquals(List.of("protagonist", "antagonist", "innocent"), builtin.roles().stream().map(Label::id).toList());
    assertEquals(List.of("campist", "solidarity", "third-camp", "unrelated"),
        builtin.positions().stream().map(Position::id).toList());
    Set<String> narratives = new HashSet<>(builtin.narratives().stream().map(Label::id).toList());
    for (Position p : builtin.positions()) {
      assertTrue(narratives.containsAll(p.narratives()), p.id() + ": " + p.narratives());
    }
  }

  @Test
  void everyBuiltinLabelHasADefinitionAndAtLeastTwelveExemplars() {
    Map<String, Label> labels = allLabels(builtin);
    assertEquals(3 * 3 + 22 + 10 + 3 + 4, labels.size());
    List<String> problems = new ArrayList<>();
    labels.forEach((path, l) -> {
      if (l.definition().isBlank()) {
        problems.add(path + ": blank definition");
      }
      if (l.exemplars().size() < 12) {
        problems.add(path + ": only " + l.exemplars().size() + " exemplars");
      }
      for (String e : l.exemplars()) {
        if (e.isBlank()) {
          problems.add(path + ": blank exemplar");
        }
      }
    });
    assertEquals(List.of(), problems);
  }

  @Test
  void noBuiltinExemplarAppearsTwice() {
    Map<String, String> seen = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    allLabels(builtin).forEach((path, l) -> {
      for (String e : l.exemplars()) {
        String key = e.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        String before = seen.putIfAbsent(key, path);
        if (before != null) {
          duplicates.add("'" + e + "' in " + before + " and " + path);
        }
      }
    });
    assertEquals(List.of(), duplicates);
  }

  @Test
  void noBuiltinNearMissIsAlsoAnExemplar() {
    Set<String> exemplars = new HashSet<>();
    allLabels(builtin).values().forEach(l -> exemplars.addAll(l.exemplars()));
    List<String> clashes = new ArrayList<>();
    allLabels(builtin).forEach((path, l) -> l.nearMisses().stream().filter(exemplars::contains)
        .forEach(n -> clashes.add(path + ": " + n)));
    assertEquals(List.of(), clashes);
  }

  @Test
  void everyBuiltinRoleExemplarMarksExactlyOneActor() {
    List<String> problems = new ArrayList<>();
    for (Label role : builtin.roles()) {
      for (String e : role.exemplars()) {
        Matcher m = BRACKETED.matcher(e);
        int n = 0;
        while (m.find()) {
          n++;
          if (m.group(1).isBlank()) {
            problems.add(role.id() + ": empty brackets in " + e);
          }
        }
        long opening = e.chars().filter(c -> c == '[').count();
        long closing = e.chars().filter(c -> c == ']').count();
        if (n != 1 || opening != 1 || closing != 1) {
          problems.add(role.id() + ": " + n + " actors in " + e);
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void unknownBuiltinNameIsRefusedNamingTheBuiltinOne() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> CodebookLoader.builtin("nope"));
    assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("ru-ua-left"), e.getMessage());
  }

  // ---- files ------------------------------------------------------------------------------------------------------

  @Test
  void loadsACodebookFileAndHashesItsBytes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, TinyCodebook.YAML, StandardCharsets.UTF_8);
    Codebook cb = CodebookLoader.load(file.toString());
    assertEquals("tiny", cb.id());
    assertEquals("0.1.0", cb.version());
    assertEquals(Hashing.sha256(Files.readAllBytes(file)), cb.sha256());
    assertEquals(List.of("russia", "ukraine"), cb.targets().stream().map(Target::id).toList());
    assertEquals("Written for the tests", cb.narrative("west-aggressor").orElseThrow().source());
    assertEquals(List.of("NATO met in Brussels on Tuesday."), cb.narrative("west-aggressor").orElseThrow().nearMisses());
    assertEquals("russian-imperialism", cb.narrative("russian-imperialism").orElseThrow().name(),
        "the name defaults to the id");
  }

  @Test
  void missingFileIsRefused(@TempDir Path dir) {
    String missing = dir.resolve("missing.yaml").toString();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> CodebookLoader.load(missing));
    assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void tinyFixtureIsValid() {
    Codebook cb = TinyCodebook.load();
    assertEquals(2, cb.roles().size());
    assertEquals(Map.of("russia", Stance.FAVOR), cb.positions().get(0).stance());
  }

  // ---- invalid codebooks ------------------------------------------------------------------------------------------

  @Test
  void missingExemplarsAreReportedWithTheirPath() {
    String yaml = TinyCodebook.with(
        "    exemplars: [\"NATO expansion caused this war.\", \"Washington provoked Moscow for decades.\", \"The West "
            + "wanted this war all along.\", \"Brussels pushed Russia into a corner.\"]\n", "");
    assertProblem(invalid(yaml), "narratives[0].exemplars", "expected a list of strings");
  }

  @Test
  void tooFewExemplarsAreReportedWithTheirPath() {
    String yaml = TinyCodebook.with("exemplars: [\"But what about Iraq?\", \"And what about Libya, then?\", ",
        "exemplars: [");
    assertProblem(invalid(yaml), "techniques[0].exemplars", "expected at least 4 exemplar sentences, found 2");
  }

  @Test
  void missingTargetStanceExemplarsAreReportedWithTheirPath() {
    String yaml = TinyCodebook.with(
        "exemplars: [\"Ukraine has every right to resist.\", \"Kyiv deserves our support.\", \"Ukrainian workers are "
            + "heroes.\", \"Ukraine must win this war.\"]", "examples: []");
    assertProblem(invalid(yaml), "targets[1].stance.favor.exemplars", "expected a list");
  }

  @Test
  void unknownNarrativeInAPositionIsReported() {
    String yaml = TinyCodebook.with("narratives: [\"west-aggressor\"]", "narratives: [\"west-aggressor\", \"no-such\"]");
    assertProblem(invalid(yaml), "positions[0].narratives", "unknown narrative 'no-such'");
  }

  @Test
  void duplicateIdsAreReported() {
    String yaml = TinyCodebook.with("  - id: russian-imperialism\n", "  - id: west-aggressor\n");
    assertProblem(invalid(yaml), "narratives", "duplicate id 'west-aggressor'");
  }

  @Test
  void roleExemplarWithoutBracketsIsReported() {
    String yaml = TinyCodebook.with("\"[The miners] shared their food.\"", "\"The miners shared their food.\"");
    assertProblem(invalid(yaml), "roles[0].exemplars[1]", "mark exactly one actor in [square brackets], found 0");
  }

  @Test
  void roleExemplarWithTwoActorsIsReported() {
    String yaml = TinyCodebook.with("\"[The governor] stole the aid.\"", "\"[The governor] stole [the aid].\"");
    assertProblem(invalid(yaml), "roles[1].exemplars[1]", "found 2");
  }

  @Test
  void wrongFormatIsReported() {
    String yaml = TinyCodebook.with("format: stancemap.codebook/1", "format: stancemap.codebook/2");
    assertProblem(invalid(yaml), "format", "expected 'stancemap.codebook/1', found 'stancemap.codebook/2'");
  }

  @Test
  void badIdsAndUnknownTargetsAreReported() {
    String yaml = TinyCodebook.with("  - id: whataboutism", "  - id: What About");
    assertProblem(invalid(yaml), "techniques[0].id", "lower-case");
    String stance = TinyCodebook.with("stance: {russia: favor}\n    definition: Blames", "stance: {mars: favor}\n"
        + "    definition: Blames");
    assertProblem(invalid(stance), "narratives[0].stance", "unknown target 'mars'");
    String actor = TinyCodebook.with("target: russia", "target: mars");
    assertProblem(invalid(actor), "actors[0].target", "unknown target 'mars'");
    String value = TinyCodebook.with("stance: {russia: favor}\n    definition: Blames", "stance: {russia: love}\n"
        + "    definition: Blames");
    assertProblem(invalid(value), "narratives[0].stance.russia", "expected favor, against or none");
  }

  @Test
  void anUnrelatedPositionIsRequired() {
    String yaml = TinyCodebook.with("  - id: unrelated", "  - id: elsewhere");
    assertProblem(invalid(yaml), "positions", "'unrelated' position is required");
  }

  @Test
  void everyProblemIsReportedInOnePass() {
    String yaml = TinyCodebook.YAML.replace("format: stancemap.codebook/1", "format: other")
        .replace("\"[The miners] shared their food.\"", "\"The miners shared their food.\"")
        .replace("narratives: [\"west-aggressor\"]", "narratives: [\"nope\"]");
    CodebookException e = invalid(yaml);
    assertEquals(3, e.problems().size(), e.problems().toString());
    assertProblem(e, "format", "other");
    assertProblem(e, "roles[0].exemplars[1]", "found 0");
    assertProblem(e, "positions[0].narratives", "'nope'");
  }

  @Test
  void notYamlIsReported() {
    CodebookException e = invalid("format: [unclosed\n  id: x: y");
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).startsWith("not valid YAML"), e.problems().toString());
    assertTrue(e.getMessage().startsWith("bad.yaml: invalid codebook"), e.getMessage());
  }

  @Test
  void duplicateYamlKeysAreReported() {
    CodebookException e = invalid(TinyCodebook.YAML + "id: again\n");
    assertTrue(e.problems().get(0).startsWith("not valid YAML") && e.problems().get(0).contains("duplicate key"),
        e.problems().toString());
  }

  @Test
  void aYamlScalarOrEmptyFileIsNotACodebook() {
    assertProblem(invalid("just some words"), "(root)", "expected a mapping");
    assertProblem(invalid(""), "(root)", "expected a mapping, found nothing");
  }

  @Test
  void problemsListIsImmutable() {
    CodebookException e = invalid("");
    assertThrows(UnsupportedOperationException.class, () -> e.problems().add("x"));
  }

  @Test
  void nonStringSourceOrTargetIsAProblemNotAClassCastException() {
    String source = TinyCodebook.with("source: Written for the tests", "source: 2025");
    assertProblem(invalid(source), "narratives[0].source", "");
    String target = TinyCodebook.with("target: russia", "target: [russia]");
    assertProblem(invalid(target), "actors[0].target", "");
  }
}
