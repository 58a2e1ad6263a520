package org.stancemap.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Position;
import org.stancemap.codebook.Stance;
import org.stancemap.codebook.Target;
import org.stancemap.model.Example;
import org.stancemap.model.LexicalFeatures;
import org.stancemap.text.Sentence;

/**
 * The evidence a document's position is learned from, aggregated over its relevant units: per target the
 * author-voice favour and against mass, and three conjunctions of them (against Russia and the West, against Russia
 * and for Ukraine, for Russia and against the West); per position the narratives it lists that the units use and rebut, the
 * units' own position votes and their mean position scores; the share of units against both Russia and the West
 * (the third camp's signature); the shares of reported and rebutted sentences; and the document's length. Every
 * value is a share or a mean, so long and short documents are comparable. Beside these dense features, the words of
 * the relevant units as the model reads them (hashed unigrams and bigrams, {@link #LEXICAL_BITS}): the vocabulary of
 * a tradition ("inter-imperialist", "ruling classes", "the resistance", "multipolar") that the sentence heads
 * do not turn into a side. The same functions serve training ({@link DocumentPositionTrainer}) and analysis
 * ({@link Analyzer}).
 */
public final class PositionFeatures {
  /** The head that maps these features to positions. */
  public static final String HEAD = "document-position";

  /** Hash buckets of the document's word n-grams: 2^16, as few as keep collisions rare in a few hundred texts. */
  public static final int LEXICAL_BITS = 16;

  /**
   * The weight of the word features against the dense evidence, fixed rather than chosen: cross-validation on the
   * team's documents favours ever larger weights (the writers share a vocabulary), real texts do not
   * (docs/benchmarks.md, section 0.2).
   */
  public static final double LEXICAL_WEIGHT = 2.0;

  private PositionFeatures() {}

  /**
   * The input of the document-position head: {@link #of} and, for a head that reads words ({@code lexicalBits > 0};
   * heads trained before they did read none), the n-grams of every sentence of the relevant units as
   * {@code reading} gives it (the gloss of a text read through a glossary).
   */
  public static Example example(Codebook cb, List<UnitAnalysis> units, Function<Sentence, String> reading,
      int lexicalBits) {
    float[] dense = of(cb, units);
    if (lexicalBits <= 0) {
      return new Example(dense, LexicalFeatures.Sparse.EMPTY, -1);
    }
    StringBuilder words = new StringBuilder();
    for (UnitAnalysis u : units) {
      if (u.relevant()) {
        for (Sentence s : u.unit().sentences()) {
          words.append(reading.apply(s)).append('\n');
        }
      }
    }
    return new Example(dense, new LexicalFeatures(lexicalBits).features(words.toString()), -1);
  }

  /** The positions a document can take (the codebook's, without {@code unrelated}), in codebook order. */
  public static List<String> positions(Codebook cb) {
    return cb.positions().stream().map(Position::id).filter(p -> !p.equals(PositionResult.UNRELATED)).toList();
  }

  /** Whether any of {@code units} is relevant: without one, a document has no position. */
  public static boolean anyRelevant(List<UnitAnalysis> units) {
    return units.stream().anyMatch(UnitAnalysis::relevant);
  }

  /** Whether any relevant unit takes a side toward a target, uses or rebuts a narrative, or takes a position. */
  public static boolean anyEvidence(List<UnitAnalysis> units) {
    for (UnitAnalysis u : units) {
      if (!u.relevant()) {
        continue;
      }
      if (!u.narratives().isEmpty() || u.stance().values().stream().anyMatch(s -> s.label() != Stance.NONE)
          || u.position() != null && !u.position().label().equals(PositionResult.UNRELATED)) {
        return true;
      }
    }
    return false;
  }

  public static float[] of(Codebook cb, List<UnitAnalysis> units) {
    List<UnitAnalysis> rel = units.stream().filter(UnitAnalysis::relevant).toList();
    double w = Math.max(1, rel.stream().mapToDouble(u -> Analyzer.weight(u.unit())).sum());
    double n = Math.max(1, rel.size());
    List<Float> f = new ArrayList<>();
    Map<String, double[]> mass = new HashMap<>();
    for (Target t : cb.targets()) {
      double fav = 0;
      double ag = 0;
      for (UnitAnalysis u : rel) {
        StanceResult r = u.stance().get(t.id());
        if (r != null && r.label() == Stance.FAVOR) {
          fav += Analyzer.weight(u.unit()) * r.score();
        } else if (r != null && r.label() == Stance.AGAINST) {
          ag += Analyzer.weight(u.unit()) * r.score();
        }
      }
      f.add((float) (fav / w));
      f.add((float) (ag / w));
      mass.put(t.id(), new double[] {fav / w, ag / w});
    }
    // Conjunctions a linear model cannot form from the masses alone: the text opposes both Russia and the West
    // (the third camp's "neither … nor"), opposes Russia while backing Ukraine (solidarity), or backs Russia while
    // opposing the West (campism), wherever in the text each stance is taken.
    double[] mr = mass.getOrDefault("russia", new double[2]);
    double[] mu = mass.getOrDefault("ukraine", new double[2]);
    double[] mw = mass.getOrDefault("west", new double[2]);
    f.add((float) Math.min(mr[1], mw[1]));
    f.add((float) Math.min(mr[1], mu[0]));
    f.add((float) Math.min(mr[0], mw[1]));
    for (Position p : cb.positions()) {
      if (p.id().equals(PositionResult.UNRELATED)) {
        continue;
      }
      double used = 0;
      double rebutted = 0;
      double votes = 0;
      double mean = 0;
      for (UnitAnalysis u : rel) {
        for (Scored s : u.narratives()) {
          if (p.narratives().contains(s.id())) {
            if (s.rebutted()) {
              rebutted += s.score();
            } else {
              used += s.score();
            }
          }
        }
        if (u.position() != null) {
          if (u.position().label().equals(p.id())) {
            votes += Analyzer.weight(u.unit()) * u.position().score();
          }
          mean += u.position().scores().getOrDefault(p.id(), 0.0);
        }
      }
      f.add((float) Math.min(1, used / n));
      f.add((float) Math.min(1, rebutted / n));
      f.add((float) (votes / w));
      f.add((float) (mean / n));
    }
    double both = 0;
    int sentences = 0;
    int reported = 0;
    int rebuttedSentences = 0;
    for (UnitAnalysis u : rel) {
      StanceResult ru = u.stance().get("russia");
      StanceResult we = u.stance().get("west");
      if (ru != null && we != null && ru.label() == Stance.AGAINST && we.label() == Stance.AGAINST) {
        both += Analyzer.weight(u.unit());
      }
      sentences += u.unit().sentences().size();
      for (Voice v : u.voices()) {
        reported += v.kind().equals(Voice.REPORTED) ? 1 : 0;
        rebuttedSentences += v.rebutted() ? 1 : 0;
      }
    }
    f.add((float) (both / w));
    f.add((float) (reported / (double) Math.max(1, sentences)));
    f.add((float) (rebuttedSentences / (double) Math.max(1, sentences)));
    f.add((float) (Math.log1p(rel.size()) / 5));
    float[] out = new float[f.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.get(i);
    }
    return out;
  }
}
