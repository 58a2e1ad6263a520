package org.stancemap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.stancemap.gloss.Glossary;
import org.stancemap.model.ClassifierInput;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.model.Head;
import org.stancemap.model.HeadInputs;
import org.stancemap.model.HeadSet;
import org.stancemap.model.RoleInput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stancemap probe}: every head's calibrated probabilities for one sentence, to see why a label was given. */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = {"Show every classifier head's probabilities for the given sentences.",
        "For a role, mark the actor in [square brackets]: \"[Putin] ordered the attack.\"",
        "With --language (e.g. deu), a sentence in that language is probed as analysis reads it: through the",
        "shipped glossary's word-by-word English gloss, which is printed first."})
final class ProbeCommand implements Callable<Integer> {
  @CommandLine.Mixin SharedOptions shared = new SharedOptions();

  @Parameters(arity = "1..*", paramLabel = "SENTENCE") List<String> sentences;

  @CommandLine.Option(names = "--language", paramLabel = "LANG",
      description = "The sentences' language (ISO 639-3, e.g. deu, fra, spa, ita, por, pol): probe their gloss.")
  String language;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Wiring w = new Wiring(shared, spec.commandLine().getErr())) {
      List<String> glosses = null;
      if (language != null && !language.equals("eng")) {
        Glossary g = w.analyzer().glossary(language).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--language " + language
                + ": no glossary for this language; give one of " + String.join(", ", Glossary.SHIPPED_LANGUAGES)
                + " (ISO 639-3 codes) or your own with --glossary"));
        glosses = sentences.stream().map(t -> g.gloss(t).english()).toList();
      }
      HeadSet heads = w.heads();
      HeadInputs headInputs = new HeadInputs(w.codebook());
      // A bracketed actor is probed as analysis sees it: the role head gets the window pooled from the sentence.
      List<String> read = glosses == null ? sentences : glosses;
      List<RoleInput.Window> windows = read.stream()
          .map(t -> t.contains("[") ? RoleInput.ofExemplar(t) : null).toList();
      List<String> inputs = new ArrayList<>();
      List<EmbeddingModel.SpanInput> requests = new ArrayList<>();
      for (int i = 0; i < sentences.size(); i++) {
        RoleInput.Window win = windows.get(i);
        inputs.add(win != null ? win.text() : ClassifierInput.of(read.get(i)));
        requests.add(win != null ? new EmbeddingModel.SpanInput(win.input(), List.of(win.span()))
            : new EmbeddingModel.SpanInput(inputs.get(i), List.of()));
      }
      List<EmbeddingModel.Embedded> v = w.embedding().embedSpans(requests);
      for (int i = 0; i < inputs.size(); i++) {
        out.println(sentences.get(i));
        if (glosses != null) {
          out.println("  gloss            " + glosses.get(i));
        }
        float[] vector = windows.get(i) != null ? v.get(i).spans().get(0) : v.get(i).text();
        for (Map.Entry<String, Head> e : new TreeMap<>(heads.heads()).entrySet()) {
          if (e.getKey().equals(org.stancemap.analysis.PositionFeatures.HEAD)) {
            continue; // a document's aggregated evidence, not a sentence's
          }
          double[] p = e.getValue().probabilities(headInputs.example(e.getKey(), inputs.get(i), vector, -1));
          StringBuilder sb = new StringBuilder();
          Integer[] order = new Integer[p.length];
          for (int k = 0; k < p.length; k++) {
            order[k] = k;
          }
          Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
          for (int k = 0; k < Math.min(4, p.length); k++) {
            sb.append(String.format(Locale.ROOT, "%s %.2f  ", e.getValue().classes().get(order[k]), p[order[k]]));
          }
          out.println(String.format(Locale.ROOT, "  %-16s %s", e.getKey(), sb.toString().strip()));
        }
      }
    }
    out.flush();
    return StancemapTool.OK;
  }
}
