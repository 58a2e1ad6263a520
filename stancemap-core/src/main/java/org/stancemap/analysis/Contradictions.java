package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Stance;
import org.stancemap.codebook.Target;
import org.stancemap.text.Unit;
import org.stancemap.text.UnitKind;

/**
 * Where a page contradicts itself: two units that make opposite claims about what the same actor supports, and the
 * strongest units that take opposite stances toward the same target. Each contradiction says whether the two
 * units share a voice (a commenter against the page is a debate, the page against itself a contradiction). Part of
 * {@link Analyzer}, split out because it reads the units' results and nothing else.
 */
final class Contradictions {
  private final Codebook codebook;
  private final Claims claims;
  /** The unit stance score a side needs to count (Analyzer.Settings#contradiction). */
  private final double threshold;

  Contradictions(Codebook codebook, Claims claims, double threshold) {
    this.codebook = codebook;
    this.claims = claims;
    this.threshold = threshold;
  }

  /** Every contradiction in the analysed units of {@code text}: opposite claims first, then opposite stances. */
  List<Contradiction> find(String text, List<UnitAnalysis> units) {
    List<Contradiction> out = new ArrayList<>();
    Set<String> seenPairs = new HashSet<>();
    // 1. Opposite claims about what the same actor supports.
    List<Claims.Claim> found = new ArrayList<>();
    for (UnitAnalysis u : units) {
      if (u.relevant()) {
        found.addAll(claims.find(text, u.unit()));
      }
    }
    Map<String, Unit> byId = new HashMap<>();
    units.forEach(u -> byId.put(u.unit().id(), u.unit()));
    for (int i = 0; i < found.size(); i++) {
      for (int j = i + 1; j < found.size(); j++) {
        Claims.Claim x = found.get(i);
        Claims.Claim y = found.get(j);
        if (x.unit().equals(y.unit()) || !x.actor().equals(y.actor()) || !opposite(x, y)) {
          continue;
        }
        String key = "claim:" + x.unit() + ":" + y.unit() + ":" + x.actor();
        if (!seenPairs.add(key)) {
          continue;
        }
        out.add(new Contradiction(x.unit(), y.unit(), "claim", y.target(), x.actorName(),
            Analyzer.voice(byId.get(x.unit())).equals(Analyzer.voice(byId.get(y.unit()))), Claims.CONFIDENCE,
            x.evidence().stream().map(s -> new Evidence(x.unit(), s.start(), s.end(), s.of(text), Claims.CONFIDENCE)).toList(),
            y.evidence().stream().map(s -> new Evidence(y.unit(), s.start(), s.end(), s.of(text), Claims.CONFIDENCE)).toList()));
      }
    }
    // 2. Opposite stances toward the same target.
    for (Target t : codebook.targets()) {
      List<UnitAnalysis> favor = strongest(units, t.id(), Stance.FAVOR);
      List<UnitAnalysis> against = strongest(units, t.id(), Stance.AGAINST);
      for (UnitAnalysis f : favor) {
        for (UnitAnalysis a : against) {
          UnitAnalysis first = f.unit().span().start() < a.unit().span().start() ? f : a;
          UnitAnalysis second = first == f ? a : f;
          StanceResult r1 = first.stance().get(t.id());
          StanceResult r2 = second.stance().get(t.id());
          out.add(new Contradiction(first.unit().id(), second.unit().id(), "stance", t.id(), null,
              Analyzer.voice(first.unit()).equals(Analyzer.voice(second.unit())), Math.min(r1.score(), r2.score()),
              r1.evidence(), r2.evidence()));
        }
      }
    }
    out.sort(Comparator.comparing((Contradiction c) -> c.kind().equals("claim") ? 0 : 1)
        .thenComparing(Comparator.comparingDouble(Contradiction::score).reversed())
        .thenComparing(Contradiction::a).thenComparing(Contradiction::b));
    return out;
  }

  private boolean opposite(Claims.Claim x, Claims.Claim y) {
    if (x.target().equals(y.target())) {
      return x.stance() == y.stance().opposite();
    }
    boolean opposed = codebook.target(x.target()).map(t -> t.opposes().contains(y.target())).orElse(false)
        || codebook.target(y.target()).map(t -> t.opposes().contains(x.target())).orElse(false);
    return opposed && x.stance() == y.stance() && x.stance() == Stance.FAVOR;
  }

  private List<UnitAnalysis> strongest(List<UnitAnalysis> units, String target, Stance side) {
    return units.stream()
        .filter(u -> u.stance().get(target) != null && u.stance().get(target).label() == side
            && u.stance().get(target).score() >= threshold
            && u.unit().kind() != UnitKind.TITLE)
        .sorted(Comparator.comparingDouble((UnitAnalysis u) -> u.stance().get(target).score()).reversed())
        .limit(3)
        .toList();
  }
}
