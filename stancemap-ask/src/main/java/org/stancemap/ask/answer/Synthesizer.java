package org.stancemap.ask.answer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.PositionResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.ask.answer.Answer.DocumentRef;
import org.stancemap.ask.answer.Answer.LabelFinding;
import org.stancemap.ask.answer.Answer.PositionFinding;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.ask.question.QuestionKind;
import org.stancemap.ask.retrieval.RetrievedUnit;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Position;
import org.stancemap.codebook.Stance;
import org.stancemap.document.Dates;

/**
 * Builds the offline answer from retrieved units, deterministically and without a generative model: the units are
 * grouped by position (the unit's own, else its document's; {@link #UNCLASSIFIED} when neither takes one); per
 * position it counts units, documents and sources, spans the period, counts every narrative and technique (units
 * and documents), and quotes up to {@link #KEY_QUOTES} key sentences plus {@link #LABEL_QUOTES} per narrative and
 * technique (the first {@link #QUOTED_LABELS} of each; a question about narratives quotes no technique, one about
 * techniques no narrative), preferring sentences from documents not quoted yet. Every
 * quote is the evidence of a stored label and is checked against the stored unit text. Immutable and thread-safe.
 */
public final class Synthesizer {
  /** The position id of units that take no position and whose document takes none. */
  public static final String UNCLASSIFIED = "unclassified";
  public static final int KEY_QUOTES = 3;
  public static final int LABEL_QUOTES = 2;
  public static final int QUOTED_LABELS = 5;

  private final Codebook codebook;

  public Synthesizer(Codebook codebook) {
    this.codebook = codebook;
  }

  private record Quoted(RetrievedUnit unit, Evidence evidence, String supports) {}

  /** Numbers citations in order of first use, one number per distinct sentence. */
  private static final class Citations {
    final List<Citation> list = new ArrayList<>();
    final Map<String, Integer> byKey = new HashMap<>();
    final List<String> notes = new ArrayList<>();

    Integer cite(Quoted q) {
      String key = q.unit().document().id() + "@" + q.evidence().start() + "-" + q.evidence().end();
      Integer n = byKey.get(key);
      if (n != null) {
        return n;
      }
      String text;
      try {
        text = q.unit().quote(q.evidence());
      } catch (IllegalArgumentException e) {
        notes.add("left out a quote: " + e.getMessage());
        return null;
      }
      RetrievedUnit u = q.unit();
      LocalDate unitDate = Dates.find(u.unit().unit().date());
      n = list.size() + 1;
      list.add(new Citation(n, u.document().id(), u.document().title(), u.document().source(),
          unitDate != null ? unitDate : Dates.day(u.document().published()), u.document().url(), u.unitId(),
          q.evidence().start(), q.evidence().end(), text, q.supports()));
      byKey.put(key, n);
      return n;
    }
  }

  /** The answer to {@code q} from {@code units} (best first, as retrieved). */
  public Answer synthesize(ParsedQuestion q, List<RetrievedUnit> units) {
    List<String> notes = new ArrayList<>();
    Map<String, List<RetrievedUnit>> groups = new LinkedHashMap<>();
    for (RetrievedUnit u : units) {
      groups.computeIfAbsent(positionOf(u), x -> new ArrayList<>()).add(u);
    }
    if (!q.positions().isEmpty()) {
      int other = 0;
      for (String p : List.copyOf(groups.keySet())) {
        if (!q.positions().contains(p)) {
          other += groups.remove(p).size();
        }
      }
      if (other > 0) {
        notes.add(other + " retrieved unit(s) of other positions are not shown (the question names "
            + String.join(", ", q.positions()) + ")");
      }
      for (String p : q.positions()) {
        if (!groups.containsKey(p)) {
          notes.add("no retrieved unit takes the position " + p);
        }
      }
    }
    List<String> order = new ArrayList<>(groups.keySet());
    List<String> codebookOrder = codebook.positions().stream().map(Position::id).toList();
    Comparator<String> byCodebook = Comparator.comparingInt(p -> {
      int i = codebookOrder.indexOf(p);
      return i < 0 ? Integer.MAX_VALUE : i;
    });
    if (q.kind() == QuestionKind.COMPARE && !q.positions().isEmpty()) {
      order.sort(Comparator.comparingInt(p -> q.positions().indexOf(p)));
    } else {
      order.sort(Comparator.<String>comparingInt(p -> -groups.get(p).size()).thenComparing(byCodebook));
    }
    Citations cites = new Citations();
    Set<String> quotedDocs = new HashSet<>();
    List<PositionFinding> findings = new ArrayList<>();
    for (String p : order) {
      findings.add(position(p, groups.get(p), cites, quotedDocs, q.kind()));
    }
    Set<String> docs = new LinkedHashSet<>();
    Set<String> sources = new LinkedHashSet<>();
    LocalDate from = null;
    LocalDate to = null;
    int undated = 0;
    Map<String, DocumentRef> refs = new LinkedHashMap<>();
    Map<String, Integer> perDoc = new HashMap<>();
    Set<RetrievedUnit> shown = Collections.newSetFromMap(new IdentityHashMap<>());
    groups.values().forEach(shown::addAll);
    for (RetrievedUnit u : units) {
      if (!shown.contains(u)) {
        continue;
      }
      docs.add(u.document().id());
      sources.add(u.document().source());
      perDoc.merge(u.document().id(), 1, Integer::sum);
      LocalDate d = dateOf(u);
      if (d == null) {
        undated++;
      } else {
        from = from == null || d.isBefore(from) ? d : from;
        to = to == null || d.isAfter(to) ? d : to;
      }
    }
    for (RetrievedUnit u : units) {
      if (docs.contains(u.document().id()) && !refs.containsKey(u.document().id())) {
        refs.put(u.document().id(), new DocumentRef(u.document().id(), u.document().title(), u.document().source(),
            u.document().url(), Dates.day(u.document().published()), u.documentPosition(),
                perDoc.get(u.document().id())));
      }
    }
    if (units.isEmpty()) {
      notes.add("no unit matched the question" + filters(q));
    }
    if (q.period() != null) {
      notes.add("period " + q.period() + ": units without a date were left out");
    }
    notes.addAll(cites.notes);
    return new Answer(q, new Answer.Summary(shown.size(), docs.size(), sources.size(), from, to, undated), findings,
        List.copyOf(refs.values()), cites.list, null, null, notes);
  }

  private static String filters(ParsedQuestion q) {
    List<String> f = new ArrayList<>();
    if (!q.sources().isEmpty()) {
      f.add("source " + String.join(" or ", q.sources()));
    }
    if (q.period() != null) {
      f.add("period " + q.period());
    }
    if (!q.positions().isEmpty()) {
      f.add("position " + String.join(" or ", q.positions()));
    }
    if (!q.narratives().isEmpty()) {
      f.add("narrative " + String.join(" or ", q.narratives()));
    }
    if (!q.techniques().isEmpty()) {
      f.add("technique " + String.join(" or ", q.techniques()));
    }
    return f.isEmpty() ? "" : " (filters: " + String.join("; ", f) + ")";
  }

  /** The unit's own position, else its document's (unless mixed or unrelated), else {@link #UNCLASSIFIED}. */
  public static String positionOf(RetrievedUnit u) {
    PositionResult up = u.unit().position();
    if (up != null && !up.label().equals(PositionResult.UNRELATED)) {
      return up.label();
    }
    String dp = u.documentPosition();
    if (dp != null && !dp.equals(PositionResult.UNRELATED) && !dp.equals(PositionResult.MIXED)) {
      return dp;
    }
    return UNCLASSIFIED;
  }

  private static LocalDate dateOf(RetrievedUnit u) {
    LocalDate d = Dates.find(u.unit().unit().date());
    return d != null ? d : Dates.day(u.document().published());
  }

  private PositionFinding position(String id, List<RetrievedUnit> units, Citations cites, Set<String> quotedDocs,
      QuestionKind kind) {
    Set<String> docs = new LinkedHashSet<>();
    Set<String> sources = new LinkedHashSet<>();
    LocalDate from = null;
    LocalDate to = null;
    for (RetrievedUnit u : units) {
      docs.add(u.document().id());
      sources.add(u.document().source());
      LocalDate d = dateOf(u);
      if (d != null) {
        from = from == null || d.isBefore(from) ? d : from;
        to = to == null || d.isAfter(to) ? d : to;
      }
    }
    Position pos = codebook.positions().stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    String name = pos != null && pos.label() != null ? pos.label().name() : id.equals(UNCLASSIFIED)
        ? "No position" : id;
    // Key quotes: evidence of the position's own narratives, else of the stances its pattern names.
    List<Quoted> key = new ArrayList<>();
    if (pos != null) {
      for (RetrievedUnit u : units) {
        for (Scored n : u.unit().narratives()) {
          if (pos.narratives().contains(n.id())) {
            n.evidence().forEach(e -> key.add(new Quoted(u, e, "position:" + id)));
          }
        }
      }
      if (key.isEmpty()) {
        for (RetrievedUnit u : units) {
          for (Map.Entry<String, Stance> s : pos.stance().entrySet()) {
            StanceResult st = u.unit().stance().get(s.getKey());
            if (st != null && st.label() == s.getValue()) {
              st.evidence().forEach(e -> key.add(new Quoted(u, e, "position:" + id)));
            }
          }
        }
      }
    }
    List<Integer> keyQuotes = pick(key, KEY_QUOTES, cites, quotedDocs);
    // a question about arguments is answered with quotes of arguments (narratives), one about rhetoric with quotes
    // of techniques; the other kind is still counted, not quoted
    List<LabelFinding> narratives = labels(units, true, cites, quotedDocs, kind != QuestionKind.TECHNIQUES);
    List<LabelFinding> techniques = labels(units, false, cites, quotedDocs, kind != QuestionKind.NARRATIVES);
    return new PositionFinding(id, name, units.size(), docs.size(), sources.size(), from, to, keyQuotes, narratives,
        techniques, List.copyOf(docs));
  }

  private List<LabelFinding> labels(List<RetrievedUnit> units, boolean narratives, Citations cites,
      Set<String> quotedDocs, boolean quote) {
    record Acc(List<RetrievedUnit> units, Set<String> docs, double[] best, List<Quoted> evidence) {}
    Map<String, Acc> acc = new LinkedHashMap<>();
    for (RetrievedUnit u : units) {
      for (Scored s : narratives ? u.unit().narratives() : u.unit().techniques()) {
        Acc a = acc.computeIfAbsent(s.id(), x -> new Acc(new ArrayList<>(), new LinkedHashSet<>(), new double[1],
            new ArrayList<>()));
        a.units().add(u);
        a.docs().add(u.document().id());
        a.best()[0] = Math.max(a.best()[0], s.score());
        String kind = narratives ? "narrative:" : "technique:";
        s.evidence().forEach(e -> a.evidence().add(new Quoted(u, e, kind + s.id())));
      }
    }
    List<String> ids = new ArrayList<>(acc.keySet());
    ids.sort(Comparator.<String>comparingInt(i -> -acc.get(i).units().size())
        .thenComparingInt(i -> -acc.get(i).docs().size())
        .thenComparingDouble(i -> -acc.get(i).best()[0])
        .thenComparing(Comparator.naturalOrder()));
    List<LabelFinding> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      Acc a = acc.get(id);
      List<Integer> quotes = quote && i < QUOTED_LABELS ? pick(a.evidence(), LABEL_QUOTES, cites, quotedDocs)
          : List.of();
      Label l = (narratives ? codebook.narrative(id) : codebook.technique(id)).orElse(null);
      out.add(new LabelFinding(id, l == null ? id : l.name(), a.units().size(), a.docs().size(), a.best()[0], quotes));
    }
    return out;
  }

  /**
   * Up to {@code n} quotes, best evidence first, preferring first documents not quoted anywhere yet, then documents
   * not quoted for this point, then the rest.
   */
  private static List<Integer> pick(List<Quoted> candidates, int n, Citations cites, Set<String> quotedDocs) {
    List<Quoted> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble((Quoted x) -> -x.evidence().score())
        .thenComparing(x -> x.unit().document().id())
        .thenComparingInt(x -> x.evidence().start()));
    List<Integer> out = new ArrayList<>();
    Set<String> here = new HashSet<>();
    for (int round = 0; round < 3 && out.size() < n; round++) {
      for (Quoted x : sorted) {
        if (out.size() >= n) {
          break;
        }
        String doc = x.unit().document().id();
        boolean ok = switch (round) {
          case 0 -> !quotedDocs.contains(doc) && !here.contains(doc);
          case 1 -> !here.contains(doc);
          default -> true;
        };
        if (!ok) {
          continue;
        }
        Integer c = cites.cite(x);
        if (c != null && !out.contains(c)) {
          out.add(c);
          here.add(doc);
          quotedDocs.add(doc);
        }
      }
    }
    return out;
  }
}
