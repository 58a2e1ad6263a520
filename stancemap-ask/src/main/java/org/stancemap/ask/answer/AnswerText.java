package org.stancemap.ask.answer;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.stancemap.ask.answer.Answer.DocumentRef;
import org.stancemap.ask.answer.Answer.LabelFinding;
import org.stancemap.ask.answer.Answer.PositionFinding;
import org.stancemap.ask.question.ParsedQuestion;
import org.stancemap.ask.question.QuestionKind;

/** Renders an {@link Answer} as plain text for a terminal, laid out by the kind of question. */
public final class AnswerText {
  private AnswerText() {}

  public static String render(Answer a) {
    StringBuilder sb = new StringBuilder();
    ParsedQuestion q = a.question();
    sb.append("Question: ").append(q.text()).append('\n');
    sb.append("Understood: ").append(understood(q)).append("\n\n");
    Answer.Summary s = a.summary();
    sb.append(lead(a)).append("\n");
    if (a.generated() != null) {
      sb.append("\nAnswer (").append(a.generated().model()).append(", every quote and citation verified):\n")
          .append(wrap(a.generated().text(), "  ")).append('\n');
      if (!a.generated().removed().isEmpty()) {
        sb.append("  Removed from the model's answer:\n");
        for (Answer.Removal r : a.generated().removed()) {
          sb.append("  - ").append(r.kind()).append(" ").append(clip(r.text(), 90)).append(": ").append(r.reason())
              .append('\n');
        }
      }
    } else if (a.llmError() != null) {
      sb.append("\nLanguage model: ").append(a.llmError()).append("; showing the offline answer.\n");
    }
    if (s.units() > 0) {
      int i = 1;
      for (PositionFinding p : a.positions()) {
        sb.append('\n').append(i++).append(". ").append(p.name()).append(" (").append(p.id()).append("): ")
            .append(counts(p.units(), p.documents(), p.sources())).append(", ").append(period(p.from(), p.to()))
            .append('\n');
        if (q.kind() == QuestionKind.WHO) {
          for (String id : p.documentIds()) {
            DocumentRef d = a.documents().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            sb.append("   - ").append(docLine(d)).append('\n');
          }
        }
        if (!p.quotes().isEmpty()) {
          sb.append("   Key quotes: ").append(markers(p.quotes())).append('\n');
        }
        boolean techniquesFirst = q.kind() == QuestionKind.TECHNIQUES;
        for (int pass = 0; pass < 2; pass++) {
          boolean narratives = (pass == 0) != techniquesFirst;
          List<LabelFinding> ls = narratives ? p.narratives() : p.techniques();
          if (ls.isEmpty()) {
            continue;
          }
          sb.append("   ").append(narratives ? "Narratives" : "Techniques").append(":\n");
          for (LabelFinding l : ls) {
            sb.append("   - ").append(l.name()).append(" (").append(l.id()).append("): ").append(l.units())
                .append(l.units() == 1 ? " unit, " : " units, ").append(l.documents())
                .append(l.documents() == 1 ? " document" : " documents");
            if (!l.quotes().isEmpty()) {
              sb.append(' ').append(markers(l.quotes()));
            }
            sb.append('\n');
          }
        }
      }
      sb.append("\nQuotes:\n");
      for (Citation c : a.citations()) {
        sb.append("  [").append(c.n()).append("] \u201c").append(c.quote()).append("\u201d\n      ")
            .append(where(c)).append('\n');
      }
    }
    if (!a.notes().isEmpty()) {
      sb.append("\nNotes:\n");
      a.notes().forEach(n -> sb.append("  - ").append(n).append('\n'));
    }
    return sb.toString();
  }

  private static String lead(Answer a) {
    Answer.Summary s = a.summary();
    if (s.units() == 0) {
      return "No matching passage was found.";
    }
    String base = "Found " + counts(s.units(), s.documents(), s.sources()) + ", " + period(s.from(), s.to())
        + (s.from() != null && s.undatedUnits() > 0 ? " (" + s.undatedUnits() + " undated)" : "");
    if (a.question().kind() == QuestionKind.HOW_MANY) {
      String perPosition = a.positions().stream().map(p -> p.id() + ": " + p.documents()
          + (p.documents() == 1 ? " document" : " documents")).collect(Collectors.joining("; "));
      return s.documents() + (s.documents() == 1 ? " document" : " documents") + " from " + s.sources()
          + (s.sources() == 1 ? " source" : " sources") + " (" + s.units() + " units) match. By position: "
          + perPosition + ".";
    }
    return base + ".";
  }

  private static String understood(ParsedQuestion q) {
    StringBuilder sb = new StringBuilder("kind ").append(q.kind().id());
    add(sb, "targets", q.targets());
    if (!q.stances().isEmpty()) {
      sb.append("; stance ").append(q.stances().entrySet().stream().map(e -> e.getValue().id() + " " + e.getKey())
          .collect(Collectors.joining(", ")));
    }
    add(sb, "positions", q.positions());
    add(sb, "narratives", q.narratives());
    add(sb, "techniques", q.techniques());
    add(sb, "actors", q.actors());
    add(sb, "sources", q.sources());
    if (q.period() != null) {
      sb.append("; period ").append(q.period());
    }
    return sb.toString();
  }

  private static void add(StringBuilder sb, String what, List<String> l) {
    if (!l.isEmpty()) {
      sb.append("; ").append(what).append(' ').append(String.join(", ", l));
    }
  }

  private static String counts(int units, int docs, int sources) {
    return units + (units == 1 ? " unit" : " units") + " in " + docs + (docs == 1 ? " document" : " documents")
        + " from " + sources + (sources == 1 ? " source" : " sources");
  }

  private static String period(LocalDate from, LocalDate to) {
    if (from == null) {
      return "undated";
    }
    return from.equals(to) ? "dated " + from : "dated " + from + " to " + to;
  }

  private static String markers(List<Integer> ns) {
    return ns.stream().map(n -> "[" + n + "]").collect(Collectors.joining(""));
  }

  private static String docLine(DocumentRef d) {
    return (d.title() == null ? d.id() : "\u201c" + d.title() + "\u201d") + " \u2014 " + d.source()
        + (d.published() == null ? "" : ", " + d.published()) + (d.url() == null ? "" : ", " + d.url()) + " ("
        + d.units() + (d.units() == 1 ? " unit)" : " units)");
  }

  /** Where a quote is: title, source, date, URL, unit and character span. */
  public static String where(Citation c) {
    StringBuilder sb = new StringBuilder();
    if (c.title() != null) {
      sb.append(c.title()).append(" \u2014 ");
    }
    sb.append(c.source());
    if (c.date() != null) {
      sb.append(", ").append(c.date());
    }
    if (c.url() != null) {
      sb.append(", ").append(c.url());
    }
    sb.append(" (document ").append(c.document()).append(", ").append(c.unit()).append(", chars ").append(c.start())
        .append('-').append(c.end()).append(')');
    return sb.toString();
  }

  private static String clip(String s, int n) {
    String t = s.replaceAll("\\s+", " ");
    return t.length() <= n ? "\"" + t + "\"" : "\"" + t.substring(0, n - 1) + "\u2026\"";
  }

  static String wrap(String text, String indent) {
    StringBuilder sb = new StringBuilder(indent);
    int col = indent.length();
    for (String w : text.split("\\s+")) {
      if (col + w.length() + 1 > 110 && col > indent.length()) {
        sb.append('\n').append(indent);
        col = indent.length();
      } else if (col > indent.length()) {
        sb.append(' ');
        col++;
      }
      sb.append(w);
      col += w.length();
    }
    return sb.toString();
  }
}
