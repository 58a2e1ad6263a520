package org.stancemap.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates realistic synthetic documents about the war and the debate on the left, for benchmarks: blog posts,
 * comment threads and listing pages built from templates with varied actors, claims and lengths (15–40 words per
 * sentence on average, like the texts Stancemap reads). Deterministic for a seed. Not a source of training data.
 */
public final class SyntheticCorpus {
  private static final String[] ACTORS = {"Putin", "the Kremlin", "Moscow", "NATO", "Washington", "the EU",
      "Zelensky", "the Ukrainian government", "Ukrainian workers", "the Western left", "the Russian army",
      "the Pentagon", "Brussels", "Kyiv", "the Russian anti-war movement", "trade unions in Lviv", "the tankies",
      "the peace movement", "Western governments", "the Ukrainian resistance"};
  private static final String[] VERBS = {"has repeatedly claimed that", "argued last week that", "insists that",
      "was accused of pretending that", "told a rally in Berlin that", "wrote in a long essay that",
      "keeps repeating that", "finally admitted that", "denied reports that", "warned on Sunday that"};
  private static final String[] CLAIMS = {
      "the expansion of the alliance left Moscow with no choice but to act",
      "the people of Kharkiv have every right to defend their homes with whatever weapons they can get",
      "sanctions are hurting ordinary Europeans far more than the oligarchs around the Kremlin",
      "the war is a clash between two imperialist blocs in which workers have nothing to gain",
      "the invasion is a colonial war aimed at erasing Ukraine as a nation",
      "talks must begin at once, before another winter of shelling destroys what is left of the power grid",
      "the mainstream press has hidden the real story of what happened in the Donbas since 2014",
      "independent unions are organising aid convoys for miners and nurses near the front line",
      "the so-called anti-imperialists have become apologists for a far-right regime",
      "the government in Kyiv is nothing but a puppet run from the State Department",
      "the grain deal collapsed because neither side trusted the other to keep its word",
      "refugees from the occupied towns describe filtration camps and forced deportations",
      "the arms industry is making record profits while both armies bleed",
      "the counter-offensive stalled in the minefields south of Zaporizhzhia",
      "the left must oppose its own ruling class before it lectures anyone else"};
  private static final String[] OPENERS = {"In a statement published this morning,", "According to several reports,",
      "At the conference in Vienna,", "For anyone who has followed the debate,", "Once again,",
      "As our correspondent notes,", "Despite months of pressure,", "In plain words,"};
  private static final String[] TAILS = {"and few on the panel disagreed.", "which drew angry replies online.",
      "though the evidence offered was thin.", "a point the organisers repeated twice.",
      "and the audience applauded at length.", "while critics called it a dangerous distraction."};

  private final Random random;

  public SyntheticCorpus(long seed) {
    this.random = new Random(seed);
  }

  /** One sentence. */
  public String sentence() {
    StringBuilder sb = new StringBuilder();
    if (random.nextInt(3) == 0) {
      sb.append(pick(OPENERS)).append(' ');
    }
    String actor = pick(ACTORS);
    sb.append(sb.isEmpty() ? Character.toUpperCase(actor.charAt(0)) + actor.substring(1) : actor);
    sb.append(' ').append(pick(VERBS)).append(' ').append(pick(CLAIMS));
    if (random.nextInt(2) == 0) {
      sb.append(", ").append(pick(TAILS));
    } else {
      sb.append('.');
    }
    return sb.toString();
  }

  /** A document of about {@code sentences} sentences, in one of three page shapes. */
  public String document(int sentences) {
    StringBuilder sb = new StringBuilder();
    int shape = random.nextInt(3);
    sb.append(title()).append("\n\n");
    int left = sentences;
    int entry = 0;
    while (left > 0) {
      int n = Math.min(left, 2 + random.nextInt(3));
      if (shape == 1) {
        sb.append("Posted by reader_").append(random.nextInt(900) + 100).append(" says:\n\n");
      } else if (shape == 2 && entry++ > 0) {
        sb.append(title()).append("\n\n");
      }
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(sentence());
      }
      if (shape == 2) {
        sb.append(" […]");
      }
      sb.append("\n\n");
      left -= n;
    }
    return sb.toString();
  }

  /** Documents totalling about {@code totalSentences} sentences. */
  public List<String> documents(int totalSentences, int sentencesPerDocument) {
    List<String> docs = new ArrayList<>();
    int left = totalSentences;
    while (left > 0) {
      int n = Math.min(left, Math.max(1, sentencesPerDocument / 2 + random.nextInt(sentencesPerDocument + 1)));
      docs.add(document(n));
      left -= n;
    }
    return docs;
  }

  private String title() {
    String a = pick(ACTORS);
    return "Why " + a + " " + pick(new String[] {"is wrong about", "cannot ignore", "keeps silent on",
        "must answer for"}) + " " + pick(new String[] {"the war", "Ukraine", "the sanctions", "the peace talks",
        "the left"});
  }

  private String pick(String[] xs) {
    return xs[random.nextInt(xs.length)];
  }
}
