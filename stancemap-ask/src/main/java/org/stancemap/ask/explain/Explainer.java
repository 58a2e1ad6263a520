package org.stancemap.ask.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.PositionResult;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Position;
import org.stancemap.codebook.Stance;
import org.stancemap.codebook.Target;

/**
 * Writes, for one analysed document, an explanation of its dominant narrative in the spirit of SemEval-2025 Task 10
 * subtask 3 (narrative explanation), built from fixed templates over the analysis's evidence: the dominant
 * narrative (the document narrative with the most evidence sentences, then the highest score), a second passage
 * carrying it, the technique whose evidence lies in the same units, the document's stance toward the target the
 * narrative implies a stance on (else its strongest stance), the role it gives an actor, and its position. Each
 * clause is followed by a marker to the sentence that backs it; clauses are added in that order while the text
 * stays within {@link #MAX_WORDS} words. Deterministic, immutable and thread-safe.
 */
public final class Explainer {
  /** The most words an explanation has (citation markers not counted). */
  public static final int MAX_WORDS = 80;

  private static final String NO_NARRATIVE =
      "No narrative of the codebook was found in this document, so there is nothing to explain.";

  private final Codebook codebook;

  public Explainer(Codebook codebook) {
    this.codebook = codebook;
  }

  private record Clause(String text, Evidence evidence) {}

  /** Explains {@code a}'s dominant narrative. */
  public Explanation explain(DocumentAnalysis a) {
    String docId = a.document().id();
    if (a.narratives().isEmpty()) {
      return new Explanation(docId, a.document().source(), null, null,
          NO_NARRATIVE, count(NO_NARRATIVE), List.of());
    }
    // The dominant narrative is one the text uses; one it only rebuts is said to be rebutted.
    List<Scored> used = a.narratives().stream().filter(n -> !n.rebutted()).toList();
    Scored dominant = (used.isEmpty() ? a.narratives() : used).stream()
        .sorted(Comparator.comparingInt((Scored s) -> -s.evidence().size())
        .thenComparingDouble(s -> -s.score()).thenComparing(Scored::id)).findFirst().orElseThrow();
    Label label = codebook.narrative(dominant.id()).orElse(null);
    String name = dominant.name() != null ? dominant.name() : dominant.id();
    List<Clause> clauses = new ArrayList<>(voiceClauses(a));
    Evidence first = dominant.evidence().get(0);
    if (dominant.rebutted()) {
      clauses.add(new Clause("The text rebuts the narrative \u201c" + name + "\u201d, quoted here", first));
    } else {
      clauses.add(new Clause((clauses.isEmpty() ? "The text's dominant narrative is \u201c"
          : "The most frequent narrative is \u201c") + name + "\u201d, stated here", first));
    }
    dominant.evidence().stream().filter(e -> !e.unit().equals(first.unit())).findFirst()
        .or(() -> dominant.evidence().stream().skip(1).findFirst())
        .ifPresent(e -> clauses.add(new Clause("and repeated in another passage", e)));
    Set<String> units = new HashSet<>();
    dominant.evidence().forEach(e -> units.add(e.unit()));
    a.techniques().stream()
        .flatMap(t -> t.evidence().stream().filter(e -> units.contains(e.unit())).limit(1)
            .map(e -> new Clause("It supports the claim with " + lower(t.name()), e)))
        .findFirst().ifPresent(clauses::add);
    a.narratives().stream().filter(n -> n.rebutted() && !n.id().equals(dominant.id())).findFirst()
        .map(n -> new Clause("It rebuts \u201c" + (n.name() != null ? n.name() : n.id()) + "\u201d",
            n.evidence().get(0))).ifPresent(clauses::add);
    stanceClause(a, label).ifPresent(clauses::add);
    a.roles().stream().filter(r -> !r.evidence().isEmpty())
        .sorted(Comparator.comparingDouble((RoleResult r) -> -r.score()).thenComparing(RoleResult::actor))
        .findFirst().map(r -> new Clause("It casts " + r.entity() + " as " + article(roleName(r.role())),
            r.evidence().get(0))).ifPresent(clauses::add);
    positionClause(a, dominant).ifPresent(clauses::add);

    List<Evidence> quotes = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int words = 0;
    for (Clause c : clauses) {
      int w = count(c.text());
      if (words + w > MAX_WORDS) {
        continue;
      }
      int n = 0;
      for (int i = 0; i < quotes.size(); i++) {
        if (quotes.get(i).start() == c.evidence().start() && quotes.get(i).end() == c.evidence().end()) {
          n = i + 1;
        }
      }
      if (n == 0) {
        quotes.add(c.evidence());
        n = quotes.size();
      }
      boolean continues = c.text().startsWith("and ");
      if (continues && text.isEmpty()) {
        continue; // "and repeated ..." cannot open the explanation
      }
      if (!text.isEmpty()) {
        if (continues) {
          text.setLength(text.length() - 1); // drop the period: "and ..." continues the previous sentence
          text.append(", ");
        } else {
          text.append(' ');
        }
      }
      text.append(c.text()).append(" [").append(n).append("].");
      words += w;
    }
    return new Explanation(docId, a.document().source(), dominant.id(), name, text.toString(), words, quotes);
  }

  /**
   * For a page whose voices disagree ({@code mixed}): one clause per position naming the voice that takes it (the
   * page itself, a reader's comment, the interviewee), quoting that voice's own evidence, so a comment is never
   * presented as the page's view.
   */
  private List<Clause> voiceClauses(DocumentAnalysis a) {
    PositionResult p = a.position();
    if (p == null || !p.label().equals(PositionResult.MIXED) || p.voices().isEmpty()) {
      return List.of();
    }
    List<Clause> out = new ArrayList<>();
    List<Map.Entry<String, List<String>>> byFirstUnit = new ArrayList<>(p.voices().entrySet());
    byFirstUnit.sort(Comparator.comparingInt(e -> unitIndex(a, e.getValue().get(0))));
    for (Map.Entry<String, List<String>> e : byFirstUnit) {
      List<UnitAnalysis> found = a.units().stream().filter(u -> e.getValue().contains(u.unit().id())).toList();
      if (found.isEmpty()) {
        continue;
      }
      // the voice is described, and quoted, by its first unit that says something
      UnitAnalysis lead = found.stream().filter(u -> u.relevant() && (!u.narratives().isEmpty()
          || u.stance().values().stream().anyMatch(st -> !st.evidence().isEmpty()))).findFirst()
          .orElse(found.get(0));
      List<UnitAnalysis> us = new ArrayList<>(List.of(lead));
      found.stream().filter(u -> u != lead).forEach(us::add);
      Evidence ev = us.stream().flatMap(u -> u.narratives().stream().filter(n -> !n.rebutted()))
          .flatMap(n -> n.evidence().stream()).findFirst()
          .or(() -> us.stream().flatMap(u -> u.stance().values().stream()).flatMap(st -> st.evidence().stream())
              .findFirst())
          .orElseGet(() -> {
            UnitAnalysis u = us.get(0);
            var span = u.unit().sentences().isEmpty() ? u.unit().span() : u.unit().sentences().get(0).span();
            return new Evidence(u.unit().id(), span.start(), span.end(), span.of(a.document().text()), 1.0);
          });
      String position = codebook.positions().stream().filter(x -> x.id().equals(e.getKey()))
          .map(x -> x.label() != null && x.label().name() != null ? x.label().name() : x.id()).findFirst()
          .orElse(e.getKey());
      String who = describe(us.get(0));
      out.add(new Clause(Character.toUpperCase(who.charAt(0)) + who.substring(1) + " takes the " + position
          + " position", ev));
    }
    return out.size() > 1 ? out : List.of();
  }

  private static int unitIndex(DocumentAnalysis a, String id) {
    for (int i = 0; i < a.units().size(); i++) {
      if (a.units().get(i).unit().id().equals(id)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static String describe(UnitAnalysis u) {
    return switch (u.unit().kind()) {
      case COMMENT -> u.unit().author() != null ? "the comment by " + u.unit().author() : "a reader's comment";
      case ANSWER -> "the interviewee";
      case QUESTION -> "the interviewer";
      default -> "the page itself";
    };
  }

  private Optional<Clause> stanceClause(DocumentAnalysis a, Label narrative) {
    // Prefer the target the narrative implies a stance on, when the document takes that stance.
    if (narrative != null) {
      for (Map.Entry<String, Stance> e : narrative.stance().entrySet().stream()
          .sorted(Map.Entry.comparingByKey()).toList()) {
        StanceResult st = a.stance().get(e.getKey());
        if (st != null && st.label() == e.getValue() && !st.evidence().isEmpty()) {
          return Optional.of(stance(e.getKey(), st));
        }
      }
    }
    return a.stance().entrySet().stream().filter(e -> e.getValue().label() != Stance.NONE
        && !e.getValue().evidence().isEmpty())
        .max(Comparator.comparingDouble((Map.Entry<String, StanceResult> e) -> e.getValue().score())
            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
        .map(e -> stance(e.getKey(), e.getValue()));
  }

  private Clause stance(String target, StanceResult st) {
    String name = codebook.target(target).map(Target::name).filter(n -> !n.isBlank()).orElse(target)
        .replaceFirst("^The ", "the ");
    String side = st.label() == Stance.FAVOR ? "speaks for " : "speaks against ";
    return new Clause("It " + side + name, st.evidence().get(0));
  }

  private Optional<Clause> positionClause(DocumentAnalysis a, Scored dominant) {
    PositionResult p = a.position();
    if (p == null || p.label().equals(PositionResult.UNRELATED) || p.label().equals(PositionResult.MIXED)) {
      return Optional.empty();
    }
    Position pos = codebook.positions().stream().filter(x -> x.id().equals(p.label())).findFirst().orElse(null);
    if (pos == null) {
      return Optional.empty();
    }
    // Backed by evidence of a narrative that indicates the position (the dominant one first).
    List<Scored> backing = new ArrayList<>();
    if (pos.narratives().contains(dominant.id())) {
      backing.add(dominant);
    }
    a.narratives().stream().filter(n -> pos.narratives().contains(n.id()) && !n.id().equals(dominant.id()))
        .forEach(backing::add);
    if (backing.isEmpty()) {
      return Optional.empty();
    }
    String name = pos.label() != null ? pos.label().name() : pos.id();
    return Optional.of(new Clause("This places it in the " + name + " position",
        backing.get(0).evidence().get(0)));
  }

  private String roleName(String role) {
    return codebook.roles().stream().filter(r -> r.id().equals(role)).map(Label::name).findFirst().orElse(role)
        .toLowerCase(Locale.ROOT);
  }

  private static String article(String noun) {
    return ("aeiou".indexOf(noun.isEmpty() ? 'x' : noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Words of a text without citation markers. */
  public static int count(String text) {
    int n = 0;
    for (String w : text.replaceAll("\\[\\d+]", " ").strip().split("\\s+")) {
      if (w.codePoints().anyMatch(Character::isLetterOrDigit)) {
        n++;
      }
    }
    return n;
  }
}
