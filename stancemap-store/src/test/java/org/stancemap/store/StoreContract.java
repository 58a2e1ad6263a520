package org.stancemap.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stancemap.StoreException;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.document.Document;
import org.stancemap.json.JsonWriter;
import org.stancemap.report.JsonReport;
import org.stancemap.text.Span;

/**
 * What every {@link Store} must do, run against each database family by a subclass that says how to get an empty
 * database. Uses real databases only.
 */
abstract class StoreContract {
  /** A connection string ({@code --db} value) of a new, empty database. */
  abstract String newDatabase() throws Exception;

  Store store;
  String db;

  @BeforeEach
  void open() throws Exception {
    db = newDatabase();
    store = Store.open(db);
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void migratesAnEmptyDatabaseAndReopensIt() {
    assertEquals(0, store.countDocuments(false));
    assertEquals(0, store.lastAnalysisSeq());
    assertTrue(store.runs().isEmpty());
    long run = store.beginRun("a").id();
    store.put(run, Samples.item("x.txt", "Some text about Ukraine."));
    store.close();
    store = Store.open(db);
    assertEquals(1, store.countDocuments(false), "reopening keeps the data and does not migrate again");
    // one row per migration (V1 corpus, V2 review): none added by reopening
    assertEquals(List.of("2"), ((JdbcStore) store).query("SELECT COUNT(*) FROM flyway_schema_history WHERE success"
        + (db.startsWith("jdbc:postgresql:") ? "" : " = 1")));
  }

  @Test
  void sameContentIsStoredOnceAndCountedUnchangedOrDuplicate() {
    ImportRun r1 = store.beginRun("import corpus");
    assertEquals(Outcome.IMPORTED, store.put(r1.id(), Samples.item("a.txt", "Text A.")).outcome());
    assertEquals(Outcome.IMPORTED, store.put(r1.id(), Samples.item("b.txt", "Text B.")).outcome());
    assertEquals(Outcome.DUPLICATE, store.put(r1.id(), Samples.item("copy-of-b.txt", "Text B.")).outcome());
    ImportRun done1 = store.finishRun(r1.id());
    assertEquals(new ImportCounts(2, 0, 1, 0, 0), done1.counts());
    assertEquals(ImportRun.FINISHED, done1.status());
    assertNotNull(done1.finished());

    ImportRun r2 = store.beginRun("import corpus");
    assertNull(r2.resumes(), "a finished run is not resumed");
    Put a = store.put(r2.id(), Samples.item("a.txt", "Text A."));
    assertEquals(Outcome.UNCHANGED, a.outcome());
    assertEquals(Outcome.UNCHANGED, store.put(r2.id(), Samples.item("b.txt", "Text B.")).outcome());
    assertEquals(Outcome.UNCHANGED, store.put(r2.id(), Samples.item("copy-of-b.txt", "Text B.")).outcome());
    assertEquals(new ImportCounts(0, 3, 0, 0, 0), store.finishRun(r2.id()).counts());
    assertEquals(2, store.countDocuments(false));
    StoredDocument stored = store.document(a.documentId()).orElseThrow().document();
    assertEquals(Document.idOf("Text A."), stored.contentId());
    assertEquals("a.txt", stored.location());
    assertEquals("Text A.", stored.text());
  }

  @Test
  void aChangedTextAtTheSameLocationIsANewLinkedVersion() {
    long run = store.beginRun("r").id();
    Put v1 = store.put(run, Samples.item("page", "First text."));
    Put v2 = store.put(run, Samples.item("page", "Second, edited text."));
    assertEquals(Outcome.NEW_VERSION, v2.outcome());
    StoredDocument d1 = store.document(v1.documentId()).orElseThrow().document();
    StoredDocument d2 = store.document(v2.documentId()).orElseThrow().document();
    assertEquals(1, d1.version());
    assertEquals(2, d2.version());
    assertEquals(v1.documentId(), d2.previousId());
    assertFalse(d1.current(), "the old version is no longer held by its location");
    assertTrue(d2.current());
    assertEquals(2, store.countDocuments(false));
    assertEquals(1, store.countDocuments(true));
    assertEquals(Outcome.UNCHANGED, store.put(run, Samples.item("page", "Second, edited text.")).outcome());
    assertEquals(new ImportCounts(1, 1, 0, 1, 0), store.finishRun(run).counts());
    assertEquals(List.of(v2.documentId()), store.toAnalyse(Samples.KEY, false), "only current versions");
  }

  @Test
  void failuresAreRecordedWithTheirReasonsInOrder() {
    long run = store.beginRun("r").id();
    store.put(run, Samples.item("good.txt", "Good text."));
    store.fail(run, "bad.bin", "bad.bin: binary data, not text");
    store.fail(run, "missing.txt", "missing.txt: no such file or directory");
    ImportRun done = store.finishRun(run);
    assertEquals(new ImportCounts(1, 0, 0, 0, 2), done.counts());
    List<ImportFailure> f = store.failures(run);
    assertEquals(List.of("bad.bin", "missing.txt"), f.stream().map(ImportFailure::location).toList());
    assertEquals("missing.txt: no such file or directory", f.get(1).reason());
    assertTrue(store.failures(run + 1000).isEmpty());
  }

  @Test
  void anUnfinishedRunIsResumedByTheSameArguments() {
    ImportRun first = store.beginRun("[\"corpus/\"]");
    store.put(first.id(), Samples.item("corpus/1.txt", "One."));
    // killed here: never finished
    ImportRun other = store.beginRun("[\"elsewhere/\"]");
    assertNull(other.resumes(), "other arguments start afresh");
    ImportRun second = store.beginRun("[\"corpus/\"]");
    assertEquals(first.id(), second.resumes());
    assertEquals(ImportRun.INTERRUPTED, store.run(first.id()).orElseThrow().status());
    Predicate<String> done = store.committedBefore(second);
    assertTrue(done.test("corpus/1.txt"));
    assertFalse(done.test("corpus/2.txt"));
    store.put(second.id(), Samples.item("corpus/2.txt", "Two."));
    ImportRun third = store.beginRun("[\"corpus/\"]");
    assertEquals(second.id(), third.resumes());
    Predicate<String> chain = store.committedBefore(third);
    assertTrue(chain.test("corpus/1.txt") && chain.test("corpus/2.txt"), "resumes are followed transitively");
    assertFalse(store.committedBefore(other).test("corpus/1.txt"));
  }

  @Test
  void aFailedWriteIsRolledBackWhole() {
    assertThrows(StoreException.class, () -> store.put(4242, Samples.item("x.txt", "Orphan.")));
    assertEquals(0, store.countDocuments(false), "the document insert was rolled back with the failed run update");
    long run = store.beginRun("r").id();
    assertEquals(Outcome.IMPORTED, store.put(run, Samples.item("x.txt", "Orphan.")).outcome());
  }

  @Test
  void metadataAndIngestHintsRoundTrip() {
    long run = store.beginRun("r").id();
    var item = Samples.richItem();
    long id = store.put(run, item).documentId();
    StoredDocument d = store.document(id).orElseThrow().document();
    assertEquals("example.org", d.source());
    assertEquals("https://example.org/page", d.url());
    assertEquals("Meta title", d.title());
    assertEquals("Ann Author", d.author());
    assertEquals(item.meta().published(), d.published());
    assertEquals("post-7", d.externalId());
    assertEquals("post-1", d.parentId());
    assertEquals("img/meme.png", d.mediaRef());
    assertEquals(item.meta().extra(), d.extra());
    assertEquals("html", d.format());
    assertEquals(List.of("decoded as windows-1252"), d.notes());
    Document o = item.document();
    assertEquals(new Document(o.id(), o.source(), o.text(), o.format(), o.language(), "Meta title", o.regions(),
        o.furniture(), o.notes()), store.ingestDocument(id).orElseThrow(),
        "text, format, regions, furniture, and the best title known (the source's)");
  }

  @Test
  void analysesAreStoredFlattenedAndReadBackExactly() {
    long run = store.beginRun("r").id();
    long id = store.put(run, Samples.richItem()).documentId();
    Document doc = store.ingestDocument(id).orElseThrow();
    DocumentAnalysis a = Samples.analysis(doc);
    long seq = store.saveAnalysis(id, a, Samples.KEY, Samples.vectors(3, 384, 1));
    assertEquals(seq, store.lastAnalysisSeq());

    DocumentDetail detail = store.document(id).orElseThrow();
    assertEquals(seq, detail.analysis().seq());
    assertEquals(Samples.KEY, detail.analysis().key());
    assertEquals("mixed", detail.analysis().position());
    assertEquals(JsonWriter.compact(JsonReport.document(a)), detail.analysis().json());
    assertEquals(List.of("u1", "u2"), detail.units().stream().map(UnitRow::unitId).toList());
    assertEquals("comment", detail.units().get(1).kind());
    assertEquals("Ann", detail.units().get(1).author());
    assertTrue(detail.units().get(1).truncated());
    assertEquals(3, detail.sentences().size());
    assertEquals(new Span(24, 46), new Span(detail.sentences().get(1).start(), detail.sentences().get(1).end()));
    assertEquals(1, detail.sentences().get(2).unitOrd());

    LabelRow docUkraine = detail.labels().stream().filter(l -> l.unitId() == null && l.target().equals("ukraine"))
        .findFirst().orElseThrow();
    assertEquals("favor", docUkraine.label());
    assertEquals(0.9, docUkraine.score(), 1e-9);
    assertEquals(List.of(new Span(24, 46), new Span(0, 23)), docUkraine.evidence());
    LabelRow role = detail.labels().stream().filter(l -> l.dimension().equals("role") && "u1".equals(l.unitId()))
        .findFirst().orElseThrow();
    assertEquals("russia-state", role.target());
    assertEquals("antagonist", role.label());
    assertTrue(detail.labels().stream().anyMatch(l -> "u2".equals(l.unitId()) && l.dimension().equals("narrative")
        && l.label().equals("nato-provocation")));
    assertTrue(detail.labels().stream().anyMatch(l -> l.unitId() == null && l.dimension().equals("position")
        && l.label().equals("mixed")));
    // 2 levels x 3 targets + narrative (doc, u2) + technique (doc, u1) + role (doc, u1) + positions (doc, u1, u2)
    // document: 3 stance + narrative + technique + role + position; u1: 3 stance + technique + role + position;
    // u2: 3 stance + narrative + position
    assertEquals(7 + 6 + 5, detail.labels().size());
    assertEquals(List.of("russia", "ukraine", "west"), store.stanceTargets());

    DocumentAnalysis back = store.analysis(id).orElseThrow();
    assertEquals(JsonWriter.compact(JsonReport.document(a)), JsonWriter.compact(JsonReport.document(back)),
        "decoding the stored JSON and writing it again gives the same JSON");
    assertEquals(a.contradictions(), back.contradictions());
    assertEquals(a.units().get(1).unit(), back.units().get(1).unit());

    AnalysedDocument both = store.analysed(id).orElseThrow();
    assertEquals(JsonWriter.compact(JsonReport.document(a)), JsonWriter.compact(JsonReport.document(both.analysis())),
        "analysed() decodes the same analysis as analysis()");
    assertEquals(detail.document(), both.document());
    assertEquals(detail.sentences().size(), both.sentences().size());
    for (int i = 0; i < both.sentences().size(); i++) {
      assertEquals(detail.sentences().get(i).start(), both.sentences().get(i).start());
      assertArrayEquals(detail.sentences().get(i).vector(), both.sentences().get(i).vector());
    }
    assertTrue(store.analysed(id + 1000).isEmpty(), "unknown document");

    assertTrue(store.toAnalyse(Samples.KEY, false).isEmpty(), "analysed under this key");
    AnalysisKey other = new AnalysisKey("test-model/2", "test-codebook@1.0", "c0ffee", "test-embedding", "0.1.0");
    assertEquals(List.of(id), store.toAnalyse(other, false), "another model id: analyse again");
    AnalysisKey edited = new AnalysisKey("test-model/1", "test-codebook@1.0", "beef", "test-embedding", "0.1.0");
    assertEquals(List.of(id), store.toAnalyse(edited, false), "another codebook hash: analyse again");
    assertEquals(List.of(id), store.toAnalyse(Samples.KEY, true));

    long seq2 = store.saveAnalysis(id, a, other, null);
    assertTrue(seq2 > seq, "a new analysis gets a larger sequence number");
    DocumentDetail again = store.document(id).orElseThrow();
    assertEquals(other, again.analysis().key());
    assertEquals(3, again.sentences().size(), "the previous analysis's rows were replaced, not added to");
    assertNull(again.sentences().get(0).vector());
    assertEquals(detail.labels().size(), again.labels().size());
  }

  @Test
  void corpusQueriesListFilterAndChartTheCurrentDocuments() {
    long run = store.beginRun("r").id();
    long rich = store.put(run, Samples.richItem()).documentId();
    store.saveAnalysis(rich, Samples.analysis(store.ingestDocument(rich).orElseThrow()), Samples.KEY, null);
    long plain = store.put(run, Samples.item("a.txt", "# Heading\n\nPlain   text\nhere.")).documentId();
    CorpusQueries q = store.corpus();

    CorpusListing all = q.list(CorpusFilter.none(), 0, 10);
    assertEquals(2, all.total());
    assertEquals(List.of(rich, plain), all.items().stream().map(CorpusItem::id).toList(), "dated first, undated last");
    CorpusItem r = all.items().get(0);
    assertEquals("example.org", r.source());
    assertTrue(r.published().startsWith("2023-03-01"), r.published());
    assertEquals("mixed", r.position());
    assertEquals(0.58, r.positionScore(), 1e-9);
    assertEquals(List.of("nato-provocation"), r.narratives());
    assertEquals(List.of("loaded-language"), r.techniques());
    assertEquals(Set.of("russia", "ukraine", "west"), r.stance().keySet());
    assertTrue(r.stance().get("ukraine").toString().contains("favor"), r.stance().toString());
    CorpusItem p = all.items().get(1);
    assertNull(p.position());
    assertNull(p.positionScore());
    assertEquals("Heading", p.title(), "no stored title: the first line without heading marks");
    assertEquals("# Heading Plain text here.", p.excerpt());
    assertTrue(p.narratives().isEmpty() && p.stance().isEmpty());
    assertEquals(List.of(plain), q.list(CorpusFilter.none(), 1, 10).items().stream().map(CorpusItem::id).toList());

    assertEquals(1, q.list(new CorpusFilter("samples", null, null, null, null, null, null), 0, 10).total());
    java.time.LocalDate day = java.time.LocalDate.of(2023, 3, 1);
    assertEquals(1, q.list(new CorpusFilter(null, day, day, null, null, null, null), 0, 10).total());
    assertEquals(0, q.list(new CorpusFilter(null, day.plusDays(1), null, null, null, null, null), 0, 10).total());
    assertEquals(1, q.list(new CorpusFilter(null, null, null, "mixed", null, null, null), 0, 10).total());
    assertEquals(1, q.list(new CorpusFilter(null, null, null, null, "nato-provocation", null, null), 0, 10).total());
    assertEquals(0, q.list(new CorpusFilter(null, null, null, null, null, "whataboutism", null), 0, 10).total());
    assertEquals(List.of(plain, rich), q.list(CorpusFilter.none().withIds(List.of(plain, rich)), 0, 10).items()
        .stream().map(CorpusItem::id).toList(), "a search's ids keep their rank order");
    assertEquals(0, q.list(CorpusFilter.none().withIds(List.of()), 0, 10).total());

    String cid = store.document(rich).orElseThrow().document().contentId();
    assertEquals(java.util.Optional.of(rich), q.idOf(cid));
    assertEquals(java.util.Optional.of(plain), q.idOf(Long.toString(plain)), "the search index's store ids");
    assertTrue(q.idOf("not-an-id").isEmpty());
    assertTrue(q.idOf(Long.toString(plain + 100)).isEmpty());
    assertEquals(List.of(rich), q.idsOf(List.of(cid, "ffffffffffffffff", cid)));
    assertEquals(List.of("example.org", "samples"), q.sources());
    assertEquals(1, q.analysesWithLabel("narrative", "nato-provocation"));
    assertEquals(0, q.analysesWithLabel("narrative", "whataboutism"));

    assertEquals(List.of(List.of("2023-03", "nato-provocation", 1L)), q.narrativesByMonth());
    assertEquals(List.of(List.of("2023-03", 1L)), q.documentsByMonth(CorpusQueries.DashboardLabels.NARRATIVE));
    assertEquals(List.of(List.of("2023-03", 1L)), q.documentsByMonth(CorpusQueries.DashboardLabels.STANCE));
    assertEquals(0, q.undated(CorpusQueries.DashboardLabels.STANCE));
    assertEquals(List.of(List.of("example.org", "mixed", 1L)), q.positionsBySource());
    assertEquals(List.of(List.of("2023-03", "russia", "against", 1L), List.of("2023-03", "ukraine", "favor", 1L),
        List.of("2023-03", "west", "against", 1L)), q.stanceByMonth());
    assertTrue(q.narrativeCooccurrence().isEmpty(), "one narrative only");
  }

  @Test
  void listingTitlesAndExcerptsAreShortened() {
    assertEquals("Title", CorpusQueries.firstLine("\n## Title\nbody"));
    assertNull(CorpusQueries.firstLine("x".repeat(121)));
    assertNull(CorpusQueries.firstLine(null));
    assertEquals("", CorpusQueries.excerpt(null));
    String longText = "word ".repeat(100);
    String e = CorpusQueries.excerpt(longText);
    assertTrue(e.endsWith(" …") && e.length() <= CorpusQueries.EXCERPT + 2, e);
  }

  @Test
  void reviewsKeepEveryRowAndCountTheLatestPerUnit() {
    long run = store.beginRun("r").id();
    long id = store.put(run, Samples.richItem()).documentId();
    String cid = store.document(id).orElseThrow().document().contentId();
    Reviews reviews = store.reviews();
    assertTrue(reviews.latestAll().isEmpty());
    Review first = reviews.add(id, cid, "u1", "position", "solidarity", "campist", "ann");
    Review second = reviews.add(id, cid, "u1", "position", "solidarity", "solidarity", "bob");
    reviews.add(id, cid, "u2", "narrative", "nato-provocation", "nato-provocation", "ann");
    assertTrue(second.id() > first.id());
    assertEquals(List.of(second.id()), reviews.latest(id, cid).stream().filter(r -> r.unitId().equals("u1"))
        .map(Review::id).toList(), "the latest review of a unit and dimension counts");
    assertEquals(2, reviews.latestAll().size());
    assertEquals(second.at(), reviews.latest(id, cid).get(0).at());
    assertTrue(reviews.latest(id, "ffffffffffffffff").isEmpty(), "reviews belong to the reviewed text");
    assertEquals(1, reviews.reviewsWithLabel("position", "campist"), "any review, not only the latest");
    assertEquals(0, reviews.reviewsWithLabel("narrative", "whataboutism"));
    assertEquals(2, reviews.reviewsWithLabel("position", "solidarity"));
    List<ReviewAgreement> ag = reviews.agreement();
    assertEquals(List.of("narrative", "position"), ag.stream().map(ReviewAgreement::dimension).toList());
    assertEquals(1, ag.get(1).n());
    assertEquals(1, ag.get(1).agreed());

    ModelActivations acts = store.modelActivations();
    assertTrue(acts.latest().isEmpty());
    acts.record("m1.onnx", "model/1", "codebook-1.1.yaml", "ann");
    ModelActivation back = acts.record(null, "model/0", null, "bob");
    assertEquals(back, acts.latest().orElseThrow());
    store.close();
    store = Store.open(db);
    assertEquals(back, store.modelActivations().latest().orElseThrow(), "kept across a reopen");
    assertEquals(2, store.reviews().latestAll().size());
  }

  @Test
  void aDatabaseWithTheWebModulesOwnReviewTablesMigratesKeepingTheirRows() throws Exception {
    // before schema version 2 the web module created web_reviews and web_model_activations with its own Flyway
    String old = newDatabase();
    String url = old.startsWith("jdbc:") ? old : "jdbc:sqlite:" + java.nio.file.Path.of(old).toAbsolutePath();
    java.nio.file.Files.createDirectories(old.startsWith("jdbc:") ? java.nio.file.Path.of(".")
        : java.nio.file.Path.of(old).toAbsolutePath().getParent());
    boolean pg = old.startsWith("jdbc:postgresql:");
    String folder = pg ? "postgresql" : "sqlite";
    org.flywaydb.core.Flyway.configure(JdbcStore.class.getClassLoader())
        .dataSource(url, null, null).locations("classpath:db/migration/" + folder).target("1").load().migrate();
    String id = pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE TABLE stancemap_web_schema_history (installed_rank INTEGER)");
      st.execute("CREATE TABLE web_reviews (id " + id + ", document_id BIGINT NOT NULL REFERENCES documents(id),"
          + " content_id TEXT NOT NULL, unit_id TEXT NOT NULL, dimension TEXT NOT NULL, ai_label TEXT NOT NULL,"
          + " human_label TEXT NOT NULL, reviewer TEXT NOT NULL, reviewed_at TEXT NOT NULL)");
      st.execute("CREATE INDEX web_reviews_unit ON web_reviews(document_id, unit_id, dimension)");
      st.execute("CREATE TABLE web_model_activations (id " + id + ", model_file TEXT, model_id TEXT NOT NULL,"
          + " codebook_file TEXT, activated_by TEXT NOT NULL, activated_at TEXT NOT NULL)");
      st.execute("INSERT INTO web_model_activations (model_file, model_id, codebook_file, activated_by,"
          + " activated_at) VALUES ('m.onnx', 'model/1', NULL, 'ann', '2025-01-02T03:04:05Z')");
    }
    try (Store migrated = Store.open(old)) {
      assertEquals(new ModelActivation(1, "m.onnx", "model/1", null, "ann",
          java.time.Instant.parse("2025-01-02T03:04:05Z")), migrated.modelActivations().latest().orElseThrow());
      assertTrue(migrated.reviews().latestAll().isEmpty());
      assertEquals(List.of("2"), ((JdbcStore) migrated).query("SELECT max(version) FROM flyway_schema_history"));
    }
  }

  @Test
  void unanalysedDocumentsHaveNoAnalysisAndAreListed() {
    long run = store.beginRun("r").id();
    long id = store.put(run, Samples.item("a.txt", "Plain.")).documentId();
    DocumentDetail d = store.document(id).orElseThrow();
    assertNull(d.analysis());
    assertTrue(d.units().isEmpty() && d.labels().isEmpty());
    assertTrue(store.analysis(id).isEmpty());
    assertTrue(store.analysed(id).isEmpty(), "stored but not analysed");
    assertEquals(List.of(id), store.toAnalyse(Samples.KEY, false));
    assertTrue(store.document(id + 99).isEmpty());
  }

  @Test
  void sentenceVectorsRoundTripAndSyncIncrementally() {
    long run = store.beginRun("r").id();
    long id1 = store.put(run, Samples.richItem()).documentId();
    long id2 = store.put(run, new org.stancemap.document.SourceItem("other", "s",
        Samples.document().withLanguage("eng").withLanguage("eng"), org.stancemap.document.DocumentMeta.NONE))
        .outcome() == Outcome.DUPLICATE ? -1 : 0;
    assertEquals(-1, id2, "same text elsewhere is a duplicate");
    List<float[]> vs = Samples.vectors(3, 384, 7);
    long seq = store.saveAnalysis(id1, Samples.analysis(store.ingestDocument(id1).orElseThrow()), Samples.KEY, vs);
    List<SentenceVector> all = store.sentenceVectors(VectorCursor.START, 100);
    assertEquals(3, all.size());
    for (int i = 0; i < 3; i++) {
      SentenceVector v = all.get(i);
      assertEquals(seq, v.seq());
      assertEquals(id1, v.documentId());
      assertEquals(i, v.index());
      assertEquals("test-embedding", v.embedding());
      assertEquals(384, v.vector().length);
      assertArrayEquals(Vectors.quantize(vs.get(i)), v.vector());
      assertTrue(Samples.cosine(vs.get(i), v.floats()) > 0.998, "int8 keeps the direction");
    }
    assertEquals(List.of("u1", "u1", "u2"), all.stream().map(SentenceVector::unitId).toList());
    assertEquals(48, all.get(2).start());
    List<SentenceVector> page1 = store.sentenceVectors(VectorCursor.START, 2);
    List<SentenceVector> page2 = store.sentenceVectors(VectorCursor.after(page1.get(1)), 2);
    assertEquals(List.of(0, 1), page1.stream().map(SentenceVector::index).toList());
    assertEquals(List.of(2), page2.stream().map(SentenceVector::index).toList());
    VectorCursor synced = VectorCursor.afterAnalysis(store.lastAnalysisSeq());
    assertTrue(store.sentenceVectors(synced, 10).isEmpty());
    long seq2 = store.saveAnalysis(id1, Samples.analysis(store.ingestDocument(id1).orElseThrow()), Samples.KEY,
        Samples.vectors(3, 384, 8));
    List<SentenceVector> changed = store.sentenceVectors(synced, 10);
    assertEquals(3, changed.size(), "a re-analysed document's sentences come again");
    assertTrue(changed.stream().allMatch(v -> v.seq() == seq2));
  }

  @Test
  void analysedDocumentsAreListedAfterAWatermark() {
    long run = store.beginRun("r").id();
    long a = store.put(run, Samples.richItem()).documentId();
    long b = store.put(run, Samples.item("b", "Another text.")).documentId();
    assertTrue(store.analysedAfter(0, 10).items().isEmpty());
    Document da = store.ingestDocument(a).orElseThrow();
    long s1 = store.saveAnalysis(a, Samples.analysis(da), Samples.KEY, null);
    Document db2 = store.ingestDocument(b).orElseThrow();
    DocumentAnalysis bare = new DocumentAnalysis(db2, DocumentAnalysis.UNSUPPORTED_LANGUAGE, null, Map.of(),
        List.of(), List.of(), List.of(), List.of(), List.of(), Samples.analysis(da).provenance());
    long s2 = store.saveAnalysis(b, bare, Samples.KEY, null);
    Page<Entry> p1 = store.analysedAfter(0, 1);
    assertEquals(List.of(s1), p1.items().stream().map(e -> e.analysis().seq()).toList());
    assertEquals(s1, p1.next());
    Page<Entry> p2 = store.analysedAfter(p1.next(), 1);
    assertEquals(b, p2.items().get(0).document().id());
    assertEquals("Another text.", p2.items().get(0).document().text());
    assertNull(p2.items().get(0).analysis().position(), "an unsupported-language analysis has no position");
    assertTrue(store.analysedAfter(s2, 10).items().isEmpty());
    long s3 = store.saveAnalysis(a, Samples.analysis(da), Samples.KEY, null);
    assertEquals(List.of(a), store.analysedAfter(s2, 10).items().stream().map(e -> e.document().id()).toList(),
        "a re-analysed document comes again, after the watermark");
    assertTrue(s3 > s2);
  }

  @Test
  void documentsArePagedByKeyAndStreamedWhole() {
    long run = store.beginRun("r").id();
    int n = 1050;
    for (int i = 0; i < n; i++) {
      store.put(run, Samples.item("doc-" + i, "Document number " + i + "."));
    }
    Page<Entry> p1 = store.documents(DocumentQuery.all().limit(100));
    assertEquals(100, p1.items().size());
    assertTrue(p1.hasNext());
    Page<Entry> p2 = store.documents(DocumentQuery.all().limit(100).after(p1.next()));
    assertTrue(p2.items().get(0).document().id() > p1.items().get(99).document().id());
    Set<Long> seen = new HashSet<>();
    long[] last = {0};
    try (var s = store.stream(DocumentQuery.all().limit(64).withText(false))) {
      s.forEach(e -> {
        assertTrue(e.document().id() > last[0], "ascending ids");
        last[0] = e.document().id();
        assertNull(e.document().text(), "text not requested");
        seen.add(e.document().id());
      });
    }
    assertEquals(n, seen.size());
    assertEquals(0, store.stream(DocumentQuery.all().analysedOnly(true)).count());
  }

  @Test
  void readersRunWhileOneWriterWrites() throws Exception {
    long run = store.beginRun("r").id();
    int n = 300;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; i < n; i++) {
          store.put(run, Samples.item("w-" + i, "Written concurrently, number " + i + "."));
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    writer.start();
    List<Long> counts = new ArrayList<>();
    while (writer.isAlive()) {
      long c;
      try (var s = store.stream(DocumentQuery.all().limit(50))) {
        c = s.count();
      }
      counts.add(c);
      assertEquals(c, c, "");
    }
    writer.join();
    assertNull(failure.get(), () -> "writer failed: " + failure.get());
    for (int i = 1; i < counts.size(); i++) {
      assertTrue(counts.get(i) >= counts.get(i - 1), "committed documents never disappear: " + counts);
    }
    assertEquals(n, store.countDocuments(false));
    assertEquals(n, store.finishRun(run).counts().imported());
  }
}
