package org.stancemap.ask.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.ask.AskFixture;
import org.stancemap.ask.AskService;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.ask.question.QuestionKind;
import org.stancemap.ask.retrieval.InMemoryRetriever;
import org.stancemap.ask.retrieval.RetrievedUnit;
import org.stancemap.document.Dates;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.json.JsonWriter;

class SynthesizerTest {
  static final InMemoryRetriever R = AskFixture.retriever(AskFixture.DOCS, true);
  static final AskService ASK = new AskService(AskFixture.parser(AskFixture.DOCS), R, null);
  static final Map<String, String> TEXTS = AskFixture.texts(AskFixture.DOCS);

  static void assertCitationsAreVerbatim(Answer a) {
    Set<Integer> ns = new HashSet<>();
    for (Citation c : a.citations()) {
      assertTrue(ns.add(c.n()), "citation numbers are unique");
      String text = TEXTS.get(c.document());
      assertNotNull(text, "cited document " + c.document() + " is in the corpus");
      assertEquals(text.substring(c.start(), c.end()), c.quote(), "quote [" + c.n() + "] is the text at its span");
    }
    assertEquals(a.citations().size(), ns.size());
    for (int i = 0; i < a.citations().size(); i++) {
      assertEquals(i + 1, a.citations().get(i).n(), "citations are numbered 1..n in order");
    }
    // Every marker a point uses exists.
    for (Answer.PositionFinding p : a.positions()) {
      p.quotes().forEach(n -> assertTrue(n >= 1 && n <= a.citations().size()));
      p.narratives().forEach(l -> l.quotes().forEach(n -> assertTrue(n >= 1 && n <= a.citations().size())));
      p.techniques().forEach(l -> l.quotes().forEach(n -> assertTrue(n >= 1 && n <= a.citations().size())));
    }
  }

  @Test
  void positionsQuestionGroupsByPositionWithCountsAndPeriod() {
    ParsedQuestion pq = AskFixture.parser(AskFixture.DOCS).parse("What positions do these texts take on the war?");
    Answer a = new Synthesizer(AskFixture.CODEBOOK).synthesize(pq, R.retrieve(pq, 1000));
    assertEquals(QuestionKind.POSITIONS, a.question().kind());
    assertCitationsAreVerbatim(a);
    Answer.PositionFinding campist = a.positions().stream().filter(p -> p.id().equals("campist")).findFirst()
        .orElseThrow();
    // Expected figures, computed from the stored labels: units labelled campist, or unlabelled in a campist document.
    List<RetrievedUnit> all = R.retrieve(ParsedQuestion.keywordsOnly("all", List.of()), 1000);
    List<RetrievedUnit> camp = all.stream().filter(u -> u.unit().position() != null
        && u.unit().position().label().equals("campist") || (u.unit().position() == null
        || u.unit().position().label().equals("unrelated")) && "campist".equals(u.documentPosition())).toList();
    assertEquals(camp.size(), campist.units());
    assertEquals(camp.stream().map(u -> u.document().id()).distinct().count(), campist.documents());
    assertEquals(camp.stream().map(u -> u.document().source()).distinct().count(), campist.sources());
    assertTrue(campist.documents() >= 2, "both Anvil Review texts are campist");
    assertEquals(LocalDate.of(2022, 3, 15), campist.from());
    assertEquals(camp.stream().map(u -> Dates.day(u.document().published())).max(LocalDate::compareTo).orElseThrow(),
        campist.to());
    assertTrue(a.positions().stream().anyMatch(p -> p.id().equals("solidarity")));
    assertTrue(a.positions().stream().anyMatch(p -> p.id().equals("third-camp")));
    assertTrue(a.positions().stream().noneMatch(p -> p.id().equals("unrelated")));
    for (Answer.PositionFinding p : a.positions()) {
      assertTrue(p.quotes().size() <= Synthesizer.KEY_QUOTES);
      p.narratives().forEach(l -> assertTrue(l.quotes().size() <= Synthesizer.LABEL_QUOTES));
      // Counts agree with the retrieved units' labels.
      for (Answer.LabelFinding l : p.narratives()) {
        assertTrue(l.units() >= 1 && l.documents() >= 1 && l.documents() <= l.units());
      }
    }
    assertEquals(a.summary().documents(), a.documents().size());
  }

  @Test
  void labelCountsMatchTheRetrievedUnits() {
    ParsedQuestion q = AskFixture.parser(AskFixture.DOCS).parse("Which narratives do campists use?");
    List<RetrievedUnit> units = R.retrieve(q, 40);
    Answer a = new Synthesizer(AskFixture.CODEBOOK).synthesize(q, units);
    assertEquals(List.of("campist"), a.positions().stream().map(Answer.PositionFinding::id).toList());
    for (Answer.LabelFinding l : a.positions().get(0).narratives()) {
      long expectUnits = units.stream().filter(u -> u.unit().narratives().stream().anyMatch(n -> n.id()
          .equals(l.id()))).count();
      long expectDocs = units.stream().filter(u -> u.unit().narratives().stream().anyMatch(n -> n.id()
          .equals(l.id()))).map(u -> u.document().id()).distinct().count();
      assertEquals(expectUnits, l.units(), l.id());
      assertEquals(expectDocs, l.documents(), l.id());
      for (int n : l.quotes()) {
        Citation c = a.citations().get(n - 1);
        assertTrue(units.stream().anyMatch(u -> u.document().id().equals(c.document()) && u.unit().narratives()
            .stream().anyMatch(x -> x.id().equals(l.id()) && x.evidence().stream()
                .anyMatch(e -> e.start() == c.start() && e.end() == c.end()))),
            "quote [" + n + "] is evidence of " + l.id());
      }
    }
    assertCitationsAreVerbatim(a);
  }

  @Test
  void howManyCountsEveryMatchingDocument() {
    Answer a = ASK.ask("How many documents are campist?", 1);
    long expected = AskFixture.DOCS.stream().filter(d -> d.analysis().units().stream().anyMatch(u -> u.relevant()
        && (u.position() != null && u.position().label().equals("campist")
        || (u.position() == null || u.position().label().equals("unrelated"))
        && d.analysis().position().label().equals("campist")))).count();
    assertEquals(expected, a.summary().documents(), "counts cover all matches, not the top k");
    assertTrue(AnswerText.render(a).contains(expected + " documents from"), AnswerText.render(a));
  }

  @Test
  void unmatchedFiltersAreExplained() {
    Answer a = ASK.ask("What do campists say from The Daily Nothing?", 10);
    assertEquals(0, a.summary().units());
    assertTrue(a.citations().isEmpty());
    assertTrue(a.notes().stream().anyMatch(n -> n.contains("no unit matched") && n.contains("The Daily Nothing")),
        a.notes().toString());
    assertTrue(AnswerText.render(a).contains("No matching passage"));
  }

  @Test
  void jsonFollowsTheSchema() {
    Answer a = ASK.ask("Compare campists and the third camp", 40);
    Json.Obj o = JsonParser.parse(JsonWriter.pretty(AnswerJson.of(a))).asObj("answer");
    assertEquals(Answer.SCHEMA, o.get("schema").asString("schema"));
    assertEquals("compare", o.get("question").asObj("q").get("kind").asString("kind"));
    List<Json> positions = o.get("positions").asList("positions");
    assertEquals(List.of("campist", "third-camp"), positions.stream()
        .map(p -> p.asObj("p").get("id").asString("id")).toList(), "compare keeps the asked order");
    List<Json> cites = o.get("citations").asList("citations");
    assertEquals(a.citations().size(), cites.size());
    for (Json c : cites) {
      Json.Obj co = c.asObj("c");
      String text = TEXTS.get(co.get("document").asString("document"));
      assertEquals(text.substring((int) co.get("start").asLong("s"), (int) co.get("end").asLong("e")),
          co.get("quote").asString("quote"));
      assertTrue(co.has("url") && co.has("date") && co.has("title") && co.has("source") && co.has("unit"));
    }
    assertEquals(Json.NULL, o.get("generated"));
  }

  @Test
  void citationsCarryDocumentMetadata() {
    Answer a = ASK.ask("What do tankies say about NATO?", 40);
    assertFalse(a.citations().isEmpty());
    for (Citation c : a.citations()) {
      var doc = AskFixture.DOCS.stream().filter(d -> d.meta().id().equals(c.document())).findFirst().orElseThrow();
      assertEquals(doc.meta().source(), c.source());
      assertEquals(Dates.day(doc.meta().published()), c.date());
      assertEquals(doc.meta().url(), c.url());
      assertEquals(doc.meta().title(), c.title());
    }
    String text = AnswerText.render(a);
    assertTrue(text.contains("[1] \u201c" + a.citations().get(0).quote() + "\u201d"), text);
  }

  @Test
  void evidenceThatDoesNotMatchTheStoredTextIsLeftOutAndReported() {
    AskFixture.Doc d = AskFixture.byFile("anvil-2024.txt");
    UnitAnalysis u = d.analysis().units().stream().filter(x -> !x.narratives().isEmpty()).findFirst().orElseThrow();
    Scored n = u.narratives().get(0);
    Evidence real = n.evidence().get(0);
    String forged = "X".repeat(real.text().length());
    Scored bad = new Scored(n.id(), n.name(), n.score(), List.of(new Evidence(real.unit(), real.start(), real.end(),
        forged, real.score())));
    UnitAnalysis tampered = new UnitAnalysis(u.unit(), u.stance(), List.of(bad), List.of(), List.of(), u.position(),
        true);
    String unitText = u.unit().span().of(d.analysis().document().text());
    RetrievedUnit ru = new RetrievedUnit(d.meta(), "campist", tampered, unitText, 1.0);
    Answer a = new Synthesizer(AskFixture.CODEBOOK).synthesize(ParsedQuestion.keywordsOnly("q", List.of()),
        List.of(ru));
    assertTrue(a.citations().stream().noneMatch(c -> c.quote().equals(forged)));
    assertTrue(a.notes().stream().anyMatch(x -> x.contains("does not match the stored text")), a.notes().toString());
  }

  @Test
  void aQuestionAboutArgumentsQuotesArgumentsAndAQuestionAboutRhetoricQuotesRhetoric() {
    ParsedQuestion args = AskFixture.parser(AskFixture.DOCS).parse("What arguments do these texts make?");
    ParsedQuestion rhet = AskFixture.parser(AskFixture.DOCS).parse("What rhetorical techniques do these texts use?");
    ParsedQuestion all = AskFixture.parser(AskFixture.DOCS).parse("What positions do these texts take on the war?");
    assertEquals(QuestionKind.NARRATIVES, args.kind());
    assertEquals(QuestionKind.TECHNIQUES, rhet.kind());
    Synthesizer s = new Synthesizer(AskFixture.CODEBOOK);
    Answer overview = s.synthesize(all, R.retrieve(all, 1000));
    assertTrue(overview.positions().stream().anyMatch(p -> p.techniques().stream().anyMatch(l -> !l.quotes().isEmpty())),
        "the fixture has quoted techniques when the question is not about one kind");
    Answer a = s.synthesize(args, R.retrieve(args, 1000));
    Answer r = s.synthesize(rhet, R.retrieve(rhet, 1000));
    assertCitationsAreVerbatim(a);
    assertCitationsAreVerbatim(r);
    for (Answer.PositionFinding p : a.positions()) {
      p.techniques().forEach(l -> assertTrue(l.quotes().isEmpty(), "arguments: technique " + l.id() + " quoted"));
    }
    assertTrue(a.positions().stream().anyMatch(p -> p.narratives().stream().anyMatch(l -> !l.quotes().isEmpty())));
    assertTrue(a.positions().stream().anyMatch(p -> !p.techniques().isEmpty()), "techniques are still counted");
    for (Answer.PositionFinding p : r.positions()) {
      p.narratives().forEach(l -> assertTrue(l.quotes().isEmpty(), "rhetoric: narrative " + l.id() + " quoted"));
    }
    assertTrue(r.positions().stream().anyMatch(p -> p.techniques().stream().anyMatch(l -> !l.quotes().isEmpty())));
    assertTrue(a.citations().stream().noneMatch(c -> c.supports().startsWith("technique:")));
  }

  @Test
  void weaklyMatchingUnitsAreRetrievedButNotSynthesised() {
    ParsedQuestion pq = AskFixture.parser(AskFixture.DOCS).parse("soaring energy prices for European workers");
    List<RetrievedUnit> all = R.retrieve(pq, 40);
    double floor = AskService.RELATIVE_FLOOR * all.get(0).score();
    long strong = all.stream().filter(u -> u.score() >= floor).count();
    assertTrue(strong < all.size(), "the fixture has weak matches for this question");
    Answer a = ASK.ask(pq, 40);
    assertEquals(strong, a.summary().units());
    assertTrue(a.notes().stream().anyMatch(n -> n.contains("matched weakly")), a.notes().toString());
  }

  @Test
  void deterministic() {
    String q = "Which narratives appear since 2023?";
    assertEquals(JsonWriter.pretty(AnswerJson.of(ASK.ask(q, 20))), JsonWriter.pretty(AnswerJson.of(ASK.ask(q, 20))));
    assertNull(ASK.ask(q, 20).generated());
  }
}
