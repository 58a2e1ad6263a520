package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancemap.codebook.Actor;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Mentions;
import org.stancemap.codebook.Stance;
import org.stancemap.text.RegexChars;
import org.stancemap.text.Sentence;
import org.stancemap.text.Span;
import org.stancemap.text.Unit;

/**
 * Finds claims about which side an actor takes ("the left is taking sides with Russia", "the left is favourable to
 * the Ukrainian position"), so that opposite claims about the same actor can be reported as contradictions even
 * when the author's own stance does not change.
 *
 * <p>A claim is an alignment cue (side with, support, defend, oppose, condemn, pro-X …) followed within six words by
 * a target, with a subject that is a codebook actor not itself a target (a movement or group such as "the left"):
 * named before the cue in the same sentence, or, for a subjectless clause ("By taking sides with Russia"), the
 * actor the unit's first sentence is about. Negated cues ("not pro-Russia") make no claim. Pattern-based, so each
 * claim carries the fixed confidence {@link #CONFIDENCE}.
 */
final class Claims {
  static final double CONFIDENCE = 0.7;

  static final Pattern FAVOR = Pattern.compile(
      "\\b(?:tak(?:e|es|ing|en)\\s+sides?\\s+with|sid(?:e|es|ing|ed)\\s+with|favou?rable\\s+(?:to|towards?)|"
          + "in\\s+favou?r\\s+of|support(?:s|ing|ed)?|defend(?:s|ing|ed)?|back(?:s|ing|ed)?|"
          + "stand(?:s|ing)?\\s+(?:with|by)|align(?:s|ed|ing)?\\s+(?:itself\\s+|themselves\\s+)?with|"
          + "cheerlead(?:s|ing)?\\s+for|apologi[sz](?:e|es|ing)\\s+for|excus(?:e|es|ing)|"
          + "(?:line[sd]?|lining)\\s+up\\s+behind|rall(?:y|ies|ied|ying)\\s+(?:behind|to|around)|"
          + "on\\s+the\\s+side\\s+of|in\\s+the\\s+camp\\s+of|cheer(?:s|ed|ing)?\\s+(?:for|on))\\b|\\bpro-",
      Pattern.CASE_INSENSITIVE);
  static final Pattern AGAINST = Pattern.compile(
      "\\b(?:oppos(?:e|es|ing|ed)|condemn(?:s|ing|ed)?|denounc(?:e|es|ing|ed)|resist(?:s|ing|ed)?|"
          + "criticis(?:e|es|ing|ed)|criticiz(?:e|es|ing|ed))\\b|\\banti-",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern NEGATION = Pattern.compile(
      "\\b(?:not|never|no\\s+longer|hardly|n't)\\b[^.;,]{0,25}$|n't\\s+\\S*\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SUBJECTLESS = Pattern.compile(
      "^(?:by|in|through|when|while)?\\s*\\w+ing\\b|^to\\s+\\w+\\b", Pattern.CASE_INSENSITIVE);

  /** A claim that {@code actor} takes {@code stance} toward {@code target}, with the sentences that make it. */
  record Claim(String unit, String actor, String actorName, String target, Stance stance, List<Span> evidence) {}

  private final Mentions mentions;
  private final Map<String, Actor> actors;

  Claims(Codebook cb, Mentions mentions) {
    this.mentions = mentions;
    this.actors = new HashMap<>();
    cb.actors().forEach(a -> actors.put(a.id(), a));
  }

  List<Claim> find(String text, Unit unit) {
    List<Claim> out = new ArrayList<>();
    Mentions.Mention topic = null;
    if (!unit.sentences().isEmpty()) {
      topic = subjectActor(text, unit.sentences().get(0).span(), Integer.MAX_VALUE);
    }
    for (Sentence s : unit.sentences()) {
      String sentence = s.span().of(text);
      for (Stance side : List.of(Stance.FAVOR, Stance.AGAINST)) {
        for (int[] cue : cues(side == Stance.FAVOR ? FAVOR : AGAINST, sentence)) {
          int cueStart = s.span().start() + cue[0];
          int cueEnd = s.span().start() + cue[1];
          if (NEGATION.matcher(text.substring(Math.max(s.span().start(), cueStart - 30), cueStart)).find()) {
            continue;
          }
          Mentions.Mention target = targetAfter(text, cueEnd, s.span().end());
          if (target == null) {
            continue;
          }
          Mentions.Mention subject = subjectActor(text, s.span(), cueStart);
          List<Span> evidence = new ArrayList<>();
          if (subject == null && topic != null
              && SUBJECTLESS.matcher(sentence.replaceFirst("^[^\\p{L}]+", "")).lookingAt()) {
            subject = topic;
            Span first = unit.sentences().get(0).span();
            if (!first.equals(s.span())) {
              evidence.add(first);
            }
          }
          if (subject == null) {
            continue;
          }
          evidence.add(s.span());
          Actor a = actors.get(subject.id());
          out.add(new Claim(unit.id(), a.id(), a.name(), target.id(), side, evidence));
        }
      }
    }
    return out;
  }

  /**
   * The matches of a cue pattern in a sentence, exactly as {@code find()} returns them, with the regex tried only
   * where a match can start: every alternative of both patterns begins with {@code \\b} and an ASCII letter (the
   * patterns ignore ASCII case only), so a match starts at an ASCII letter that no ASCII letter, digit or underscore
   * precedes (a word character under either reading of {@code \\b}); the regex itself, seeing the text before
   * the candidate (transparent bounds), decides.
   */
  static List<int[]> cues(Pattern cue, String sentence) {
    List<int[]> out = new ArrayList<>(1);
    Matcher m = cue.matcher(sentence);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    int n = sentence.length();
    for (int p = 0; p < n; p++) {
      char c = sentence.charAt(p);
      if (!RegexChars.isAsciiLetter(c)) {
        continue;
      }
      if (p > 0 && RegexChars.isAsciiWord(sentence.charAt(p - 1))) {
        continue;
      }
      m.region(p, n);
      if (m.lookingAt()) {
        out.add(new int[] {m.start(), m.end()});
        p = m.end() - 1; // find() goes on after the match (matches are never empty)
      }
    }
    return out;
  }

  /** The reference for {@link #cues}: plain {@code find()}. Kept for tests. */
  static List<int[]> cuesByFind(Pattern cue, String sentence) {
    List<int[]> out = new ArrayList<>();
    Matcher m = cue.matcher(sentence);
    while (m.find()) {
      out.add(new int[] {m.start(), m.end()});
    }
    return out;
  }

  /** The first target mentioned within six words after {@code from}. */
  private Mentions.Mention targetAfter(String text, int from, int end) {
    for (Mentions.Mention m : mentions.targets(text, new Span(from, end))) {
      String between = text.substring(from, m.span().start());
      if (between.isBlank() || between.strip().split("\\s+").length <= 6) {
        return m;
      }
      return null;
    }
    return null;
  }

  /** The first actor that is not a target, named in {@code sentence} before {@code before}. */
  private Mentions.Mention subjectActor(String text, Span sentence, int before) {
    for (Mentions.Mention m : mentions.actors(text, sentence)) {
      Actor a = actors.get(m.id());
      if (m.span().start() < before && a != null && a.target() == null) {
        return m;
      }
    }
    return null;
  }
}
