package org.stancemap.ask.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.stancemap.analysis.PositionResult;
import org.stancemap.ask.AskFixture;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.ask.question.QuestionParser;
import org.stancemap.document.Dates;

class InMemoryRetrieverTest {
  static final InMemoryRetriever R = AskFixture.retriever(AskFixture.DOCS, true);
  static final QuestionParser P = AskFixture.parser(AskFixture.DOCS);

  static Set<String> sources(List<RetrievedUnit> us) {
    return us.stream().map(u -> u.document().source()).collect(Collectors.toSet());
  }

  @Test
  void sourceFilterKeepsOnlyThatSource() {
    List<RetrievedUnit> us = R.retrieve(P.parse("What is said about NATO from The Anvil Review?"), 50);
    assertFalse(us.isEmpty());
    assertEquals(Set.of("The Anvil Review"), sources(us));
  }

  @Test
  void periodFilterUsesPublicationDates() {
    List<RetrievedUnit> us = R.retrieve(P.parse("What was written about the war since 2023?"), 50);
    assertFalse(us.isEmpty());
    assertTrue(us.stream().allMatch(u -> !Dates.day(u.document().published()).isBefore(LocalDate.of(2023, 1, 1))));
    assertTrue(sources(us).contains("Ukraine Solidarity Network"));
    List<RetrievedUnit> march = R.retrieve(P.parse("What did they say in March 2022?"), 50);
    assertEquals(Set.of("The Anvil Review"), sources(march));
    assertTrue(march.stream().allMatch(u -> Dates.day(u.document().published()).equals(LocalDate.of(2022, 3, 15))));
  }

  @Test
  void positionFilterUsesUnitOrDocumentPosition() {
    List<RetrievedUnit> us = R.retrieve(P.parse("What do the tankies say?"), 50);
    assertFalse(us.isEmpty());
    for (RetrievedUnit u : us) {
      PositionResult up = u.unit().position();
      boolean unitCampist = up != null && up.label().equals("campist");
      boolean docCampist = (up == null || up.label().equals("unrelated")) && "campist".equals(u.documentPosition());
      assertTrue(unitCampist || docCampist, u.unitId() + " of " + u.document().source() + " is not campist");
    }
  }

  /** The same analysis as another document, whose author the model places elsewhere. */
  private static org.stancemap.analysis.DocumentAnalysis placed(AskFixture.Doc d, String id,
      java.util.Map<String, Double> scores) {
    var a = d.analysis();
    var doc = a.document();
    var moved = new org.stancemap.document.Document(id, doc.source(), doc.text(), doc.format(), doc.language(),
        doc.title(), doc.regions(), doc.furniture(), doc.notes());
    String label = scores.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    return new org.stancemap.analysis.DocumentAnalysis(moved, a.status(),
        new PositionResult(label, scores.get(label), scores, java.util.Map.of()), a.stance(), a.narratives(),
        a.techniques(), a.roles(), a.units(), a.contradictions(), a.provenance());
  }

  @Test
  void aPositionsArgumentsRankFirstInTextsPlacedInThatPosition() {
    // two copies of one text, identical unit by unit; only the document's position differs. The copy placed in
    // the third camp is added first, so without the document's share it would win every tie.
    AskFixture.Doc anvil = AskFixture.byFile("anvil-2022.txt");
    var elsewhere = placed(anvil, "elsewhere", java.util.Map.of("campist", 0.1, "solidarity", 0.1,
        "third-camp", 0.8));
    var campist = placed(anvil, "campist-copy", java.util.Map.of("campist", 0.8, "solidarity", 0.1,
        "third-camp", 0.1));
    InMemoryRetriever r = InMemoryRetriever.builder(null)
        .add(elsewhere, org.stancemap.document.DocumentMeta.of("elsewhere", null, "Elsewhere", null, null, null))
        .add(campist, org.stancemap.document.DocumentMeta.of("campist-copy", null, "Campist copy", null, null, null))
        .build();
    List<RetrievedUnit> us = r.retrieve(P.parse("What arguments do campists use?"), 50);
    assertFalse(us.isEmpty());
    assertEquals("Campist copy", us.get(0).document().source());
    for (RetrievedUnit u : us) {
      if (u.document().source().equals("Elsewhere")) {
        RetrievedUnit twin = us.stream().filter(t -> t.document().source().equals("Campist copy")
            && t.unitId().equals(u.unitId())).findFirst().orElseThrow();
        assertTrue(twin.score() > u.score(), u.unitId() + ": " + twin.score() + " vs " + u.score());
      }
    }
  }

  @Test
  void namedNarrativesAndTechniquesRankTheirUnitsFirst() {
    for (String question : List.of("Who uses whataboutism?", "Which texts say sanctions backfire?")) {
      ParsedQuestion q = P.parse(question);
      List<String> wanted = new ArrayList<>(q.narratives());
      wanted.addAll(q.techniques());
      assertEquals(1, wanted.size(), question);
      List<RetrievedUnit> us = R.retrieve(q, 50);
      List<Boolean> carries = us.stream().map(u -> u.unit().narratives().stream().anyMatch(n -> wanted.contains(n.id()))
          || u.unit().techniques().stream().anyMatch(t -> wanted.contains(t.id()))).toList();
      assertTrue(carries.get(0), question + ": the best unit carries " + wanted);
      int firstWithout = carries.indexOf(false);
      assertTrue(firstWithout < 0 || !carries.subList(firstWithout, carries.size()).contains(true),
          question + ": every unit with the label ranks before every unit without it");
    }
  }

  @Test
  void lexicalRankingPutsTheMatchingUnitFirst() {
    RetrievedUnit top = R.retrieve(P.parse("soaring energy prices for European workers"), 3).get(0);
    assertTrue(top.text().contains("energy prices"), top.text());
  }

  @Test
  void unitsThatAreNotRelevantAreNeverRetrieved() {
    List<RetrievedUnit> us = R.retrieve(P.parse("tomato seedlings raised beds water butts"), 100);
    assertTrue(us.stream().allMatch(u -> u.unit().relevant()));
    assertTrue(us.stream().noneMatch(u -> u.text().contains("tomato")));
  }

  @Test
  void everyRetrievedUnitTextIsItsSpanOfTheDocument() {
    var texts = AskFixture.texts(AskFixture.DOCS);
    for (RetrievedUnit u : R.retrieve(P.parse("war"), 100)) {
      assertEquals(u.unit().unit().span().of(texts.get(u.document().id())), u.text());
    }
  }

  @Test
  void embeddingSimilarityAddsToTheScore() {
    InMemoryRetriever lexical = AskFixture.retriever(AskFixture.DOCS, false);
    ParsedQuestion q = ParsedQuestion.keywordsOnly("Should the West keep sending weapons?", List.of("zzz"));
    double with = R.retrieve(q, 1).get(0).score();
    double without = lexical.retrieve(q, 1).get(0).score();
    assertTrue(with > without, with + " <= " + without);
  }

  @Test
  void deterministicAndBounded() {
    ParsedQuestion q = P.parse("What do campists and third campists say about NATO?");
    assertEquals(R.retrieve(q, 5).stream().map(u -> u.document().id() + u.unitId()).toList(),
        R.retrieve(q, 5).stream().map(u -> u.document().id() + u.unitId()).toList());
    assertTrue(R.retrieve(q, 2).size() <= 2);
    assertThrows(IllegalArgumentException.class, () -> R.retrieve(q, 0));
  }

  @Test
  void addingADocumentTwiceIsRefused() {
    var d = AskFixture.DOCS.get(0);
    var b = InMemoryRetriever.builder(null).add(d.analysis(), d.meta());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add(d.analysis(), d.meta()));
    assertTrue(e.getMessage().contains("added twice"), e.getMessage());
  }

}
