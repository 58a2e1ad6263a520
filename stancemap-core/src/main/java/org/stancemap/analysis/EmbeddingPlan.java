package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.codebook.Actor;
import org.stancemap.codebook.Mentions;
import org.stancemap.gloss.Glossary;
import org.stancemap.gloss.Glossed;
import org.stancemap.model.ClassifierInput;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.model.RoleInput;
import org.stancemap.text.Sentence;
import org.stancemap.text.Span;
import org.stancemap.text.Unit;

/**
 * The embedding plan of a document: the inputs its analysis needs vectors for, in order (each sentence, with the
 * spans of its role windows, then the rare whole sentences a role window needs), the target and actor mentions of
 * each sentence, and where each role window's vector lies. Built by {@link Analyzer#prepare}, carried by
 * {@link Analyzer.Prepared}, read by {@link SentenceScoring}. Part of {@link Analyzer}.
 */
final class EmbeddingPlan {
  private final List<Sentence> sentences = new ArrayList<>();
  /** Texts to embed: one per sentence, then the rare whole sentences a role window needs (see RoleInput). */
  private final List<String> texts = new ArrayList<>();
  /** Each sentence as the model reads it: its English gloss, or the sentence itself. */
  private final Map<Sentence, String> readings = new HashMap<>();
  private final List<List<Span>> spans = new ArrayList<>();
  private final List<List<Mentions.Mention>> actorMentions = new ArrayList<>();
  private final List<List<Mentions.Mention>> targetMentions = new ArrayList<>();
  /** Per role window: sentence, mention in it, input text, span of that input. */
  private final List<int[]> roleIndex = new ArrayList<>();
  private final List<String> roleTexts = new ArrayList<>();
  private List<EmbeddingModel.SpanInput> inputs = List.of();

  private EmbeddingPlan() {}

  /** The plan of a document that is not analysed (an unsupported language): nothing to embed. */
  static EmbeddingPlan none() {
    return new EmbeddingPlan();
  }

  /** The plan for the units of {@code text}, with the mentions {@code mentions} finds and the codebook's actors. */
  static EmbeddingPlan of(String text, List<Unit> units, Mentions mentions, Map<String, Actor> actors) {
    return of(text, units, mentions, actors, null);
  }

  /**
   * The plan for the units of {@code text}, read through {@code gloss} when it is not null: each sentence's input
   * is its English gloss, its mentions are found in the gloss and mapped back to the source characters they came
   * from, and its role windows are cut from the gloss.
   */
  static EmbeddingPlan of(String text, List<Unit> units, Mentions mentions, Map<String, Actor> actors,
      Glossary gloss) {
    EmbeddingPlan p = new EmbeddingPlan();
    units.forEach(u -> p.sentences.addAll(u.sentences()));
    List<Glossed> readings = new ArrayList<>();
    for (Sentence s : p.sentences) {
      Glossed g = gloss == null ? null : gloss.gloss(s.span().of(text));
      readings.add(g);
      String read = g == null ? s.span().of(text) : g.english();
      p.readings.put(s, read);
      p.addText(ClassifierInput.of(read));
    }
    // Role inputs: a window around each actor mention, as built from the codebook's bracketed role exemplars,
    // pooled from the sentence's own pass.
    Map<String, Integer> extra = new HashMap<>();
    for (int i = 0; i < p.sentences.size(); i++) {
      Span sentence = p.sentences.get(i).span();
      Glossed g = readings.get(i);
      String read = g == null ? text : g.english();
      Span sp = g == null ? sentence : new Span(0, read.length());
      List<List<Mentions.Mention>> found = mentions.both(read, sp); // targets and actors in one pass
      p.targetMentions.add(g == null ? found.get(0) : toSource(found.get(0), g, sentence.start()));
      List<Mentions.Mention> am = found.get(1);
      p.actorMentions.add(g == null ? am : toSource(am, g, sentence.start()));
      for (int j = 0; j < am.size(); j++) {
        Span m = am.get(j).span();
        Actor actor = actors.get(am.get(j).id());
        if (actor != null && actor.target() != null) {
          continue; // roles of a target's actors come from the stance heads (see unitRoles), no window needed
        }
        RoleInput.Window w = RoleInput.window(sp.of(read), m.start() - sp.start(), m.end() - sp.start());
        int in = w.input().equals(p.texts.get(i)) ? i : extra.computeIfAbsent(w.input(), p::addText);
        p.roleIndex.add(new int[] {i, j, in, p.spans.get(in).size()});
        p.spans.get(in).add(w.span());
        p.roleTexts.add(w.text());
      }
    }
    List<EmbeddingModel.SpanInput> in = new ArrayList<>(p.texts.size());
    for (int i = 0; i < p.texts.size(); i++) {
      in.add(new EmbeddingModel.SpanInput(p.texts.get(i), p.spans.get(i)));
    }
    p.inputs = List.copyOf(in);
    return p;
  }

  /** Mentions found in a sentence's gloss, with the spans of the source characters they came from. */
  private static List<Mentions.Mention> toSource(List<Mentions.Mention> found, Glossed g, int offset) {
    List<Mentions.Mention> out = new ArrayList<>(found.size());
    for (Mentions.Mention m : found) {
      Span s = g.toSource(m.span().start(), m.span().end());
      out.add(new Mentions.Mention(m.id(), new Span(offset + s.start(), offset + s.end()), m.implied()));
    }
    return out;
  }

  private int addText(String t) {
    texts.add(t);
    spans.add(new ArrayList<>());
    return texts.size() - 1;
  }

  /** The inputs to embed, in order; empty for a document in an unsupported language. */
  List<EmbeddingModel.SpanInput> inputs() {
    return inputs;
  }

  /** The document's sentences, in order; the first this many {@link #inputs()} are theirs. */
  List<Sentence> sentences() {
    return sentences;
  }

  /** A sentence of this document as the model reads it: its English gloss, or the sentence as written. */
  String reading(Sentence s) {
    String r = readings.get(s);
    if (r == null) {
      throw new IllegalArgumentException("sentence " + s.span() + " is not one of this plan's");
    }
    return r;
  }

  /** The text of each input. */
  List<String> texts() {
    return texts;
  }

  /** The role-window spans of each input. */
  List<List<Span>> spans() {
    return spans;
  }

  /** The actor mentions of each sentence. */
  List<List<Mentions.Mention>> actorMentions() {
    return actorMentions;
  }

  /** The target mentions of each sentence. */
  List<List<Mentions.Mention>> targetMentions() {
    return targetMentions;
  }

  /** Per role window: sentence, mention in it, input text, span of that input. */
  List<int[]> roleIndex() {
    return roleIndex;
  }

  /** The text of each role window, in the order of {@link #roleIndex()}. */
  List<String> roleTexts() {
    return roleTexts;
  }
}
