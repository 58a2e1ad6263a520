package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Mentions;
import org.stancemap.codebook.Stance;
import org.stancemap.codebook.Target;
import org.stancemap.model.DataTrainer;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.model.Example;
import org.stancemap.model.Head;
import org.stancemap.model.HeadInputs;
import org.stancemap.model.HeadSet;
import org.stancemap.text.Sentence;
import org.stancemap.text.Span;

/**
 * Sentence scoring, the first step of {@link Analyzer#finish}: every classifier head over each sentence's vector
 * (stance per target, narratives, techniques, position, voice and attitude) and the role head over each role
 * window's span vector, as laid out by an {@link EmbeddingPlan}. Part of {@link Analyzer}.
 */
final class SentenceScoring {

  /** How sure the voice head must be that a sentence is reported before its stance stops counting as the author's. */
  static final double REPORTED_CONFIDENCE = 0.8;

  /** Per-sentence model outputs. */
  record Scores(Sentence sentence, Map<String, double[]> stance, double[] narrative, double[] technique,
      double[] position, List<Mentions.Mention> targets, List<Mentions.Mention> actors,
      Map<Mentions.Mention, double[]> roles, Voice voice) {
    /**
     * Whether the sentence's stance counts as the author's own: the author's claims and the claims the author
     * endorses do; claims merely reported or rebutted do not. Always true without a voice model.
     */
    double own() {
      return !confidentlyReported() || voice.authorAsserts() ? 1.0 : 0.0;
    }

    /** Whether the sentence is a claim the author rejects, whose stance then counts, halved, for the other side. */
    double rebutted() {
      return confidentlyReported() && voice.rebutted() ? 1.0 : 0.0;
    }

    /**
     * A sentence is taken out of the author's voice only when the voice head is confident that it reports someone
     * else's claim ({@link #REPORTED_CONFIDENCE}): a wrong "reported" removes or flips a stance the author holds,
     * which costs more than keeping a reported claim as the author's. The sentence record still shows the voice.
     */
    private boolean confidentlyReported() {
      return voice != null && voice.kind().equals(Voice.REPORTED) && voice.score() >= REPORTED_CONFIDENCE;
    }
  }

  private final Codebook codebook;
  private final HeadSet heads;
  private final Analyzer.Settings settings;
  private final HeadInputs headInputs;

  SentenceScoring(Codebook codebook, HeadSet heads, Analyzer.Settings settings) {
    this.codebook = codebook;
    this.heads = heads;
    this.settings = settings;
    this.headInputs = new HeadInputs(codebook);
  }

  /** The model outputs of each sentence of a plan, given the embeddings of its inputs. */
  Map<Sentence, Scores> score(String text, EmbeddingPlan p, List<EmbeddingModel.Embedded> embedded) {
    List<Sentence> sentences = p.sentences();
    List<String> inputs = p.texts();
    List<List<Mentions.Mention>> actorMentions = p.actorMentions();
    List<int[]> roleIndex = p.roleIndex();
    Map<Sentence, Scores> out = new HashMap<>();
    Head position = heads.head("position").orElse(null);
    Head role = heads.head("role").orElse(null);
    List<Map<Mentions.Mention, double[]>> roleScores = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      roleScores.add(new LinkedHashMap<>());
    }
    for (int i = 0; i < sentences.size(); i++) {
      for (Mentions.Mention m : actorMentions.get(i)) {
        roleScores.get(i).put(m, null);
      }
    }
    if (role != null) {
      for (int k = 0; k < roleIndex.size(); k++) {
        int[] r = roleIndex.get(k);
        float[] window = embedded.get(r[2]).spans().get(r[3]);
        Example x = headInputs.example("role", headInputs.text(p.roleTexts().get(k)), window, -1);
        roleScores.get(r[0]).put(actorMentions.get(r[0]).get(r[1]), role.probabilities(x));
      }
    }
    float[][] vectors = new float[sentences.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embedded.get(i).text();
    }
    for (int i = 0; i < sentences.size(); i++) {
      Sentence s = sentences.get(i);
      HeadInputs.Text in = headInputs.text(inputs.get(i));
      Map<String, double[]> st = new LinkedHashMap<>();
      for (Target t : codebook.targets()) {
        String id = "stance:" + t.id();
        float[] vector = vectors[i];
        heads.head(id).ifPresent(h -> st.put(t.id(), h.probabilities(headInputs.example(id, in, vector, -1))));
      }
      out.put(s, new Scores(s, st,
          labelProbabilities("narrative", codebook.narratives(), in, vectors[i]),
          labelProbabilities("technique", codebook.techniques(), in, vectors[i]),
          position == null ? null : position.probabilities(headInputs.example("position", in, vectors[i], -1)),
          p.targetMentions().get(i), actorMentions.get(i), roleScores.get(i),
          voice(text, s, in, vectors[i], st, p.targetMentions().get(i))));
    }
    return out;
  }

  /**
   * The voice of one sentence from the model's voice and attitude heads (trained on the team's corpus), or null when
   * the model has no voice head. The speaker is the span that {@link Speakers} finds before a reporting cue.
   */
  private Voice voice(String text, Sentence s, HeadInputs.Text in, float[] vector, Map<String, double[]> stance,
      List<Mentions.Mention> named) {
    Head v = heads.head(DataTrainer.VOICE).orElse(null);
    if (v == null) {
      return null;
    }
    Map<String, String> claim = new LinkedHashMap<>();
    stance.forEach((t, p) -> {
      if (named.stream().anyMatch(m -> m.id().equals(t))) {
        double f = p[Stance.FAVOR.ordinal()];
        double a = p[Stance.AGAINST.ordinal()];
        if (Math.max(f, a) >= settings.stance()) {
          claim.put(t, f >= a ? Stance.FAVOR.id() : Stance.AGAINST.id());
        }
      }
    });
    double[] pv = v.probabilities(headInputs.example(DataTrainer.VOICE, in, vector, -1));
    double reported = pv[v.classIndex(Voice.REPORTED)];
    if (reported < settings.stance()) {
      return new Voice(s.span(), Voice.AUTHOR, 1.0 - reported, null, 0, null, claim);
    }
    Head a = heads.head(DataTrainer.ATTITUDE).orElse(null);
    String attitude = Voice.REPORTS;
    double attitudeScore = 1.0;
    if (a != null) {
      double[] pa = a.probabilities(headInputs.example(DataTrainer.ATTITUDE, in, vector, -1));
      int k = Head.argmax(pa);
      attitude = a.classes().get(k);
      attitudeScore = pa[k];
    }
    Span speaker = Speakers.find(text, s.span());
    return new Voice(s.span(), Voice.REPORTED, reported, attitude, attitudeScore, speaker, claim);
  }

  /**
   * The probability of each label of a dimension for one sentence: from the multi-class head ({@code narrative}),
   * overridden label by label by one-vs-rest heads ({@code narrative:west-aggressor}) that a model trained on
   * coded data may add. Null when the model has neither.
   */
  private double[] labelProbabilities(String dim, List<Label> labels, HeadInputs.Text in, float[] vector) {
    Head multi = heads.head(dim).orElse(null);
    double[] p = multi == null ? null : multi.probabilities(headInputs.example(dim, in, vector, -1));
    for (int k = 0; k < labels.size(); k++) {
      Head binary = heads.head(dim + ":" + labels.get(k).id()).orElse(null);
      if (binary != null) {
        if (p == null) {
          p = new double[labels.size() + 1];
        }
        p[k] = binary.probabilities(headInputs.example(binary.id(), in, vector, -1))[binary.classIndex(
            "true")];
      }
    }
    return p;
  }
}
