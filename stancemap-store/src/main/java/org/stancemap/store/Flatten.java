package org.stancemap.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.PositionResult;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.text.Span;

/**
 * An analysis as flat label rows: for the document and then for each unit, one row per stance target (every
 * target, {@code none} included), narrative, technique, role (target = actor id) and the position.
 */
final class Flatten {
  private Flatten() {}

  static List<LabelRow> labels(DocumentAnalysis a) {
    List<LabelRow> out = new ArrayList<>();
    add(out, null, a.stance(), a.narratives(), a.techniques(), a.roles(), a.position());
    for (UnitAnalysis u : a.units()) {
      add(out, u.unit().id(), u.stance(), u.narratives(), u.techniques(), u.roles(), u.position());
    }
    return out;
  }

  private static void add(List<LabelRow> out, String unit, Map<String, StanceResult> stance,
      List<Scored> narratives, List<Scored> techniques, List<RoleResult> roles, PositionResult position) {
    stance.forEach((t, r) -> out.add(new LabelRow(unit, LabelRow.STANCE, t, r.label().id(), r.score(),
        spans(r.evidence()))));
    for (Scored s : narratives) {
      out.add(new LabelRow(unit, LabelRow.NARRATIVE, "", s.id(), s.score(), spans(s.evidence())));
    }
    for (Scored s : techniques) {
      out.add(new LabelRow(unit, LabelRow.TECHNIQUE, "", s.id(), s.score(), spans(s.evidence())));
    }
    for (RoleResult r : roles) {
      out.add(new LabelRow(unit, LabelRow.ROLE, r.actor() == null ? "" : r.actor(), r.role(), r.score(),
          spans(r.evidence())));
    }
    if (position != null) {
      out.add(new LabelRow(unit, LabelRow.POSITION, "", position.label(), position.score(), List.of()));
    }
  }

  private static List<Span> spans(List<Evidence> ev) {
    return ev.stream().map(e -> new Span(e.start(), e.end())).toList();
  }
}
