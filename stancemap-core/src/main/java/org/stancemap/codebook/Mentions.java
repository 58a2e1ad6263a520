package org.stancemap.codebook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.text.Span;

/**
 * Finds the codebook's targets and actors in text by their aliases: case-insensitive, whole words, with plural
 * and possessive endings allowed ("Putin's", "Putins", "Russians"). Immutable and thread-safe.
 */
public final class Mentions {

  /** A mention of a target or actor. {@code implied} marks a phrase that implies a target without naming it. */
  public record Mention(String id, Span span, boolean implied) {}

  private record Matcherish(String id, Pattern pattern, boolean implied) {}

  private final List<Matcherish> targets = new ArrayList<>();
  private final List<Matcherish> actors = new ArrayList<>();

  public Mentions(Codebook codebook) {
    for (Target t : codebook.targets()) {
      List<String> named = new ArrayList<>(t.aliases());
      named.add(t.name());
      targets.add(new Matcherish(t.id(), compile(named), false));
      if (!t.implied().isEmpty()) {
        targets.add(new Matcherish(t.id(), compile(t.implied()), true));
      }
    }
    for (Actor a : codebook.actors()) {
      List<String> names = new ArrayList<>(a.aliases());
      if (!a.name().isBlank()) {
        names.add(a.name());
      }
      actors.add(new Matcherish(a.id(), compile(names), false));
    }
  }

  static Pattern compile(List<String> aliases) {
    List<String> sorted = new ArrayList<>(aliases.stream().filter(s -> !s.isBlank()).distinct().toList());
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder alt = new StringBuilder();
    for (String a : sorted) {
      if (!alt.isEmpty()) {
        alt.append('|');
      }
      String[] words = a.strip().split("\\s+");
      for (int i = 0; i < words.length; i++) {
        if (i > 0) {
          alt.append("\\s+");
        }
        alt.append(Pattern.quote(words[i].replace('’', '\'')).replace("'", "\\E['’]\\Q"));
      }
    }
    return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alt + ")(?:['’]s|s|['’])?(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** Target mentions inside {@code span} of {@code text}, in text order. */
  public List<Mention> targets(String text, Span span) {
    return find(targets, text, span);
  }

  /** Actor mentions inside {@code span}, in text order; overlapping mentions resolved to the longest. */
  public List<Mention> actors(String text, Span span) {
    List<Mention> all = find(actors, text, span);
    List<Mention> out = new ArrayList<>();
    for (Mention m : all) {
      boolean covered = false;
      for (Mention o : all) {
        if (o != m && o.span().contains(m.span()) && o.span().length() > m.span().length()) {
          covered = true;
          break;
        }
      }
      boolean dup = out.stream().anyMatch(o -> o.span().equals(m.span()));
      if (!covered && !dup) {
        out.add(m);
      }
    }
    return out;
  }

  private static List<Mention> find(List<Matcherish> ms, String text, Span span) {
    List<Mention> out = new ArrayList<>();
    for (Matcherish m : ms) {
      Matcher x = m.pattern().matcher(text);
      x.region(span.start(), span.end());
      x.useTransparentBounds(true);
      while (x.find()) {
        out.add(new Mention(m.id(), new Span(x.start(), x.end()), m.implied()));
      }
    }
    out.sort(Comparator.comparing(Mention::span));
    return out;
  }
}
