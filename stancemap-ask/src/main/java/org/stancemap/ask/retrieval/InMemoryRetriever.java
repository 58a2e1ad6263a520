package org.stancemap.ask.retrieval;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.PositionResult;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.codebook.Stance;
import org.stancemap.document.Dates;
import org.stancemap.document.DocumentMeta;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.text.Sentence;
import org.stancemap.text.Span;

/**
 * A {@link Retriever} over analyses held in memory, for {@code ask} over files and for tests.
 *
 * <p>Only relevant units are candidates. Filters: the question's sources (a case-insensitive substring of the
 * document's source or URL), its period (the unit's own date, as comments carry, else the document's publication
 * date; undated units are left out when a period is asked) and its positions (the unit's position, or, for a unit
 * without one, its document's position or voice). Named narratives and techniques are not filters but strong
 * boosts, because a classifier misses some passages that carry them: a unit that carries one ranks first, a unit
 * that only talks about it can still follow. Ranking, highest first:
 *
 * <pre>
 *   score = bm25(keywords, unit words) / max bm25 over the candidates          (0..1)
 *         + sum over named positions the unit takes of its position score (0.25 for a document's position)
 *         + 0.5 x the document's probability of each named position (1 for a unit of a voice placed there)
 *         + sum over named narratives and techniques the unit carries of (1 + its label score)
 *         + 0.3 per named target the unit mentions, + 0.5 x stance score when its stance is the one asked
 *         + 0.3 per named actor the unit gives a role or names
 *         + 0.5 x max(0, best cosine between the question and the unit's sentences)   (with an embedding model)
 *         + 0.05 x the unit's best label score                                (prefers units that carry labels)
 * </pre>
 *
 * BM25 uses k1 = 1.2, b = 0.75 over units. Ties are broken by document order of addition, then unit order, so
 * results are deterministic. Immutable after {@link Builder#build()} and safe for concurrent use when the
 * embedding model is.
 */
public final class InMemoryRetriever implements Retriever {
  private static final double K1 = 1.2;
  private static final double B = 0.75;

  private record Doc(DocumentAnalysis analysis, DocumentMeta meta, int order) {}

  private record Entry(Doc doc, UnitAnalysis unit, String text, Map<String, Integer> tf, int length,
      float[][] vectors, LocalDate date, int order) {}

  private final List<Entry> entries;
  private final Map<String, Integer> df;
  private final double avgLength;
  private final EmbeddingModel embedding;
  private final int documents;

  private InMemoryRetriever(List<Entry> entries, EmbeddingModel embedding, int documents) {
    this.entries = List.copyOf(entries);
    this.embedding = embedding;
    this.documents = documents;
    Map<String, Integer> counts = new HashMap<>();
    long total = 0;
    for (Entry e : entries) {
      e.tf().keySet().forEach(w -> counts.merge(w, 1, Integer::sum));
      total += e.length();
    }
    this.df = Map.copyOf(counts);
    this.avgLength = entries.isEmpty() ? 1 : Math.max(1.0, (double) total / entries.size());
  }

  /** Starts a retriever; {@code embedding} may be null (no vector similarity). */
  public static Builder builder(EmbeddingModel embedding) {
    return new Builder(embedding);
  }

  /** Collects analysed documents. Not thread-safe. */
  public static final class Builder {
    private final EmbeddingModel embedding;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> ids = new LinkedHashSet<>();
    private int docs;

    private Builder(EmbeddingModel embedding) {
      this.embedding = embedding;
    }

    /** Adds a document without precomputed vectors (they are computed here when an embedding model is set). */
    public Builder add(DocumentAnalysis analysis, DocumentMeta meta) {
      return add(analysis, meta, null);
    }

    /**
     * Adds a document.
     *
     * @param sentenceVectors the sentence vectors the analysis computed (see {@code Analyzer.analyze(d, sink)}),
     *     keyed by sentence span; null to compute them here
     * @throws NullPointerException if {@code meta} has no id or no source
     * @throws IllegalArgumentException if a document with the same id was added before, or {@code meta} describes
     *     another document
     */
    public Builder add(DocumentAnalysis analysis, DocumentMeta meta, Map<Span, float[]> sentenceVectors) {
      Objects.requireNonNull(meta.id(), "id");
      Objects.requireNonNull(meta.source(), "source");
      if (!meta.id().equals(analysis.document().id())) {
        throw new IllegalArgumentException("metadata of " + meta.id() + " given for document "
            + analysis.document().id());
      }
      if (!ids.add(meta.id())) {
        throw new IllegalArgumentException("document " + meta.id() + " (" + meta.source() + ") was added twice");
      }
      Doc doc = new Doc(analysis, meta, docs++);
      String text = analysis.document().text();
      List<UnitAnalysis> relevant = analysis.units().stream().filter(UnitAnalysis::relevant).toList();
      Map<Span, float[]> vectors = sentenceVectors;
      if (embedding != null && vectors == null && !relevant.isEmpty()) {
        List<Span> spans = new ArrayList<>();
        relevant.forEach(u -> u.unit().sentences().forEach(s -> spans.add(s.span())));
        float[][] vs = embedding.embed(spans.stream().map(s -> s.of(text)).toList());
        vectors = new HashMap<>();
        for (int i = 0; i < spans.size(); i++) {
          vectors.put(spans.get(i), vs[i]);
        }
      }
      for (UnitAnalysis u : relevant) {
        String ut = u.unit().span().of(text);
        List<String> words = Words.of(ut);
        Map<String, Integer> tf = new HashMap<>();
        words.forEach(w -> tf.merge(w, 1, Integer::sum));
        float[][] uv = null;
        if (vectors != null) {
          List<float[]> l = new ArrayList<>();
          for (Sentence s : u.unit().sentences()) {
            float[] v = vectors.get(s.span());
            if (v != null) {
              l.add(v);
            }
          }
          uv = l.toArray(new float[0][]);
        }
        LocalDate date = Dates.find(u.unit().date());
        entries.add(new Entry(doc, u, ut, Map.copyOf(tf), words.size(), uv,
            date != null ? date : Dates.day(meta.published()),
            entries.size()));
      }
      return this;
    }

    public InMemoryRetriever build() {
      return new InMemoryRetriever(entries, embedding, docs);
    }
  }

  @Override
  public String describe() {
    return documents + " documents, " + entries.size() + " relevant units (in memory)";
  }

  /** All sources of the documents added, in order of addition (for question parsing). */
  public List<String> sources() {
    Set<String> out = new LinkedHashSet<>();
    entries.forEach(e -> out.add(e.doc().meta().source()));
    return List.copyOf(out);
  }

  @Override
  public List<RetrievedUnit> retrieve(ParsedQuestion q, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1: k=" + k);
    }
    List<Entry> candidates = entries.stream().filter(e -> passes(e, q)).toList();
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<String> keys = q.keywords().stream().map(Words::fold).distinct().toList();
    double[] bm = new double[candidates.size()];
    double maxBm = 0;
    for (int i = 0; i < candidates.size(); i++) {
      bm[i] = bm25(candidates.get(i), keys);
      maxBm = Math.max(maxBm, bm[i]);
    }
    float[] qv = null;
    if (embedding != null) {
      qv = embedding.embed(List.of(q.text()))[0];
    }
    record Ranked(Entry e, double score) {}
    List<Ranked> ranked = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Entry e = candidates.get(i);
      double s = (maxBm > 0 ? bm[i] / maxBm : 0) + labelScore(e, q) + 0.05 * bestLabel(e.unit());
      if (qv != null && e.vectors() != null) {
        double best = 0;
        for (float[] v : e.vectors()) {
          best = Math.max(best, dot(qv, v));
        }
        s += 0.5 * best;
      }
      ranked.add(new Ranked(e, s));
    }
    ranked.sort(Comparator.comparingDouble(Ranked::score).reversed().thenComparingInt(r -> r.e().order()));
    List<RetrievedUnit> out = new ArrayList<>();
    for (Ranked r : ranked.subList(0, Math.min(k, ranked.size()))) {
      Entry e = r.e();
      PositionResult dp = e.doc().analysis().position();
      out.add(new RetrievedUnit(e.doc().meta(), dp == null ? null : dp.label(), e.unit(), e.text(), r.score()));
    }
    return out;
  }

  private boolean passes(Entry e, ParsedQuestion q) {
    DocumentMeta m = e.doc().meta();
    if (!q.sources().isEmpty()) {
      String src = (m.source() + " " + (m.url() == null ? "" : m.url())).toLowerCase(Locale.ROOT);
      if (q.sources().stream().noneMatch(s -> src.contains(s.toLowerCase(Locale.ROOT)))) {
        return false;
      }
    }
    if (q.period() != null && (e.date() == null || !q.period().contains(e.date()))) {
      return false;
    }
    if (!q.positions().isEmpty() && q.positions().stream().noneMatch(p -> hasPosition(e, p))) {
      return false;
    }
    return true;
  }

  /** The unit's own position, else (a unit without one) its document's position or voice. */
  static boolean hasPosition(Entry e, String position) {
    PositionResult up = e.unit().position();
    if (up != null && !up.label().equals(PositionResult.UNRELATED)) {
      return up.label().equals(position);
    }
    PositionResult dp = e.doc().analysis().position();
    if (dp == null) {
      return false;
    }
    return dp.label().equals(position) || placedInVoice(dp, e, position);
  }

  /** Whether the unit belongs to a voice the (mixed) document places in {@code position}. */
  private static boolean placedInVoice(PositionResult dp, Entry e, String position) {
    return dp.voices().getOrDefault(position, List.of()).contains(e.unit().unit().id());
  }

  /**
   * How much the unit's author holds {@code position}: 1 for a unit of a voice the document places there (a
   * commenter on a mixed page), else the document's probability of the position. "What arguments do campists
   * use?" asks for arguments as campists make them: the same campist-sounding paragraph counts more in a campist
   * text than in a third-camp or solidarity text, where it is mostly an argument laid out to be answered.
   */
  static double documentShare(Entry e, String position) {
    PositionResult dp = e.doc().analysis().position();
    if (dp == null) {
      return 0;
    }
    if (placedInVoice(dp, e, position)) {
      return 1;
    }
    return dp.scores().getOrDefault(position, dp.label().equals(position) ? dp.score() : 0.0);
  }

  private double labelScore(Entry e, ParsedQuestion q) {
    UnitAnalysis u = e.unit();
    double s = 0;
    for (String p : q.positions()) {
      if (u.position() != null && u.position().label().equals(p)) {
        s += u.position().score();
      } else if (hasPosition(e, p)) {
        s += 0.25;
      }
      s += 0.5 * documentShare(e, p);
    }
    for (Scored n : u.narratives()) {
      if (q.narratives().contains(n.id())) {
        s += 1 + n.score();
      }
    }
    for (Scored t : u.techniques()) {
      if (q.techniques().contains(t.id())) {
        s += 1 + t.score();
      }
    }
    for (String t : q.targets()) {
      StanceResult st = u.stance().get(t);
      Stance asked = q.stances().get(t);
      if (st != null && st.mentioned()) {
        s += 0.3;
        if (asked != null && st.label() == asked) {
          s += 0.5 * st.score();
        }
      }
      // "Who defends Russia?" asks whose texts do: a unit counts more in a document whose author takes that side
      // overall, and less in one whose author takes the other (there it is mostly an argument described to be
      // answered).
      StanceResult whole = asked == null ? null : e.doc().analysis().stance().get(t);
      if (whole != null && whole.label() == asked) {
        s += 0.5 * whole.score();
      } else if (whole != null && whole.label() != Stance.NONE) {
        s -= 0.5 * whole.score();
      }
    }
    for (String a : q.actors()) {
      for (RoleResult r : u.roles()) {
        if (r.actor().equals(a)) {
          s += 0.3;
          break;
        }
      }
    }
    return s;
  }

  private static double bestLabel(UnitAnalysis u) {
    double best = 0;
    for (Scored n : u.narratives()) {
      best = Math.max(best, n.score());
    }
    for (Scored t : u.techniques()) {
      best = Math.max(best, t.score());
    }
    return best;
  }

  private double bm25(Entry e, List<String> keys) {
    double s = 0;
    int n = entries.size();
    for (String w : keys) {
      Integer f = e.tf().get(w);
      if (f == null) {
        continue;
      }
      int d = df.getOrDefault(w, 0);
      double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      s += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * e.length() / avgLength));
    }
    return s;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
