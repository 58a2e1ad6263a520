package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Stance;
import org.stancemap.model.Head;
import org.stancemap.model.HeadSet;
import org.stancemap.text.Sentence;
import org.stancemap.text.Unit;

/**
 * Document aggregation: from the analysed units to the document's stance per target, narratives, techniques, actor
 * roles and position (the model's document-position head over {@link PositionFeatures}, or voice votes without
 * it), units weighted by {@link #weight}. Part of {@link Analyzer}.
 */
final class DocumentAggregation {

  /**
   * A page is mixed when voices the model places with at least this confidence take other positions than the page's
   * label and together hold at least {@link #MIXED_SHARE} of its relevant weight (a comment thread's voices are
   * short, so a tenth of the weight is enough).
   */
  static final double MIXED_VOICE_CONFIDENCE = 0.6;
  static final double MIXED_SHARE = 0.1;

  private final Codebook codebook;
  private final HeadSet heads;
  private final Analyzer.Settings settings;

  DocumentAggregation(Codebook codebook, HeadSet heads, Analyzer.Settings settings) {
    this.codebook = codebook;
    this.heads = heads;
    this.settings = settings;
  }

  StanceResult documentStance(String target, List<UnitAnalysis> units) {
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

  List<Scored> documentLabels(List<UnitAnalysis> units,
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

  List<RoleResult> documentRoles(List<UnitAnalysis> units) {
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
  PositionResult documentPosition(List<UnitAnalysis> units, Function<Sentence, String> reading) {
    Head learned = heads.head(PositionFeatures.HEAD).orElse(null);
    return learned == null ? votedPosition(units) : learnedPosition(learned, units, reading);
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
  private PositionResult learnedPosition(Head head, List<UnitAnalysis> units,
      Function<Sentence, String> reading) {
    if (!PositionFeatures.anyEvidence(units)) {
      // nothing a position could rest on (no side taken, no narrative, no unit position): an off-topic text
      return new PositionResult(PositionResult.UNRELATED, 1.0, Map.of(PositionResult.UNRELATED, 1.0), Map.of());
    }
    double[] p = head.probabilities(PositionFeatures.example(codebook, units, reading, head.lexicalBits()));
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
        double[] q = head.probabilities(PositionFeatures.example(codebook, e.getValue(), reading,
            head.lexicalBits()));
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

  private List<Evidence> top(List<Evidence> ev) {
    return UnitAggregation.top(ev, settings.maxEvidence());
  }
}
