package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.stancemap.analysis.SentenceScoring.Scores;
import org.stancemap.codebook.Actor;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Mentions;
import org.stancemap.codebook.Position;
import org.stancemap.codebook.Stance;
import org.stancemap.codebook.Target;
import org.stancemap.model.Head;
import org.stancemap.text.Sentence;
import org.stancemap.text.Span;
import org.stancemap.text.Unit;

/**
 * Unit aggregation: from the {@link SentenceScoring.Scores} of a unit's sentences to its {@link UnitAnalysis}
 * (relevance, stance per target, narratives and techniques, actor roles, position), each label with the sentences
 * that justify it. Part of {@link Analyzer}.
 */
final class UnitAggregation {
  private final Codebook codebook;
  private final Analyzer.Settings settings;
  private final Map<String, Actor> actors;

  UnitAggregation(Codebook codebook, Analyzer.Settings settings, Map<String, Actor> actors) {
    this.codebook = codebook;
    this.settings = settings;
    this.actors = actors;
  }

  private Evidence evidence(String text, String unit, Span span, double score) {
    return new Evidence(unit, span.start(), span.end(), span.of(text), score);
  }

  /** The analysis of one unit from the scores of its sentences. */
  UnitAnalysis unit(String text, Unit u, Map<Sentence, Scores> all) {
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

  /** The strongest evidence first (on a tie the earlier sentence), at most {@code max} of it. */
  static List<Evidence> top(List<Evidence> ev, int max) {
    return ev.stream().sorted(Comparator.comparingDouble(Evidence::score).reversed()
        .thenComparingInt(Evidence::start)).limit(max).toList();
  }

  private List<Evidence> top(List<Evidence> ev) {
    return top(ev, settings.maxEvidence());
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
}
