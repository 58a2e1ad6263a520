package org.stancemap.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stancemap.analysis.Contradiction;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.Evidence;
import org.stancemap.analysis.PositionResult;
import org.stancemap.analysis.RoleResult;
import org.stancemap.analysis.Scored;
import org.stancemap.analysis.StanceResult;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.codebook.Stance;

/**
 * The readable terminal report: per document its position, stance per target, top narratives, techniques and roles
 * with a quote each, and contradictions. ANSI colour only when asked (the CLI asks on a terminal).
 */
public final class TextReport {
  private static final int QUOTE_MAX = 110;
  private static final int TOP = 5;
  private final boolean colour;

  public TextReport(boolean colour) {
    this.colour = colour;
  }

  /** Says that narratives and techniques were reported at a threshold other than the default. */
  public static String thresholdNote(org.stancemap.analysis.Provenance p) {
    return "narratives and techniques reported at probability " + p.labelThreshold() + " and above (default "
        + org.stancemap.analysis.Analyzer.Settings.DEFAULT_LABEL + ")";
  }

  public String render(DocumentAnalysis a) {
    StringBuilder sb = new StringBuilder();
    sb.append(bold(a.document().source()));
    if (a.document().title() != null) {
      sb.append("  ").append(dim("“" + a.document().title() + "”"));
    }
    sb.append('\n');
    Map<String, Long> kinds = new LinkedHashMap<>();
    a.units().forEach(u -> kinds.merge(u.unit().kind().id(), 1L, Long::sum));
    sb.append("  ").append(dim(a.document().format().name().toLowerCase(Locale.ROOT) + ", language "
        + a.document().language() + ", " + a.units().size() + " units " + kinds)).append('\n');
    for (String n : a.document().notes()) {
      sb.append("  note: ").append(n).append('\n');
    }
    if (!a.provenance().defaultThresholds()) {
      sb.append("  note: ").append(thresholdNote(a.provenance())).append('\n');
    }
    if (a.status().equals(DocumentAnalysis.UNSUPPORTED_LANGUAGE)) {
      sb.append("  ").append(colour("33", "not analysed: the text is in language '" + a.document().language()
          + "', which the codebook's model does not cover")).append("\n\n");
      return sb.toString();
    }
    if (a.status().equals(DocumentAnalysis.ANALYSED_VIA_GLOSS)) {
      sb.append("  note: ").append(glossNote(a)).append('\n');
    }
    PositionResult p = a.position();
    sb.append("  position  ").append(colour(positionColour(p.label()), p.label())).append(score(p.score()));
    if (!p.voices().isEmpty()) {
      sb.append(dim("  voices: "));
      StringBuilder v = new StringBuilder();
      p.voices().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> v.append(e.getKey())
          .append(' ').append(e.getValue()).append("  "));
      sb.append(v.toString().strip());
    }
    sb.append('\n');
    sb.append("  stance\n");
    for (Map.Entry<String, StanceResult> e : a.stance().entrySet()) {
      StanceResult r = e.getValue();
      sb.append(String.format(Locale.ROOT, "    %-9s ", e.getKey()));
      if (r.label() == Stance.NONE) {
        sb.append(dim(r.mentioned() ? "none (mentioned, no clear side)" : "none (not mentioned)")).append('\n');
        continue;
      }
      sb.append(colour(r.label() == Stance.FAVOR ? "32" : "31", r.label().id())).append(score(r.score()));
      sb.append("  ").append(quote(r.evidence().get(0))).append('\n');
    }
    section(sb, "narratives", a.narratives());
    section(sb, "techniques", a.techniques());
    if (!a.roles().isEmpty()) {
      sb.append("  roles\n");
      for (RoleResult r : a.roles().stream().limit(TOP + 3).toList()) {
        sb.append(String.format(Locale.ROOT, "    %-24s ", r.entity())).append(colour(roleColour(r.role()),
            r.role())).append(score(r.score())).append("  ").append(quote(r.evidence().get(0))).append('\n');
      }
    }
    if (!a.contradictions().isEmpty()) {
      sb.append("  contradictions\n");
      for (Contradiction c : a.contradictions().stream().limit(TOP).toList()) {
        String about = c.kind().equals("claim") ? "what " + c.subject() + " supports" : "stance toward " + c.target();
        sb.append("    ").append(c.a()).append(" ↔ ").append(c.b()).append(dim(" (" + about
            + (c.sameVoice() ? ", same voice" : ", different voices") + ")")).append('\n');
        sb.append("      ").append(quote(c.quotesA().get(0))).append('\n');
        sb.append("      ").append(quote(c.quotesB().get(0))).append('\n');
      }
      if (a.contradictions().size() > TOP) {
        sb.append(dim("    … " + (a.contradictions().size() - TOP) + " more in --format json")).append('\n');
      }
    }
    long relevant = a.units().stream().filter(UnitAnalysis::relevant).count();
    sb.append("  ").append(dim(relevant + " of " + a.units().size() + " units are about the debate")).append("\n\n");
    return sb.toString();
  }

  private void section(StringBuilder sb, String name, List<Scored> ls) {
    if (ls.isEmpty()) {
      return;
    }
    sb.append("  ").append(name).append('\n');
    for (Scored s : ls.stream().limit(TOP).toList()) {
      sb.append(String.format(Locale.ROOT, "    %-32s", s.rebutted() ? s.id() + " (rebutted)" : s.id()))
          .append(score(s.score())).append("  ")
          .append(quote(s.evidence().get(0))).append('\n');
    }
    if (ls.size() > TOP) {
      sb.append(dim("    … " + (ls.size() - TOP) + " more")).append('\n');
    }
  }

  private String quote(Evidence e) {
    String t = e.text().replaceAll("\\s+", " ");
    if (t.length() > QUOTE_MAX) {
      t = t.substring(0, QUOTE_MAX - 1) + "…";
    }
    return dim(e.unit() + ": ") + "“" + t + "”";
  }

  private String score(double s) {
    return dim(String.format(Locale.ROOT, " %.2f", s));
  }

  private static String positionColour(String p) {
    return switch (p) {
      case "campist" -> "31";
      case "solidarity" -> "34";
      case "third-camp" -> "35";
      case "mixed" -> "33";
      default -> "2";
    };
  }

  private static String roleColour(String r) {
    return switch (r) {
      case "protagonist" -> "32";
      case "antagonist" -> "31";
      default -> "36";
    };
  }

  private String bold(String s) {
    return colour("1", s);
  }

  private String dim(String s) {
    return colour("2", s);
  }

  private String colour(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  /** The note on a document read through a word gloss. */
  static String glossNote(DocumentAnalysis a) {
    return "read through a word-by-word English gloss of its language '" + a.document().language()
        + "': the labels are less reliable than for English; the quotes are the original's";
  }
}
