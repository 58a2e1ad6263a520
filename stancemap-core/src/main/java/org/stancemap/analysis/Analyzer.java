package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.stancemap.codebook.Actor;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Mentions;
import org.stancemap.codebook.Position;
import org.stancemap.codebook.Stance;
import org.stancemap.codebook.Target;
import org.stancemap.document.Document;
import org.stancemap.model.ClassifierInput;
import org.stancemap.model.CodebookTrainer;
import org.stancemap.model.DataTrainer;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.model.Example;
import org.stancemap.model.Head;
import org.stancemap.model.HeadInputs;
import org.stancemap.model.HeadSet;
import org.stancemap.model.RoleInput;
import org.stancemap.text.Segmenter;
import org.stancemap.text.Sentence;
import org.stancemap.text.Span;
import org.stancemap.text.Unit;

/**
 * The analysis pipeline: segmentation, embedding, classifier heads, aggregation from sentences to units to the
 * document, roles, positions and contradictions. Every label it returns carries the sentences that justify it,
 * quoted by span from the document's own text.
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
  private final HeadInputs headInputs;
  private final Map<String, Actor> actors = new HashMap<>();
  private final Provenance provenance;
  private final String language;

  public Analyzer(Codebook codebook, EmbeddingModel embedding, HeadSet heads, Settings settings) {
    this.codebook = Objects.requireNonNull(codebook, "codebook");
    this.embedding = Objects.requireNonNull(embedding, "embedding");
    this.heads = Objects.requireNonNull(heads, "heads");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mentions = new Mentions(codebook);
    this.claims = new Claims(codebook, mentions);
    this.contradictionFinder = new Contradictions(codebook, claims, settings.contradiction());
    this.headInputs = new HeadInputs(codebook);
    codebook.actors().forEach(a -> actors.put(a.id(), a));
    this.provenance = new Provenance(heads.id(), codebook.ref(), CodebookTrainer.VERSION, embedding.info().id(),
        settings.label());
    this.language = LANGUAGES.getOrDefault(codebook.language(), codebook.language());
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

  /** The decision thresholds. */
  public Settings settings() {
    return settings;
  }

  /** How sure the voice head must be that a sentence is reported before its stance stops counting as the author's. */
  static final double REPORTED_CONFIDENCE = 0.8;

  /**
   * A page is mixed when voices the model places with at least this confidence take other positions than the page's
   * label and together hold at least {@link #MIXED_SHARE} of its relevant weight (a comment thread's voices are
   * short, so a tenth of the weight is enough).
   */
  static final double MIXED_VOICE_CONFIDENCE = 0.6;
  static final double MIXED_SHARE = 0.1;

  /** Per-sentence model outputs. */
  private record Scores(Sentence sentence, Map<String, double[]> stance, double[] narrative, double[] technique,
      double[] position, List<Mentions.Mention> targets, List<Mentions.Mention> actors,
      Map<Mentions.Mention, double[]> roles, Voice voice) {
    /**
     * Whether the sentence's stance counts as the author's own: the author's claims and the claims the author
     * endorses do; claims merely reported or rebutted do not. Always true without a voice model.
     */
    double own() {
      return !confidentlyReported() || voice.authorAsserts() ? 1.0 : 0.0;
    }

    /** Whether the sentence is a claim the author rejects, whose stance then counts, halved, for the other side. */
    double rebutted() {
      return confidentlyReported() && voice.rebutted() ? 1.0 : 0.0;
    }

    /**
     * A sentence is taken out of the author's voice only when the voice head is confident that it reports someone
     * else's claim ({@link #REPORTED_CONFIDENCE}): a wrong "reported" removes or flips a stance the author holds,
     * which costs more than keeping a reported claim as the author's. The sentence record still shows the voice.
     */
    private boolean confidentlyReported() {
      return voice != null && voice.kind().equals(Voice.REPORTED) && voice.score() >= REPORTED_CONFIDENCE;
    }
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
    private final List<Sentence> sentences = new ArrayList<>();
    /** Texts to embed: one per sentence, then the rare whole sentences a role window needs (see RoleInput). */
    private final List<String> texts = new ArrayList<>();
    private final List<List<Span>> spans = new ArrayList<>();
    private final List<List<Mentions.Mention>> actorMentions = new ArrayList<>();
    private final List<List<Mentions.Mention>> targetMentions = new ArrayList<>();
    /** Per role window: sentence, mention in it, input text, span of that input. */
    private final List<int[]> roleIndex = new ArrayList<>();
    private final List<String> roleTexts = new ArrayList<>();
    private List<EmbeddingModel.SpanInput> inputs = List.of();

    private Prepared(Document document, List<Unit> units, boolean supported) {
      this.document = document;
      this.units = units;
      this.supported = supported;
    }

    /** The inputs to embed, in order; empty for a document in an unsupported language. */
    public List<EmbeddingModel.SpanInput> inputs() {
      return inputs;
    }

    public Document document() {
      return document;
    }

    /** How many sentences the document has; the first this many {@link #inputs()} are its sentences. */
    public int sentenceCount() {
      return sentences.size();
    }

    private int addText(String t) {
      texts.add(t);
      spans.add(new ArrayList<>());
      return texts.size() - 1;
    }
  }

  /** Segments a document and lists the inputs to embed for it. */
  public Prepared prepare(Document d) {
    List<Unit> units = segment(d);
    boolean supported = d.language().equals("und") || d.language().equals(language);
    Prepared p = new Prepared(d, units, supported);
    if (!supported) {
      return p;
    }
    String text = d.text();
    units.forEach(u -> p.sentences.addAll(u.sentences()));
    for (Sentence s : p.sentences) {
      p.addText(ClassifierInput.of(s.span().of(text)));
    }
    // Role inputs: a window around each actor mention, as built from the codebook's bracketed role exemplars,
    // pooled from the sentence's own pass.
    Map<String, Integer> extra = new HashMap<>();
    for (int i = 0; i < p.sentences.size(); i++) {
      Span sp = p.sentences.get(i).span();
      List<List<Mentions.Mention>> found = mentions.both(text, sp); // targets and actors in one pass
      p.targetMentions.add(found.get(0));
      List<Mentions.Mention> am = found.get(1);
      p.actorMentions.add(am);
      for (int j = 0; j < am.size(); j++) {
        Span m = am.get(j).span();
        Actor actor = actors.get(am.get(j).id());
        if (actor != null && actor.target() != null) {
          continue; // roles of a target's actors come from the stance heads (see unitRoles), no window needed
        }
        RoleInput.Window w = RoleInput.window(sp.of(text), m.start() - sp.start(), m.end() - sp.start());
        int in = w.input().equals(p.texts.get(i)) ? i : extra.computeIfAbsent(w.input(), p::addText);
        p.roleIndex.add(new int[] {i, j, in, p.spans.get(in).size()});
        p.spans.get(in).add(w.span());
        p.roleTexts.add(w.text());
      }
    }
    List<EmbeddingModel.SpanInput> in = new ArrayList<>(p.texts.size());
    for (int i = 0; i < p.texts.size(); i++) {
      in.add(new EmbeddingModel.SpanInput(p.texts.get(i), p.spans.get(i)));
    }
    p.inputs = List.copyOf(in);
    return p;
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
    List<EmbeddingModel.Embedded> vectors = p.texts.isEmpty() ? List.of() : embedding.embedSpans(p.inputs());
    if (sentenceVectors != null) {
      for (int i = 0; i < p.sentences.size(); i++) {
        sentenceVectors.accept(p.sentences.get(i), vectors.get(i).text());
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
    if (vectors.size() != p.texts.size()) {
      throw new IllegalArgumentException("expected " + p.texts.size() + " embeddings, got " + vectors.size());
    }
    for (int i = 0; i < vectors.size(); i++) {
      if (vectors.get(i).spans().size() != p.spans.get(i).size()) {
        throw new IllegalArgumentException("embedding " + i + " has " + vectors.get(i).spans().size()
            + " span vectors, expected " + p.spans.get(i).size());
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
    Map<Sentence, Scores> scores = score(text, p, vectors);
    List<UnitAnalysis> analysed = new ArrayList<>();
    for (Unit u : units) {
      analysed.add(unit(text, u, scores));
    }
    Map<String, StanceResult> stance = new LinkedHashMap<>();
    for (Target t : codebook.targets()) {
      stance.put(t.id(), documentStance(t.id(), analysed));
    }
    List<Scored> narratives = documentLabels(analysed, UnitAnalysis::narratives);
    List<Scored> techniques = documentLabels(analysed, UnitAnalysis::techniques);
    List<RoleResult> roles = documentRoles(analysed);
    PositionResult position = documentPosition(analysed);
    List<Contradiction> contradictions = contradictionFinder.find(text, analysed);
    return new DocumentAnalysis(d, DocumentAnalysis.ANALYSED, position, stance, narratives, techniques, roles,
        analysed, contradictions, provenance);
  }

  private Map<Sentence, Scores> score(String text, Prepared p, List<EmbeddingModel.Embedded> embedded) {
    List<Sentence> sentences = p.sentences;
    List<String> inputs = p.texts;
    List<List<Mentions.Mention>> actorMentions = p.actorMentions;
    List<int[]> roleIndex = p.roleIndex;
    Map<Sentence, Scores> out = new HashMap<>();
    Head position = heads.head("position").orElse(null);
    Head role = heads.head("role").orElse(null);
    List<Map<Mentions.Mention, double[]>> roleScores = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      roleScores.add(new LinkedHashMap<>());
    }
    for (int i = 0; i < sentences.size(); i++) {
      for (Mentions.Mention m : actorMentions.get(i)) {
        roleScores.get(i).put(m, null);
      }
    }
    if (role != null) {
      for (int k = 0; k < roleIndex.size(); k++) {
        int[] r = roleIndex.get(k);
        float[] window = embedded.get(r[2]).spans().get(r[3]);
        Example x = headInputs.example("role", headInputs.text(p.roleTexts.get(k)), window, -1);
        roleScores.get(r[0]).put(actorMentions.get(r[0]).get(r[1]), role.probabilities(x));
      }
    }
    float[][] vectors = new float[sentences.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embedded.get(i).text();
    }
    for (int i = 0; i < sentences.size(); i++) {
      Sentence s = sentences.get(i);
      HeadInputs.Text in = headInputs.text(inputs.get(i));
      Map<String, double[]> st = new LinkedHashMap<>();
      for (Target t : codebook.targets()) {
        String id = "stance:" + t.id();
        float[] vector = vectors[i];
        heads.head(id).ifPresent(h -> st.put(t.id(), h.probabilities(headInputs.example(id, in, vector, -1))));
      }
      out.put(s, new Scores(s, st,
          labelProbabilities("narrative", codebook.narratives(), in, vectors[i]),
          labelProbabilities("technique", codebook.techniques(), in, vectors[i]),
          position == null ? null : position.probabilities(headInputs.example("position", in, vectors[i], -1)),
          p.targetMentions.get(i), actorMentions.get(i), roleScores.get(i), voice(text, s, in, vectors[i], st, p.targetMentions.get(i))));
    }
    return out;
  }

  /**
   * The voice of one sentence from the model's voice and attitude heads (trained on the team's corpus), or null when
   * the model has no voice head. The speaker is the span that {@link Speakers} finds before a reporting cue.
   */
  private Voice voice(String text, Sentence s, HeadInputs.Text in, float[] vector, Map<String, double[]> stance,
      List<Mentions.Mention> named) {
    Head v = heads.head(DataTrainer.VOICE).orElse(null);
    if (v == null) {
      return null;
    }
    Map<String, String> claim = new LinkedHashMap<>();
    stance.forEach((t, p) -> {
      if (named.stream().anyMatch(m -> m.id().equals(t))) {
        double f = p[Stance.FAVOR.ordinal()];
        double a = p[Stance.AGAINST.ordinal()];
        if (Math.max(f, a) >= settings.stance()) {
          claim.put(t, f >= a ? Stance.FAVOR.id() : Stance.AGAINST.id());
        }
      }
    });
    double[] pv = v.probabilities(headInputs.example(DataTrainer.VOICE, in, vector, -1));
    double reported = pv[v.classIndex(Voice.REPORTED)];
    if (reported < settings.stance()) {
      return new Voice(s.span(), Voice.AUTHOR, 1.0 - reported, null, 0, null, claim);
    }
    Head a = heads.head(DataTrainer.ATTITUDE).orElse(null);
    String attitude = Voice.REPORTS;
    double attitudeScore = 1.0;
    if (a != null) {
      double[] pa = a.probabilities(headInputs.example(DataTrainer.ATTITUDE, in, vector, -1));
      int k = Head.argmax(pa);
      attitude = a.classes().get(k);
      attitudeScore = pa[k];
    }
    Span speaker = Speakers.find(text, s.span());
    return new Voice(s.span(), Voice.REPORTED, reported, attitude, attitudeScore, speaker, claim);
  }

  /**
   * The probability of each label of a dimension for one sentence: from the multi-class head ({@code narrative}),
   * overridden label by label by one-vs-rest heads ({@code narrative:west-aggressor}) that a model trained on
   * coded data may add. Null when the model has neither.
   */
  private double[] labelProbabilities(String dim, List<Label> labels, HeadInputs.Text in, float[] vector) {
    Head multi = heads.head(dim).orElse(null);
    double[] p = multi == null ? null : multi.probabilities(headInputs.example(dim, in, vector, -1));
    for (int k = 0; k < labels.size(); k++) {
      Head binary = heads.head(dim + ":" + labels.get(k).id()).orElse(null);
      if (binary != null) {
        if (p == null) {
          p = new double[labels.size() + 1];
        }
        p[k] = binary.probabilities(headInputs.example(binary.id(), in, vector, -1))[binary.classIndex(
            "true")];
      }
    }
    return p;
  }

  private Evidence evidence(String text, String unit, Span span, double score) {
    return new Evidence(unit, span.start(), span.end(), span.of(text), score);
  }

  private UnitAnalysis unit(String text, Unit u, Map<Sentence, Scores> all) {
    List<Scores> ss = u.sentences().stream().map(all::get).toList();
    boolean mentionsSomething = ss.stream().anyMatch(s -> !s.targets().isEmpty() || !s.actors().isEmpty());
    double relevance = relevance(ss, mentionsSomething);
    boolean relevant = relevance >= settings.relevance();

    Map<String, StanceResult> stance = new LinkedHashMap<>();
    for (Target t : codebook.targets()) {
      stance.put(t.id(), relevant ? unitStance(text, u, t.id(), ss) : unitStanceIfMentioned(u, t.id(), ss));
    }
    List<Scored> narratives = relevant ? unitLabels(text, u, ss, codebook.narratives(), Scores::narrative)
        : List.of();
    List<Scored> techniques = relevant ? unitLabels(text, u, ss, codebook.techniques(), Scores::technique)
        : List.of();
    List<RoleResult> roles = relevant ? unitRoles(text, u, ss) : List.of();
    PositionResult position = unitPosition(ss, stance, narratives, relevant);
    List<Voice> voices = ss.stream().map(Scores::voice).filter(Objects::nonNull).toList();
    return new UnitAnalysis(u, stance, narratives, techniques, roles, position, relevant, voices);
  }

  /** How much a unit is about the debate: one minus the position head's mean "unrelated", raised by mentions. */
  private double relevance(List<Scores> ss, boolean mentionsSomething) {
    int unrelated = unrelatedIndex();
    if (unrelated < 0 || ss.isEmpty() || ss.get(0).position() == null) {
      return mentionsSomething ? 1.0 : 0.0;
    }
    double mean = 0;
    for (Scores s : ss) {
      mean += s.position()[unrelated];
    }
    mean /= ss.size();
    return Math.min(1.0, 1.0 - mean + (mentionsSomething ? 0.3 : 0.0));
  }

  private int unrelatedIndex() {
    for (int i = 0; i < codebook.positions().size(); i++) {
      if (codebook.positions().get(i).id().equals(PositionResult.UNRELATED)) {
        return i;
      }
    }
    return -1;
  }

  private StanceResult unitStanceIfMentioned(Unit u, String target, List<Scores> ss) {
    boolean mentioned = ss.stream().anyMatch(s -> s.targets().stream().anyMatch(m -> m.id().equals(target)));
    return new StanceResult(Stance.NONE, 0.0, mentioned, List.of());
  }

  private StanceResult unitStance(String text, Unit u, String target, List<Scores> ss) {
    boolean mentioned = ss.stream().anyMatch(s -> s.targets().stream().anyMatch(m -> m.id().equals(target)));
    if (!mentioned) {
      return StanceResult.notMentioned();
    }
    double bestFavor = 0;
    double bestAgainst = 0;
    List<Evidence> favor = new ArrayList<>();
    List<Evidence> against = new ArrayList<>();
    for (Scores s : ss) {
      double[] p = s.stance().get(target);
      if (p == null) {
        continue;
      }
      // Only sentences that name the target (or clearly imply it) speak about it: the stance heads were trained
      // on such sentences, and their output on others means nothing.
      if (s.targets().stream().noneMatch(m -> m.id().equals(target))) {
        continue;
      }
      // What the author asserts counts in full; a claim the author rebuts counts, halved, for the other side; a
      // claim merely reported counts for nothing.
      double w = s.own();
      double r = 0.5 * s.rebutted();
      double f = Math.max(w * p[Stance.FAVOR.ordinal()] + r * p[Stance.AGAINST.ordinal()],
          w * victimOf(text, s, target));
      double a = w * p[Stance.AGAINST.ordinal()] + r * p[Stance.FAVOR.ordinal()];
      bestFavor = Math.max(bestFavor, f);
      bestAgainst = Math.max(bestAgainst, a);
      if (f >= settings.stance()) {
        favor.add(evidence(text, u.id(), s.sentence().span(), f));
      }
      if (a >= settings.stance()) {
        against.add(evidence(text, u.id(), s.sentence().span(), a));
      }
    }
    if (Math.max(bestFavor, bestAgainst) < settings.stance()) {
      return new StanceResult(Stance.NONE, 1.0 - Math.max(bestFavor, bestAgainst), true, List.of());
    }
    boolean isFavor = bestFavor >= bestAgainst;
    return new StanceResult(isFavor ? Stance.FAVOR : Stance.AGAINST, isFavor ? bestFavor : bestAgainst, true,
        top(isFavor ? favor : against));
  }

  /**
   * Support for {@code target} read from its being harmed by an opponent the sentence condemns ("We should oppose
   * Putin because he is a threat to Ukraine"): when the sentence names the target on the receiving end of harm
   * ({@link Roles#isPatient}) and is against a target that opposes it (the codebook's {@code opposes}), the target
   * gets the smaller of that against probability and {@link Roles#PATIENT_CONFIDENCE}; otherwise 0. A plain report
   * of harm without condemnation gives nothing, since the stance head then gives no side.
   */
  private double victimOf(String text, Scores s, String target) {
    double best = 0;
    for (Mentions.Mention m : s.targets()) {
      if (!m.id().equals(target) || !Roles.isPatient(text, s.sentence().span(), m.span())) {
        continue;
      }
      for (Target x : codebook.targets()) {
        boolean opposed = x.opposes().contains(target)
            || codebook.target(target).map(t -> t.opposes().contains(x.id())).orElse(false);
        double[] px = s.stance().get(x.id());
        if (opposed && px != null && s.targets().stream().anyMatch(o -> o.id().equals(x.id()))) {
          double against = px[Stance.AGAINST.ordinal()];
          if (against >= settings.stance()) {
            best = Math.max(best, Math.min(against, Roles.PATIENT_CONFIDENCE));
          }
        }
      }
    }
    return best;
  }

  private List<Evidence> top(List<Evidence> ev) {
    return ev.stream().sorted(Comparator.comparingDouble(Evidence::score).reversed()
        .thenComparingInt(Evidence::start)).limit(settings.maxEvidence()).toList();
  }

  private List<Scored> unitLabels(String text, Unit u, List<Scores> ss, List<Label> labels,
      Function<Scores, double[]> probs) {
    List<Scored> out = new ArrayList<>();
    for (int k = 0; k < labels.size(); k++) {
      // A label is used by the sentences that state it in the author's voice (or a voice the author endorses or
      // merely reports) and rebutted by the sentences that report it to reject it; when both occur in one unit,
      // the use wins.
      List<Evidence> used = new ArrayList<>();
      List<Evidence> rebutted = new ArrayList<>();
      double bestUsed = 0;
      double bestRebutted = 0;
      for (Scores s : ss) {
        double[] p = probs.apply(s);
        if (p == null) {
          continue;
        }
        boolean rebuts = s.rebutted() > 0;
        if (rebuts) {
          bestRebutted = Math.max(bestRebutted, p[k]);
        } else {
          bestUsed = Math.max(bestUsed, p[k]);
        }
        if (p[k] >= settings.label()) {
          (rebuts ? rebutted : used).add(evidence(text, u.id(), s.sentence().span(), p[k]));
        }
      }
      if (!used.isEmpty()) {
        out.add(new Scored(labels.get(k).id(), labels.get(k).name(), bestUsed, top(used), Scored.USES));
      } else if (!rebutted.isEmpty()) {
        out.add(new Scored(labels.get(k).id(), labels.get(k).name(), bestRebutted, top(rebutted), Scored.REBUTS));
      }
    }
    out.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id));
    return out;
  }

  /**
   * Roles of the actors a unit names. An actor that belongs to a target (Putin to Russia) takes its role from the
   * sentence's stance toward that target: favor makes a protagonist, against an antagonist, unless the actor is
   * on the receiving end of harm ("a threat to Ukraine", "Kharkiv was shelled"), which makes it innocent. Other
   * actors ("the Western left", "Ukrainian workers") get the role head's answer over a window around the mention.
   */
  private List<RoleResult> unitRoles(String text, Unit u, List<Scores> ss) {
    Map<String, RoleResult> best = new LinkedHashMap<>();
    List<String> roleIds = codebook.roles().stream().map(Label::id).toList();
    for (Scores s : ss) {
      for (var e : s.roles().entrySet()) {
        Mentions.Mention m = e.getKey();
        Actor a = actors.get(m.id());
        String role = null;
        double score = 0;
        double[] head = e.getValue();
        if (Roles.isPatient(text, s.sentence().span(), m.span()) && roleIds.contains("innocent")) {
          role = "innocent";
          score = head == null ? Roles.PATIENT_CONFIDENCE
              : Math.max(Roles.PATIENT_CONFIDENCE, head[roleIds.indexOf("innocent")]);
        } else if (a.target() != null && s.stance().containsKey(a.target())) {
          double[] p = s.stance().get(a.target());
          double f = p[Stance.FAVOR.ordinal()];
          double ag = p[Stance.AGAINST.ordinal()];
          if (Math.max(f, ag) >= settings.stance()) {
            role = f >= ag ? "protagonist" : "antagonist";
            score = Math.max(f, ag);
          }
        }
        if (role == null || !roleIds.contains(role)) {
          double[] p = head;
          if (p == null) {
            continue;
          }
          int k = Head.argmax(p);
          if (p[k] < settings.role()) {
            continue;
          }
          role = roleIds.get(k);
          score = p[k];
        }
        RoleResult r = new RoleResult(a.name(), a.id(), m.span().of(text), role, score,
            List.of(evidence(text, u.id(), s.sentence().span(), score)));
        RoleResult prev = best.get(a.id());
        if (prev == null || r.score() > prev.score()) {
          best.put(a.id(), r);
        }
      }
    }
    return new ArrayList<>(best.values());
  }

  private PositionResult unitPosition(List<Scores> ss, Map<String, StanceResult> stance, List<Scored> narratives,
      boolean relevant) {
    Map<String, Double> scores = new LinkedHashMap<>();
    if (!relevant) {
      scores.put(PositionResult.UNRELATED, 1.0);
      return new PositionResult(PositionResult.UNRELATED, 1.0, scores, Map.of());
    }
    String bestId = PositionResult.UNRELATED;
    double bestScore = 0;
    for (int i = 0; i < codebook.positions().size(); i++) {
      Position p = codebook.positions().get(i);
      if (p.id().equals(PositionResult.UNRELATED)) {
        continue;
      }
      double head = 0;
      for (Scores s : ss) {
        if (s.position() != null) {
          head = Math.max(head, s.position()[i]);
        }
      }
      double indicator = 0;
      for (Scored n : narratives) {
        if (p.narratives().contains(n.id())) {
          // a narrative the unit rebuts speaks against the positions it indicates
          indicator += n.rebutted() ? -n.score() : n.score();
        }
      }
      for (var e : p.stance().entrySet()) {
        StanceResult r = stance.get(e.getKey());
        if (r != null && r.label() == e.getValue()) {
          indicator += 0.5 * r.score();
        } else if (r != null && r.label() == e.getValue().opposite()) {
          // The opposite stance speaks against the position ("condemning Russia rules campism out").
          indicator -= 0.5 * r.score();
        }
      }
      // A position needs support beyond the head, which on short texts mostly answers the topic rather than the
      // side: a narrative that indicates it or a stance it implies (architecture-detail.md, 2.6).
      double score = indicator <= 0 ? 0.0 : 0.5 * head + 0.5 * Math.min(1.0, indicator);
      scores.put(p.id(), score);
      if (score > bestScore) {
        bestScore = score;
        bestId = p.id();
      }
    }
    if (bestScore < 0.3) {
      scores.put(PositionResult.UNRELATED, 1.0 - bestScore);
      return new PositionResult(PositionResult.UNRELATED, 1.0 - bestScore, scores, Map.of());
    }
    return new PositionResult(bestId, bestScore, scores, Map.of());
  }

  private StanceResult documentStance(String target, List<UnitAnalysis> units) {
    double favor = 0;
    double against = 0;
    boolean mentioned = false;
    List<Evidence> fe = new ArrayList<>();
    List<Evidence> ae = new ArrayList<>();
    for (UnitAnalysis u : units) {
      StanceResult r = u.stance().get(target);
      if (r == null) {
        continue;
      }
      mentioned |= r.mentioned();
      double w = weight(u.unit());
      if (r.label() == Stance.FAVOR) {
        favor += w * r.score();
        fe.addAll(r.evidence());
      } else if (r.label() == Stance.AGAINST) {
        against += w * r.score();
        ae.addAll(r.evidence());
      }
    }
    if (favor + against == 0) {
      return new StanceResult(Stance.NONE, mentioned ? 1.0 : 0.0, mentioned, List.of());
    }
    boolean isFavor = favor >= against;
    List<Evidence> ev = isFavor ? fe : ae;
    double meanEvidence = ev.stream().mapToDouble(Evidence::score).max().orElse(0);
    double share = (isFavor ? favor : against) / (favor + against);
    return new StanceResult(isFavor ? Stance.FAVOR : Stance.AGAINST, meanEvidence * share, true, top(ev));
  }

  /** Units weigh by their number of sentences (at most 5): a long paragraph says more than a title. */
  static double weight(Unit u) {
    return Math.min(5, Math.max(1, u.sentences().size()));
  }

  private List<Scored> documentLabels(List<UnitAnalysis> units,
      Function<UnitAnalysis, List<Scored>> get) {
    Map<String, List<Scored>> by = new LinkedHashMap<>();
    for (UnitAnalysis u : units) {
      for (Scored s : get.apply(u)) {
        by.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(s);
      }
    }
    List<Scored> out = new ArrayList<>();
    for (var e : by.entrySet()) {
      // the document uses a label when any unit uses it; it rebuts it when every unit that has it rebuts it
      List<Scored> uses = e.getValue().stream().filter(x -> !x.rebutted()).toList();
      List<Scored> from = uses.isEmpty() ? e.getValue() : uses;
      double best = from.stream().mapToDouble(Scored::score).max().orElse(0);
      List<Evidence> ev = new ArrayList<>();
      from.forEach(s -> ev.addAll(s.evidence()));
      out.add(new Scored(e.getKey(), from.get(0).name(), best, top(ev), uses.isEmpty() ? Scored.REBUTS : Scored.USES));
    }
    out.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id));
    return out;
  }

  private List<RoleResult> documentRoles(List<UnitAnalysis> units) {
    Map<String, Map<String, List<RoleResult>>> by = new LinkedHashMap<>();
    for (UnitAnalysis u : units) {
      for (RoleResult r : u.roles()) {
        by.computeIfAbsent(r.actor(), k -> new LinkedHashMap<>()).computeIfAbsent(r.role(), k -> new ArrayList<>())
            .add(r);
      }
    }
    List<RoleResult> out = new ArrayList<>();
    for (var e : by.entrySet()) {
      Map.Entry<String, List<RoleResult>> win = e.getValue().entrySet().stream()
          .max(Comparator.comparingDouble(x -> x.getValue().stream().mapToDouble(RoleResult::score).sum()))
          .orElseThrow();
      List<Evidence> ev = new ArrayList<>();
      win.getValue().forEach(r -> ev.addAll(r.evidence()));
      RoleResult first = win.getValue().get(0);
      double best = win.getValue().stream().mapToDouble(RoleResult::score).max().orElse(0);
      out.add(new RoleResult(first.entity(), first.actor(), first.mention(), win.getKey(), best, top(ev)));
    }
    out.sort(Comparator.comparingDouble(RoleResult::score).reversed().thenComparing(RoleResult::actor));
    return out;
  }

  /**
   * The document's position. Each voice (the page itself, each commenter, interviewer, interviewee) takes the
   * position most of its units take, weighted by length and score. With the model's document-position head, see
   * {@link #learnedPosition}; without it, a page is {@code mixed} only when different voices take different
   * positions, each with at least a quarter of the weight. One voice that leans several ways (a blog's listing of
   * posts) keeps its plurality position.
   */
  private PositionResult documentPosition(List<UnitAnalysis> units) {
    Head learned = heads.head(PositionFeatures.HEAD).orElse(null);
    return learned == null ? votedPosition(units) : learnedPosition(learned, units);
  }

  /**
   * The position from the model's document-position head over the aggregated evidence ({@link PositionFeatures}),
   * trained on the team's long-form documents: {@code scores} are its calibrated probabilities. Each voice of the
   * page (the page, each commenter, the interviewee; not the interviewer, who asks) is also placed on its own
   * units; a voice counts when the head places it with at least {@link #MIXED_VOICE_CONFIDENCE}. When the counted
   * voices take at least two positions and those that disagree with the winner hold at least {@link #MIXED_SHARE}
   * of the relevant weight, the document is {@code mixed} and {@code voices} maps each position to its voices'
   * units.
   */
  private PositionResult learnedPosition(Head head, List<UnitAnalysis> units) {
    if (!PositionFeatures.anyEvidence(units)) {
      // nothing a position could rest on (no side taken, no narrative, no unit position): an off-topic text
      return new PositionResult(PositionResult.UNRELATED, 1.0, Map.of(PositionResult.UNRELATED, 1.0), Map.of());
    }
    double[] p = head.probabilities(new Example(PositionFeatures.of(codebook, units),
        org.stancemap.model.LexicalFeatures.Sparse.EMPTY, -1));
    Map<String, Double> scores = new LinkedHashMap<>();
    for (int k = 0; k < p.length; k++) {
      scores.put(head.classes().get(k), p[k]);
    }
    int top = Head.argmax(p);
    String label = head.classes().get(top);
    Map<String, List<UnitAnalysis>> byVoice = new LinkedHashMap<>();
    for (UnitAnalysis u : units) {
      String v = voice(u.unit());
      if (u.relevant() && !v.equals("interviewer")) {
        byVoice.computeIfAbsent(v, k -> new ArrayList<>()).add(u);
      }
    }
    if (byVoice.size() > 1) {
      double total = 0;
      Map<String, Double> weightBy = new LinkedHashMap<>();
      Map<String, List<String>> voices = new LinkedHashMap<>();
      for (var e : byVoice.entrySet()) {
        double w = e.getValue().stream().mapToDouble(u -> weight(u.unit())).sum();
        total += w;
        if (!PositionFeatures.anyEvidence(e.getValue())) {
          continue; // a voice that takes no side (a question, a greeting) places nobody
        }
        double[] q = head.probabilities(new Example(PositionFeatures.of(codebook, e.getValue()),
            org.stancemap.model.LexicalFeatures.Sparse.EMPTY, -1));
        int k = Head.argmax(q);
        if (q[k] < MIXED_VOICE_CONFIDENCE) {
          continue; // a voice the model cannot place does not make a page mixed
        }
        String pos = head.classes().get(k);
        weightBy.merge(pos, w, Double::sum);
        e.getValue().forEach(u -> voices.computeIfAbsent(pos, x -> new ArrayList<>()).add(u.unit().id()));
      }
      double all = total;
      double disagreeing = weightBy.entrySet().stream().filter(e -> !e.getKey().equals(label))
          .mapToDouble(Map.Entry::getValue).sum();
      boolean mixed = weightBy.size() > 1 && disagreeing / all >= MIXED_SHARE;
      if (mixed) {
        return new PositionResult(PositionResult.MIXED, p[top], scores, voices);
      }
    }
    return new PositionResult(label, p[top], scores, Map.of());
  }

  /** The position by voice votes over the units' positions (models without a document-position head). */
  private PositionResult votedPosition(List<UnitAnalysis> units) {
    Map<String, Map<String, Double>> byVoice = new LinkedHashMap<>();
    Map<String, List<String>> voices = new LinkedHashMap<>();
    Map<String, Double> mass = new LinkedHashMap<>();
    double total = 0;
    for (UnitAnalysis u : units) {
      PositionResult p = u.position();
      if (p == null || p.label().equals(PositionResult.UNRELATED)) {
        continue;
      }
      double m = weight(u.unit()) * p.score();
      byVoice.computeIfAbsent(voice(u.unit()), k -> new LinkedHashMap<>()).merge(p.label(), m, Double::sum);
      voices.computeIfAbsent(p.label(), k -> new ArrayList<>()).add(u.unit().id());
      mass.merge(p.label(), m, Double::sum);
      total += m;
    }
    if (total == 0) {
      return new PositionResult(PositionResult.UNRELATED, 1.0, Map.of(PositionResult.UNRELATED, 1.0), Map.of());
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    for (var e : mass.entrySet()) {
      shares.put(e.getKey(), e.getValue() / total);
    }
    // Each voice's own position, and the weight behind it.
    Map<String, Double> voiceVotes = new LinkedHashMap<>();
    for (Map<String, Double> v : byVoice.values()) {
      Map.Entry<String, Double> top = best(v);
      double voiceMass = v.values().stream().mapToDouble(Double::doubleValue).sum();
      voiceVotes.merge(top.getKey(), voiceMass, Double::sum);
    }
    Map.Entry<String, Double> first = best(voiceVotes);
    double all = total;
    double firstShare = first.getValue() / all;
    boolean mixed = voiceVotes.size() > 1 && voiceVotes.entrySet().stream()
        .filter(e -> !e.getKey().equals(first.getKey())).anyMatch(e -> e.getValue() / all >= 0.25);
    if (mixed) {
      // The score of "mixed" is the share of the most common position, as listed in scores.
      double top = shares.values().stream().mapToDouble(Double::doubleValue).max().orElse(firstShare);
      return new PositionResult(PositionResult.MIXED, top, shares, voices);
    }
    return new PositionResult(first.getKey(), shares.get(first.getKey()), shares, Map.of());
  }

  private static Map.Entry<String, Double> best(Map<String, Double> m) {
    // Highest weight; on a tie the alphabetically first label, so the result never depends on map order.
    Comparator<Map.Entry<String, Double>> byWeight = Map.Entry.comparingByValue();
    Comparator<Map.Entry<String, Double>> byName = Map.Entry.comparingByKey();
    return m.entrySet().stream().max(byWeight.thenComparing(byName.reversed())).orElseThrow();
  }

  /** Whose voice a unit is: the page, a commenter, the interviewer or the interviewee. */
  static String voice(Unit u) {
    return switch (u.kind()) {
      case COMMENT -> "comment:" + (u.author() != null ? u.author() : u.id());
      case QUESTION -> "interviewer";
      case ANSWER -> "interviewee";
      default -> "page";
    };
  }
}
