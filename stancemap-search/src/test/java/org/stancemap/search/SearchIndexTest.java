package org.stancemap.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.InvalidInputException;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.document.DocumentMeta;
import org.stancemap.text.Sentence;

/** Search over the fixture corpus in a real Lucene index on disk. */
class SearchIndexTest {
  @TempDir
  static Path dir;
  static SearchIndex index;

  @BeforeAll
  static void build() {
    index = Corpus.index(dir.resolve("index"));
  }

  @AfterAll
  static void close() {
    index.close();
  }

  static List<SearchHit> text(String q, int limit) {
    return index.search(new SearchRequest(q, SearchMode.TEXT, 0, limit)).hits();
  }

  static List<SearchHit> search(String q, SearchMode mode, int limit) {
    return index.search(new SearchRequest(q, mode, 0, limit)).hits();
  }

  static Set<String> docs(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::documentId).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every sentence of the corpus, as (document id, unit analysis, sentence). */
  record Row(IndexedDocument doc, UnitAnalysis unit, Sentence sentence) {
    String text() {
      return sentence.span().of(doc.analysis().document().text());
    }
  }

  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (IndexedDocument d : Corpus.all()) {
      for (UnitAnalysis u : d.analysis().units()) {
        for (Sentence s : u.unit().sentences()) {
          rows.add(new Row(d, u, s));
        }
      }
    }
    return rows;
  }

  /** The sentences a filter must return, computed from the analyses themselves. */
  static Set<String> expected(Predicate<Row> p) {
    return rows().stream().filter(p).map(r -> r.doc().meta().id() + "@" + r.sentence().span().start())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> got(String q) {
    SearchResults r = index.search(new SearchRequest(q, SearchMode.TEXT, 0, SearchRequest.MAX_LIMIT));
    return r.hits().stream().map(h -> h.documentId() + "@" + h.span().start())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void indexesEverySentence() {
    assertEquals(rows().size(), index.sentenceCount());
    assertEquals("fixtures", index.watermark());
  }

  @Test
  void bm25RanksTheDocumentAboutTheTermFirst() {
    List<SearchHit> hits = text("sanctions", 10);
    assertFalse(hits.isEmpty());
    assertEquals("d04", hits.get(0).documentId());
    for (int i = 1; i < hits.size(); i++) {
      assertTrue(hits.get(i - 1).score() >= hits.get(i).score(), "scores descend");
    }
    assertNotNull(hits.get(0).textScore());
    // a rare term outranks a common one in the same query: "grain" (1 document) before "workers" (several)
    assertEquals("d05", text("workers grain", 10).get(0).documentId());
    // stemming: "deport" finds "deported"
    assertEquals(Set.of("d06"), docs(text("deport", 10)));
  }

  @Test
  void documentIdsFollowTheHitsRankingEachDocumentOnce() {
    for (SearchMode mode : SearchMode.values()) {
      for (String q : List.of("sanctions OR grain OR war", "the war in Ukraine", "source:\"workers daily\"")) {
        SearchRequest r = new SearchRequest(q, mode, 0, 50);
        List<String> fromHits = index.search(r).hits().stream().map(SearchHit::documentId).distinct().toList();
        assertFalse(fromHits.isEmpty(), mode + " " + q);
        assertEquals(fromHits, index.documentIds(r, 1000), mode + " " + q);
        assertEquals(fromHits.subList(0, Math.min(2, fromHits.size())), index.documentIds(r, 2), "capped: " + q);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> index.documentIds(SearchRequest.of("war", 5), 0));
  }

  @Test
  void phrasesMatchAdjacentWordsOnly() {
    List<SearchHit> hits = text("\"power stations\"", 10);
    assertEquals(1, hits.size());
    assertTrue(hits.get(0).sentence().contains("power stations"));
    assertTrue(text("\"stations power\"", 10).isEmpty());
    assertEquals(Set.of("d03"), docs(text("\"imperialist blocs\"", 10)));
  }

  @Test
  void booleanOperators() {
    for (SearchHit h : text("sanctions AND Europeans", 20)) {
      String s = h.sentence().toLowerCase(Locale.ROOT);
      assertTrue(s.contains("sanctions") && s.contains("europeans"), s);
    }
    assertEquals(Set.of("d04", "d05"), docs(text("sanctions OR grain", 20)));
    Set<String> nato = docs(text("NATO", 20));
    Set<String> natoNotArms = docs(text("NATO NOT arms", 20));
    assertTrue(nato.contains("d03") && !natoNotArms.contains("d03"), nato + " vs " + natoNotArms);
    assertTrue(docs(text("NATO -arms", 20)).equals(natoNotArms));
    assertEquals(Set.of("d05"), docs(text("(wheat OR grain) AND Odesa", 20)));
    assertTrue(docs(text("wheat AND yachts", 20)).isEmpty());
  }

  @Test
  void sourceAndLanguageAndKindFilters() {
    assertEquals(expected(r -> r.doc().meta().source().equals("Workers Daily")), got("source:\"workers daily\""));
    assertEquals(expected(r -> r.doc().meta().source().equals("Workers Daily")), got("source:\"Workers Daily\""));
    assertEquals(Set.of("d04"), docs(text("sanctions source:\"workers daily\"", 20)));
    assertTrue(text("sanctions source:\"red flag weekly\"", 20).isEmpty());
    assertEquals(expected(r -> r.doc().meta().language().equals("deu")), got("lang:deu"));
    assertEquals(got("lang:de"), got("lang:deu"));
    assertEquals(expected(r -> !r.doc().meta().language().equals("deu")), got("-lang:de"));
    assertEquals(expected(r -> r.unit().unit().kind().id().equals("comment")), got("kind:comment"));
    assertFalse(got("kind:comment").isEmpty());
    assertEquals(expected(r -> r.unit().unit().kind().id().equals("answer")), got("kind:answer"));
    // alternatives on one field, conjunction across fields
    assertEquals(expected(r -> r.doc().meta().source().equals("Workers Daily")
        || r.doc().meta().source().equals("Peace Now Forum")), got("source:\"workers daily\" source:\"peace now forum\""));
    assertEquals(expected(r -> r.doc().meta().source().equals("Kyiv Labour News")
        && r.unit().unit().kind().id().equals("title")), got("source:\"kyiv labour news\" kind:title"));
    assertEquals(expected(r -> r.doc().meta().source().startsWith("Red")), got("source:red*"));
  }

  @Test
  void labelFilters() {
    for (String pos : Corpus.CODEBOOK.positions().stream().map(p -> p.id()).toList()) {
      assertEquals(expected(r -> r.unit().position() != null && r.unit().position().label().equals(pos)),
          got("position:" + pos), "position " + pos);
      assertEquals(expected(r -> r.doc().analysis().position() != null
          && r.doc().analysis().position().label().equals(pos)), got("doc.position:" + pos), "doc.position " + pos);
    }
    int nonEmpty = 0;
    for (var n : Corpus.CODEBOOK.narratives()) {
      Set<String> want = expected(r -> r.unit().narratives().stream().anyMatch(s -> s.id().equals(n.id())));
      assertEquals(want, got("narrative:" + n.id()), "narrative " + n.id());
      nonEmpty += want.isEmpty() ? 0 : 1;
    }
    assertTrue(nonEmpty > 0, "the fixtures carry some narrative");
    for (var t : Corpus.CODEBOOK.techniques()) {
      assertEquals(expected(r -> r.unit().techniques().stream().anyMatch(s -> s.id().equals(t.id()))),
          got("technique:" + t.id()), "technique " + t.id());
    }
    for (String side : List.of("favor", "against", "none")) {
      for (var target : Corpus.CODEBOOK.targets()) {
        assertEquals(expected(r -> r.unit().stance().containsKey(target.id())
            && r.unit().stance().get(target.id()).label().id().equals(side)),
            got("stance." + target.id() + ":" + side), "stance." + target.id() + ":" + side);
      }
    }
    assertFalse(got("stance.russia:against").isEmpty(), "some unit is against Russia");
    Set<String> roleIds = new TreeSet<>();
    Set<String> actorRoles = new TreeSet<>();
    rows().forEach(r -> r.unit().roles().forEach(x -> {
      roleIds.add(x.role());
      actorRoles.add(x.actor() + ":" + x.role());
    }));
    assertFalse(roleIds.isEmpty(), "the fixtures give some role");
    for (String role : roleIds) {
      assertEquals(expected(r -> r.unit().roles().stream().anyMatch(x -> x.role().equals(role))), got("role:" + role),
          "role " + role);
    }
    for (String ar : actorRoles) {
      String actor = ar.substring(0, ar.indexOf(':'));
      String role = ar.substring(ar.indexOf(':') + 1);
      assertEquals(expected(r -> r.unit().roles().stream().anyMatch(x -> x.actor().equals(actor)
          && x.role().equals(role))), got("role." + actor + ":" + role), "role." + ar);
    }
    // a label filter restricts a text query and the hit carries the label
    for (SearchHit h : text("Russia stance.russia:against", 20)) {
      assertEquals("against", h.stance().get("russia"));
    }
    List<String> narrativeIds = Corpus.all().stream().flatMap(d -> d.analysis().units().stream())
        .flatMap(u -> u.narratives().stream()).map(Scored::id).distinct().toList();
    String some = narrativeIds.get(0);
    for (SearchHit h : search("narrative:" + some, SearchMode.HYBRID, 50)) {
      assertTrue(h.narratives().contains(some));
    }
  }

  static boolean dated(Row r, String from, String toExclusive) {
    Instant p = r.doc().meta().published();
    return !p.isBefore(day(from)) && p.isBefore(day(toExclusive));
  }

  static Instant day(String d) {
    return LocalDate.parse(d).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  @Test
  void dateFilters() {
    assertEquals(expected(r -> dated(r, "2023-01-01", "2024-01-01")), got("date:2023"));
    assertEquals(expected(r -> dated(r, "2022-03-01", "2022-06-01")), got("date:2022-03..2022-05"));
    assertEquals(expected(r -> dated(r, "2023-01-01", "2023-07-01")), got("date:2023-01..2023-06"));
    assertEquals(expected(r -> dated(r, "2023-07-01", "2100-01-01")), got("date:>2023-06-30"));
    assertEquals(expected(r -> dated(r, "2023-06-30", "2100-01-01")), got("date:>=2023-06-30"));
    assertEquals(expected(r -> dated(r, "1900-01-01", "2023-01-01")), got("date:<=2022"));
    assertEquals(expected(r -> dated(r, "1900-01-01", "2022-10-11")), got("date:<2022-10-11"));
    assertEquals(expected(r -> dated(r, "2022-10-11", "2022-10-12")), got("date:2022-10-11"));
    assertEquals(expected(r -> dated(r, "2024-01-01", "2100-01-01")), got("date:2024.."));
    assertEquals(expected(r -> dated(r, "2022-01-01", "2022-07-01")), got("date:[2022-01-01 TO 2022-06-30]"));
    assertEquals(expected(r -> dated(r, "2022-01-01", "2022-10-01")), got("date:[2022-01 TO 2022-09]"));
    assertTrue(got("date:2021").isEmpty());
  }

  @Test
  void filterOnlyQueriesListNewestFirst() {
    List<SearchHit> hits = text("source:\"workers daily\"", 50);
    assertFalse(hits.isEmpty());
    for (int i = 1; i < hits.size(); i++) {
      assertFalse(hits.get(i - 1).published().isBefore(hits.get(i).published()));
    }
    assertEquals("d05", hits.get(0).documentId());
  }

  @Test
  void semanticSearchFindsAParaphraseWithNoSharedWords() {
    String q = "bombardment of the energy network caused blackouts";
    assertTrue(text(q, 10).isEmpty(), "no word of the query is in the corpus");
    List<SearchHit> hits = search(q, SearchMode.SEMANTIC, 3);
    assertEquals("d12", hits.get(0).documentId());
    assertNotNull(hits.get(0).semanticScore());
    assertTrue(hits.get(0).semanticScore() > 0.3 && hits.get(0).semanticScore() <= 1.0001);
    assertEquals("d12", search(q, SearchMode.HYBRID, 3).get(0).documentId());
    // the filters apply before the nearest neighbours are chosen
    List<SearchHit> filtered = search("heating bills source:\"workers daily\"", SearchMode.SEMANTIC, 5);
    assertFalse(filtered.isEmpty());
    filtered.forEach(h -> assertEquals("Workers Daily", h.source()));
    // a text exclusion applies to semantic results too
    search("heat and electricity -missiles", SearchMode.SEMANTIC, 20)
        .forEach(h -> assertFalse(h.sentence().contains("missiles"), h.sentence()));
  }

  /** Queries written for this test, each with the documents a good answer must return. */
  static final Map<String, Set<String>> JUDGED = Map.ofEntries(
      Map.entry("NATO expansion", Set.of("d01")),
      Map.entry("bombardment of the energy network caused blackouts", Set.of("d12")),
      Map.entry("kids taken from occupied areas", Set.of("d06")),
      Map.entry("weapons makers getting rich", Set.of("d08")),
      Map.entry("wheat shipments from Odesa", Set.of("d05")),
      Map.entry("sanctions oligarchs", Set.of("d04")),
      Map.entry("both sides are imperialist", Set.of("d03")),
      Map.entry("negotiate a ceasefire now", Set.of("d07")),
      Map.entry("tankies defend Putin", Set.of("d09")),
      Map.entry("Ukrainians have the right to armed self-defence", Set.of("d02")),
      Map.entry("proxy war to weaken Russia", Set.of("d10")),
      Map.entry("Gewerkschaften Hilfskonvois", Set.of("d11")));

  /** Mean reciprocal rank of the first relevant document in the first 10 hits. */
  static double mrr(SearchMode mode) {
    double sum = 0;
    for (var e : JUDGED.entrySet()) {
      List<SearchHit> hits = search(e.getKey(), mode, 10);
      for (int i = 0; i < hits.size(); i++) {
        if (e.getValue().contains(hits.get(i).documentId())) {
          sum += 1.0 / (i + 1);
          break;
        }
      }
    }
    return sum / JUDGED.size();
  }

  @Test
  void hybridIsAtLeastAsGoodAsEitherMode() {
    double text = mrr(SearchMode.TEXT);
    double semantic = mrr(SearchMode.SEMANTIC);
    double hybrid = mrr(SearchMode.HYBRID);
    String figures = String.format(Locale.ROOT, "MRR@10 text %.3f, semantic %.3f, hybrid %.3f", text, semantic,
        hybrid);
    System.out.println(figures);
    assertTrue(hybrid >= text - 1e-9 && hybrid >= semantic - 1e-9, figures);
    assertTrue(text < 1 && semantic < 1, "each single mode misses something: " + figures);
  }

  @Test
  void meaningBasedHitsBelowTheFloorAreDropped() {
    // #20: "sanctions" in hybrid mode listed every nearest neighbour, however far, next to the full-text hits
    SearchResults r = index.search(new SearchRequest("sanctions", SearchMode.HYBRID, 0, 100));
    assertFalse(r.hits().isEmpty());
    for (SearchHit h : r.hits()) {
      assertTrue(h.textScore() != null || h.semanticScore() >= SearchIndex.SEMANTIC_FLOOR,
          h.matched() + ": " + h.sentence());
    }
    assertEquals(Set.of("d04"), docs(r.hits()), "only the text about sanctions");
    assertTrue(r.hits().get(0).matched().startsWith("text \"Sanctions\""), r.hits().get(0).matched());
    for (SearchHit h : search("the alliance pushed Russia into the war", SearchMode.SEMANTIC, 100)) {
      assertTrue(h.semanticScore() >= SearchIndex.SEMANTIC_FLOOR, h.semanticScore() + ": " + h.sentence());
      assertEquals(String.format(Locale.ROOT, "meaning %.2f", h.semanticScore()), h.matched());
    }
    SearchResults far = index.search(new SearchRequest("smartphone battery life", SearchMode.SEMANTIC, 0, 10));
    assertEquals(List.of(), far.hits(), "nothing in the corpus is about phones");
    assertTrue(far.notes().stream().anyMatch(n -> n.startsWith("no sentence is close enough in meaning")),
        far.notes().toString());
  }

  @Test
  void dateFiltersSayHowManyDocumentsHaveNoDate(@TempDir Path own) {
    try (SearchIndex mixed = SearchIndex.open(own, Corpus.EMBEDDING)) {
      IndexedDocument dated = Corpus.DOCUMENTS.get("d04");
      mixed.put(dated);
      for (String id : List.of("d05", "d06")) {
        IndexedDocument d = Corpus.DOCUMENTS.get(id);
        DocumentMeta m = d.meta();
        mixed.put(new IndexedDocument(DocumentMeta.of(m.id(), m.title(), m.source(), m.url(), null,
            m.language()), d.analysis(), d.vectors()));
      }
      SearchResults r = mixed.search(new SearchRequest("sanctions date:2023", SearchMode.HYBRID, 0, 10));
      assertEquals(Set.of("d04"), docs(r.hits()));
      assertEquals(List.of("2 of 3 document(s) in the index have no date, and a date: filter never matches them"),
          r.notes());
      mixed.delete("d04");
      SearchResults none = mixed.search(new SearchRequest("date:2023", SearchMode.HYBRID, 0, 10));
      assertEquals(List.of(), none.hits());
      assertEquals(List.of("2 of 2 document(s) in the index have no date, and a date: filter never matches them:"
          + " drop the date: filter to search them"), none.notes());
      assertEquals(List.of(), mixed.search(new SearchRequest("wheat", SearchMode.HYBRID, 0, 10)).notes(),
          "no date filter, no note");
    }
  }

  @Test
  void pagingIsConsistent() {
    for (SearchMode mode : SearchMode.values()) {
      // few sentences of this small corpus come close enough in meaning to pass the floor: page those one by one
      String q = switch (mode) {
        case TEXT -> "war OR Russia OR workers OR NATO";
        case HYBRID -> "war in Ukraine workers Russia NATO";
        case SEMANTIC -> "heating bills";
      };
      int n = mode == SearchMode.SEMANTIC ? 2 : 9;
      int size = mode == SearchMode.SEMANTIC ? 1 : 3;
      List<SearchHit> all = index.search(new SearchRequest(q, mode, 0, n)).hits();
      assertEquals(n, all.size(), mode + " has enough hits");
      List<SearchHit> paged = new ArrayList<>();
      for (int off = 0; off < n; off += size) {
        SearchResults page = index.search(new SearchRequest(q, mode, off, size));
        assertEquals(size, page.hits().size());
        paged.addAll(page.hits());
      }
      assertEquals(all.stream().map(h -> h.documentId() + "@" + h.span()).toList(),
          paged.stream().map(h -> h.documentId() + "@" + h.span()).toList(), mode.id());
    }
    SearchResults beyond = index.search(new SearchRequest("sanctions", SearchMode.TEXT, 500, 10));
    assertTrue(beyond.hits().isEmpty());
    assertTrue(beyond.total() > 0);
  }

  @Test
  void highlightsMarkTheMatchedWords() {
    SearchHit h = text("\"power stations\" missiles", 1).get(0);
    assertEquals("Russian [missiles] struck [power] [stations] across Ukraine, leaving millions without heat and "
        + "light.", h.highlighted("[", "]"));
    SearchHit stemmed = text("deport", 1).get(0);
    assertEquals("[deported]", stemmed.highlighted("[", "]").replaceAll(".*(\\[deported\\]).*", "$1"));
    SearchHit excluded = text("children -camps", 5).stream().findFirst().orElse(null);
    if (excluded != null) {
      assertFalse(excluded.highlighted("[", "]").contains("[camps]"));
    }
  }

  static String message(String q) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> index.search(new SearchRequest(q, SearchMode.TEXT, 0, 10)));
    return e.getMessage();
  }

  @Test
  void invalidSyntaxSaysWhereAndWhatToFix() {
    String m = message("putin \"sided with");
    assertTrue(m.startsWith("invalid query at position 7: this quote is never closed"), m);
    assertTrue(m.contains("add the closing \""), m);
    assertTrue(m.contains("\n  putin \"sided with\n        ^"), m);
    m = message("sanctions AND");
    assertTrue(m.startsWith("invalid query at position 14: the query ends after 'AND'"), m);
    m = message("(sanctions OR grain");
    assertTrue(m.startsWith("invalid query at position 1: '(' is never closed"), m);
    m = message("sanctions) grain");
    assertTrue(m.startsWith("invalid query at position 10: ')' closes nothing"), m);
    m = message("AND OR sanctions");
    assertTrue(m.startsWith("invalid query at position "), m);
    m = message("colour:red");
    assertTrue(m.contains("unknown field 'colour:'") && m.contains("source"), m);
    m = message("date:last-week");
    assertTrue(m.contains("date:last-week is not a date") && m.contains("YYYY-MM-DD"), m);
    m = message("date:2023-02-30");
    assertTrue(m.contains("names no calendar date"), m);
    m = message("date:2024..2023");
    assertTrue(m.contains("empty range"), m);
    m = message("source:[a TO b]");
    assertTrue(m.contains("works on date: only"), m);
    assertFalse(m.contains("Exception"), m);
    m = message("24/7 support");
    assertTrue(m.startsWith("invalid query at position 3: a '/' starts a regular expression"), m);
    assertTrue(text("\"24/7\" support", 5) != null);
    m = message("*ism");
    assertTrue(m.startsWith("invalid query: ") && m.contains("wildcard"), m);
    assertEquals("", QueryCompiler.embeddingText("*:* source:x -war"));
    assertEquals("sanctions ships power stations", QueryCompiler.embeddingText(
        "+sanctions AND ships NOT grain \"power stations\"~2 date:2023 stance.russia:against -(a OR b)"));
    assertEquals("war", QueryCompiler.embeddingText("title:war"));
    assertThrows(InvalidInputException.class, () -> new SearchRequest("x", SearchMode.TEXT, -1, 10));
    assertThrows(InvalidInputException.class, () -> new SearchRequest("x", SearchMode.TEXT, 0, 0));
    assertThrows(InvalidInputException.class, () -> SearchMode.parse("fuzzy"));
  }

  @Test
  void oddQueriesGiveResultsOrAClearMessage() {
    List<String> odd = List.of("24/7", "C++", "AT&T", "U.S.", "what?", "!", "-", "+", "\"\"", "()", "title:",
        "source:", ":", "a:b:c", "*", "?", "~", "^", "AND", "NOT", "\\", "date:", "date:>", "stance.:x", "doc.:x",
        "role.:x", "/regex", "a^", "a~x", "{", "[2022 TO", "date:[2022 TO *]", "source:\"\"", "NATO^2 war",
        "\"power stations\"~1", "russia~", "sanct*", "*:*", "-*:*", "kind:(comment OR answer)");
    for (String q : odd) {
      for (SearchMode mode : SearchMode.values()) {
        try {
          SearchResults r = index.search(new SearchRequest(q, mode, 0, 5));
          assertNotNull(r.hits(), q);
        } catch (InvalidInputException e) {
          assertFalse(e.getMessage().isBlank(), q);
          assertFalse(e.getMessage().contains("Exception") || e.getMessage().contains("org.apache"),
              q + ": " + e.getMessage());
        }
      }
    }
  }

  @Test
  void hitsCarryTheirDocument() {
    SearchHit h = text("Kherson", 1).get(0);
    assertEquals("d06", h.documentId());
    assertEquals("Taken Away", h.title());
    assertEquals("Kyiv Labour News", h.source());
    assertEquals("https://example.org/d06", h.url());
    assertEquals(Instant.parse("2023-03-05T12:00:00Z"), h.published());
    assertEquals("eng", h.language());
    assertEquals("paragraph", h.unitKind());
    assertTrue(h.unitText().contains(h.sentence()));
    assertEquals(h.sentence(), Corpus.text("d06").substring(h.span().start(), h.span().end()));
    assertEquals(h.unitText(), Corpus.text("d06").substring(h.unitSpan().start(), h.unitSpan().end()));
    Set<String> units = new LinkedHashSet<>();
    Corpus.DOCUMENTS.get("d06").analysis().units().forEach(u -> units.add(u.unit().id()));
    assertTrue(units.contains(h.unitId()));
  }
}
