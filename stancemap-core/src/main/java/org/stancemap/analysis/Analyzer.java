package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.stancemap.analysis.SentenceScoring.Scores;
import org.stancemap.codebook.Actor;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Mentions;
import org.stancemap.codebook.Target;
import org.stancemap.document.Document;
import org.stancemap.gloss.Glossary;
import org.stancemap.model.CodebookTrainer;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.model.HeadSet;
import org.stancemap.text.Segmenter;
import org.stancemap.text.Sentence;
import org.stancemap.text.Unit;

/**
 * The analysis pipeline: segmentation, embedding, classifier heads, aggregation from sentences to units to the
 * document, roles, positions and contradictions. Every label it returns carries the sentences that justify it,
 * quoted by span from the document's own text.
 *
 * <p>A facade over its parts: {@link EmbeddingPlan} (the inputs to embed), {@link SentenceScoring} (the heads over
 * each sentence), {@link UnitAggregation} (sentences to units), {@link DocumentAggregation} (units to the document)
 * and {@link Contradictions}.
 *
 * <p>Thread-safe when its embedding model is: it keeps no per-document state.
 */
public final class Analyzer {

  /**
   * Decision thresholds on calibrated probabilities.
   *
   * @param stance a unit takes a side toward a target when the best sentence reaches this
   * @param label a narrative or technique is reported when a sentence reaches this
   * @param role a role is given when a sentence reaches this
   * @param relevance a unit is about the debate when its relevance reaches this
   * @param contradiction both units of a stance contradiction must reach this
   * @param maxEvidence evidence sentences kept per label
   */
  public record Settings(double stance, double label, double role, double relevance, double contradiction,
      int maxEvidence) {
    /** The default {@link #label()} threshold. */
    public static final double DEFAULT_LABEL = 0.4;

    public static Settings defaults() {
      return new Settings(0.5, DEFAULT_LABEL, 0.5, 0.5, 0.6, 3);
    }

    /** These settings with another narrative and technique threshold. */
    public Settings withLabel(double threshold) {
      return new Settings(stance, threshold, role, relevance, contradiction, maxEvidence);
    }
  }

  private static final Map<String, String> LANGUAGES = Map.of("en", "eng", "de", "deu", "fr", "fra", "es", "spa",
      "it", "ita", "ru", "rus", "uk", "ukr", "pl", "pol");

  private final Codebook codebook;
  private final EmbeddingModel embedding;
  private final HeadSet heads;
  private final Settings settings;
  private final Mentions mentions;
  private final Claims claims;
  private final Contradictions contradictionFinder;
  private final Segmenter segmenter = new Segmenter();
  private final Map<String, Actor> actors = new HashMap<>();
  private final SentenceScoring sentenceScoring;
  private final UnitAggregation unitAggregation;
  private final DocumentAggregation documentAggregation;
  private final Provenance provenance;
  private final String language;
  private final Map<String, Glossary> glossaries = new HashMap<>();

  public Analyzer(Codebook codebook, EmbeddingModel embedding, HeadSet heads, Settings settings) {
    this(codebook, embedding, heads, settings, List.of());
  }

  /**
   * An analyzer that reads texts in the languages of {@code glossaries} through them (in place of a shipped
   * glossary of the same language), and texts in other languages through the shipped glossaries.
   */
  public Analyzer(Codebook codebook, EmbeddingModel embedding, HeadSet heads, Settings settings,
      List<Glossary> glossaries) {
    this.codebook = Objects.requireNonNull(codebook, "codebook");
    this.embedding = Objects.requireNonNull(embedding, "embedding");
    this.heads = Objects.requireNonNull(heads, "heads");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mentions = new Mentions(codebook);
    this.claims = new Claims(codebook, mentions);
    this.contradictionFinder = new Contradictions(codebook, claims, settings.contradiction());
    codebook.actors().forEach(a -> actors.put(a.id(), a));
    this.sentenceScoring = new SentenceScoring(codebook, heads, settings);
    this.unitAggregation = new UnitAggregation(codebook, settings, actors);
    this.documentAggregation = new DocumentAggregation(codebook, heads, settings);
    this.provenance = new Provenance(heads.id(), codebook.ref(), CodebookTrainer.VERSION, embedding.info().id(),
        settings.label());
    this.language = LANGUAGES.getOrDefault(codebook.language(), codebook.language());
    glossaries.forEach(g -> this.glossaries.put(g.language(), g));
  }

  public Provenance provenance() {
    return provenance;
  }

  public Codebook codebook() {
    return codebook;
  }

  /** The heads this analyzer labels with. */
  public HeadSet heads() {
    return heads;
  }

  /** The glossaries given to this analyzer (in place of shipped ones of the same language); empty by default. */
  public List<Glossary> glossaries() {
    return List.copyOf(glossaries.values());
  }

  /** The decision thresholds. */
  public Settings settings() {
    return settings;
  }

  /** Segments the document without labelling it (used for unsupported languages). */
  public List<Unit> segment(Document d) {
    return segmenter.segment(d.text(), d.regions(), d.furniture(), d.format() == Document.Format.MARKDOWN);
  }

  /**
   * A document segmented and ready to embed: the inputs its analysis needs vectors for, in order (each sentence,
   * with the spans of its role windows). Produced by {@link #prepare}, consumed by {@link #finish}; lets a caller
   * embed the inputs of several documents in one call.
   */
  public static final class Prepared {
    private final Document document;
    private final List<Unit> units;
    private final boolean supported;
    private final Glossary gloss;
    private final EmbeddingPlan plan;

    private Prepared(Document document, List<Unit> units, boolean supported, Glossary gloss, EmbeddingPlan plan) {
      this.document = document;
      this.units = units;
      this.supported = supported;
      this.gloss = gloss;
      this.plan = plan;
    }

    /** The inputs to embed, in order; empty for a document in an unsupported language. */
    public List<EmbeddingModel.SpanInput> inputs() {
      return plan.inputs();
    }

    public Document document() {
      return document;
    }

    /** How many sentences the document has; the first this many {@link #inputs()} are its sentences. */
    public int sentenceCount() {
      return plan.sentences().size();
    }
  }

  /** Segments a document and lists the inputs to embed for it. */
  public Prepared prepare(Document d) {
    List<Unit> units = segment(d);
    boolean supported = d.language().equals("und") || d.language().equals(language);
    if (supported) {
      return new Prepared(d, units, true, null, EmbeddingPlan.of(d.text(), units, mentions, actors));
    }
    Glossary gloss = glossary(d.language()).orElse(null);
    if (gloss == null) {
      return new Prepared(d, units, false, null, EmbeddingPlan.none());
    }
    return new Prepared(d, units, true, gloss, EmbeddingPlan.of(d.text(), units, mentions, actors, gloss));
  }

  /**
   * The glossary that reads {@code documentLanguage} into this codebook's language: one given to the constructor,
   * else the shipped one. Glossaries read into English, so only an English codebook has them.
   */
  public Optional<Glossary> glossary(String documentLanguage) {
    if (!language.equals("eng")) {
      return Optional.empty();
    }
    Glossary own = glossaries.get(documentLanguage);
    return own != null ? Optional.of(own) : Glossary.shipped(documentLanguage);
  }

  /** Analyses one document, embedding its inputs in one call (reproducible: batches depend on it alone). */
  public DocumentAnalysis analyze(Document d) {
    return analyze(d, null);
  }

  /**
   * Analyses one document and hands every sentence's embedding to {@code sentenceVectors} (in document order),
   * so that a search index can store the vectors the analysis already computed. The vectors are L2-normalised.
   */
  public DocumentAnalysis analyze(Document d, BiConsumer<Sentence, float[]> sentenceVectors) {
    Prepared p = prepare(d);
    List<EmbeddingModel.Embedded> vectors = p.plan.texts().isEmpty() ? List.of() : embedding.embedSpans(p.inputs());
    if (sentenceVectors != null) {
      for (int i = 0; i < p.plan.sentences().size(); i++) {
        sentenceVectors.accept(p.plan.sentences().get(i), vectors.get(i).text());
      }
    }
    return finish(p, vectors);
  }

  /** The embedding model this analyzer uses (for queries that must land in the same vector space). */
  public EmbeddingModel embedding() {
    return embedding;
  }

  /** Completes the analysis of a prepared document, given the embeddings of its {@link Prepared#inputs()}. */
  public DocumentAnalysis finish(Prepared p, List<EmbeddingModel.Embedded> vectors) {
    if (vectors.size() != p.plan.texts().size()) {
      throw new IllegalArgumentException("expected " + p.plan.texts().size() + " embeddings, got " + vectors.size());
    }
    for (int i = 0; i < vectors.size(); i++) {
      if (vectors.get(i).spans().size() != p.plan.spans().get(i).size()) {
        throw new IllegalArgumentException("embedding " + i + " has " + vectors.get(i).spans().size()
            + " span vectors, expected " + p.plan.spans().get(i).size());
      }
    }
    Document d = p.document;
    List<Unit> units = p.units;
    if (!p.supported) {
      List<UnitAnalysis> bare = units.stream().map(u -> new UnitAnalysis(u, Map.of(), List.of(), List.of(),
          List.of(), null, false)).toList();
      return new DocumentAnalysis(d, DocumentAnalysis.UNSUPPORTED_LANGUAGE, null, Map.of(), List.of(), List.of(),
          List.of(), bare, List.of(), provenance);
    }
    String text = d.text();
    Map<Sentence, Scores> scores = sentenceScoring.score(text, p.plan, vectors);
    List<UnitAnalysis> analysed = new ArrayList<>();
    for (Unit u : units) {
      analysed.add(unitAggregation.unit(text, u, scores));
    }
    Map<String, StanceResult> stance = new LinkedHashMap<>();
    for (Target t : codebook.targets()) {
      stance.put(t.id(), documentAggregation.documentStance(t.id(), analysed));
    }
    List<Scored> narratives = documentAggregation.documentLabels(analysed, UnitAnalysis::narratives);
    List<Scored> techniques = documentAggregation.documentLabels(analysed, UnitAnalysis::techniques);
    List<RoleResult> roles = documentAggregation.documentRoles(analysed);
    PositionResult position = documentAggregation.documentPosition(analysed, p.plan::reading);
    List<Contradiction> contradictions = contradictionFinder.find(text, analysed);
    String status = p.gloss == null ? DocumentAnalysis.ANALYSED : DocumentAnalysis.ANALYSED_VIA_GLOSS;
    return new DocumentAnalysis(d, status, position, stance, narratives, techniques, roles, analysed,
        contradictions, provenance);
  }

  /** Units weigh by their number of sentences (at most 5): see {@link DocumentAggregation#weight}. */
  static double weight(Unit u) {
    return DocumentAggregation.weight(u);
  }

  /** Whose voice a unit is: see {@link DocumentAggregation#voice}. */
  static String voice(Unit u) {
    return DocumentAggregation.voice(u);
  }
}
