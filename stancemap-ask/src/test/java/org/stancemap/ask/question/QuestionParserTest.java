package org.stancemap.ask.question;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancemap.InvalidInputException;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.codebook.Stance;

class QuestionParserTest {
  static final Codebook CB = CodebookLoader.builtin(CodebookLoader.DEFAULT);
  static final QuestionParser P = new QuestionParser(CB, Synonyms.builtin(CB),
      List.of("The Anvil Review", "examples/campist-essay.md", "redflag.example.org"));

  @Test
  void targetsComeFromCodebookAliases() {
    ParsedQuestion q = P.parse("What does the Kremlin say about Kyiv and NATO?");
    assertEquals(List.of("russia", "ukraine", "west"), q.targets());
    assertTrue(q.actors().contains("kremlin"), q.actors().toString());
  }

  @Test
  void putinNamesRussiaThroughTheAlias() {
    assertEquals(List.of("russia"), P.parse("Who defends Putin?").targets());
  }

  @Test
  void synonymsNamePositions() {
    assertEquals(List.of("campist"), P.parse("What do the tankies argue?").positions());
    assertEquals(List.of("campist"), P.parse("How do so-called anti-imperialists react?").positions());
    assertEquals(List.of("third-camp"), P.parse("What does the third camp say?").positions());
    // defending Russia is what the codebook calls campism: the question asks for campist texts' arguments
    ParsedQuestion q = P.parse("Which reasons do socialists give for defending Russia?");
    assertEquals(List.of("campist"), q.positions());
    assertEquals(List.of("russia"), q.targets());
  }

  @Test
  void positionNamesAndIdsAreRecognisedWithoutSynonyms() {
    QuestionParser bare = new QuestionParser(CB, Synonyms.NONE);
    assertEquals(List.of("campist"), bare.parse("What do campists say?").positions());
    assertEquals(List.of("third-camp"), bare.parse("Is this third-camp?").positions());
    assertEquals(List.of(), bare.parse("What do the tankies argue?").positions());
  }

  @Test
  void narrativesAndTechniquesByNameIdAndSynonym() {
    ParsedQuestion q = P.parse("Who uses whataboutism to blame NATO expansion?");
    assertEquals(List.of("whataboutism"), q.techniques());
    assertEquals(List.of("west-aggressor"), q.narratives());
    assertEquals(List.of("russian-imperialism"), P.parse("Which texts talk about Russian imperialism?").narratives());
    assertEquals(List.of("sanctions-backfire"), P.parse("Do sanctions-backfire claims appear?").narratives());
    assertEquals(List.of("name-calling"), P.parse("Where is name calling used?").techniques());
  }

  @Test
  void aLongerLabelMatchWinsOverOneInsideIt() {
    ParsedQuestion q = P.parse("Which texts criticise campism on the left?");
    assertEquals(List.of("critique-of-campism"), q.narratives());
    assertEquals(List.of(), q.positions());
  }

  @Test
  void kindOfQuestion() {
    assertEquals(QuestionKind.NARRATIVES, P.parse("Which narratives do campists use?").kind());
    assertEquals(QuestionKind.WHO, P.parse("Who says that NATO provoked the war?").kind());
    assertEquals(QuestionKind.WHO, P.parse("Which sources call Ukraine a puppet?").kind());
    assertEquals(QuestionKind.HOW_MANY, P.parse("How many documents blame NATO?").kind());
    assertEquals(QuestionKind.COMPARE, P.parse("Compare campists and the third camp on sanctions").kind());
    assertEquals(QuestionKind.COMPARE, P.parse("tankies versus solidarity activists").kind());
    assertEquals(QuestionKind.TECHNIQUES, P.parse("What rhetorical techniques appear?").kind());
    assertEquals(QuestionKind.POSITIONS, P.parse("What positions does the left take on the war?").kind());
    assertEquals(QuestionKind.OVERVIEW, P.parse("Ukraine").kind());
  }

  @Test
  void periods() {
    Period p = P.parse("What did campists write in March 2022?").period();
    assertEquals(LocalDate.of(2022, 3, 1), p.from());
    assertEquals(LocalDate.of(2022, 4, 1), p.to());
    p = P.parse("narratives since 2023").period();
    assertEquals(LocalDate.of(2023, 1, 1), p.from());
    assertNull(p.to());
    p = P.parse("before 2022-02-24, who blamed NATO?").period();
    assertNull(p.from());
    assertEquals(LocalDate.of(2022, 2, 24), p.to());
    p = P.parse("between 2022 and 2023").period();
    assertEquals(LocalDate.of(2022, 1, 1), p.from());
    assertEquals(LocalDate.of(2024, 1, 1), p.to());
    p = P.parse("What was said on 2023-03-03?").period();
    assertEquals(LocalDate.of(2023, 3, 3), p.from());
    assertEquals(LocalDate.of(2023, 3, 4), p.to());
    p = P.parse("in 2024").period();
    assertTrue(p.contains(LocalDate.of(2024, 12, 31)));
    assertTrue(!p.contains(LocalDate.of(2025, 1, 1)));
    assertNull(P.parse("What do tankies say?").period());
  }

  @Test
  void impossibleDatesAreRefusedWithTheDate() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> P.parse("since 2023-02-30"));
    assertTrue(e.getMessage().contains("2023-02-30"), e.getMessage());
  }

  @Test
  void sources() {
    // A name is a source filter only after "from", "by", "in" or "at".
    assertEquals(List.of(), P.parse("What does The Anvil Review say about NATO?").sources());
    assertEquals(List.of("The Anvil Review"), P.parse("Narratives from The Anvil Review since 2023").sources());
    assertEquals(List.of("redflag.example.org"), P.parse("What is said in redflag.example.org?").sources());
    assertEquals(List.of("Left Voice"), P.parse("articles from \"Left Voice\" about sanctions").sources());
    assertEquals(List.of("campist-essay.md"), P.parse("techniques in campist-essay.md").sources());
    // "in Europe" is not a known source; "from Russia" is a target, "in March" a month.
    assertEquals(List.of(), P.parse("What do tankies say in Europe about aid from Russia in March 2022?").sources());
  }

  @Test
  void stanceCues() {
    assertEquals(Stance.AGAINST, P.parse("Who is anti-NATO?").stances().get("west"));
    assertEquals(Stance.FAVOR, P.parse("Which texts support Ukraine?").stances().get("ukraine"));
    assertEquals(Stance.AGAINST, P.parse("Who condemns Putin?").stances().get("russia"));
    assertTrue(P.parse("What is said about Russia?").stances().isEmpty());
  }

  @Test
  void keywordsDropFunctionWordsDatesAndSources() {
    ParsedQuestion q = P.parse("What do the tankies say about NATO expansion since 2023 from The Anvil Review?");
    assertEquals(List.of("tankies", "nato", "expansion"), q.keywords());
  }

  @Test
  void parsingIsDeterministic() {
    String s = "Compare how tankies and third campists frame sanctions since March 2022 in The Anvil Review";
    assertEquals(P.parse(s), P.parse(s));
  }

  @Test
  void blankAndOverlongQuestionsAreRefused() {
    assertThrows(InvalidInputException.class, () -> P.parse("  "));
    assertThrows(InvalidInputException.class, () -> P.parse("x".repeat(QuestionParser.MAX_LENGTH + 1)));
  }

  @Test
  void synonymsFileIsValidatedAgainstTheCodebook() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Synonyms.parse("s.yaml",
        "format: stancemap.ask-synonyms/1\ncodebook: ru-ua-left\npositions:\n  tankie-ism: [a]\n", CB));
    assertTrue(e.getMessage().contains("positions.tankie-ism: no such id"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> Synonyms.parse("s.yaml",
        "format: stancemap.ask-synonyms/1\ncodebook: other\n", CB));
    assertTrue(e.getMessage().contains("codebook: expected 'ru-ua-left'"), e.getMessage());
    // The shipped synonyms are matched to the codebook in use: ids it lacks are ignored, not an error.
    org.stancemap.codebook.Codebook fewer = new org.stancemap.codebook.Codebook(CB.id(), CB.version(), CB.language(),
        CB.name(), CB.description(), CB.targets(), CB.narratives().subList(0, 3), CB.techniques(), CB.roles(),
        CB.actors(), CB.positions(), CB.polarity(), CB.sha256());
    Synonyms kept = Synonyms.builtin(fewer);
    assertEquals(fewer.narratives().stream().map(org.stancemap.codebook.Label::id).toList(),
        List.copyOf(kept.narratives().keySet()), "only the narratives the codebook has");
    assertTrue(Synonyms.builtin(fewer).positions().containsKey("campist"));
    Synonyms ok = Synonyms.parse("s.yaml", "format: stancemap.ask-synonyms/1\ncodebook: ru-ua-left\n"
        + "techniques:\n  doubt: [\"sowing doubt\"]\n", CB);
    assertEquals(List.of("sowing doubt"), ok.techniques().get("doubt"));
  }
}
