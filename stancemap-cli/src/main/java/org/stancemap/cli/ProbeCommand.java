package org.stancemap.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.stancemap.model.ClassifierInput;
import org.stancemap.model.Head;
import org.stancemap.model.HeadSet;
import org.stancemap.model.HeadInputs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stancemap probe}: every head's calibrated probabilities for one sentence, to see why a label was given. */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = {"Show every classifier head's probabilities for the given sentences.",
        "For a role, mark the actor in [square brackets]: \"[Putin] ordered the attack.\""})
final class ProbeCommand implements Callable<Integer> {
  @CommandLine.Mixin SharedOptions shared = new SharedOptions();

  @Parameters(arity = "1..*", paramLabel = "SENTENCE") List<String> sentences;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Wiring w = new Wiring(shared, spec.commandLine().getErr())) {
      HeadSet heads = w.heads();
      HeadInputs headInputs = new HeadInputs(w.codebook());
      List<String> inputs = sentences.stream()
          .map(t -> t.contains("[") ? org.stancemap.model.RoleInput.ofExemplar(t) : ClassifierInput.of(t)).toList();
      float[][] v = w.embedding().embed(inputs);
      for (int i = 0; i < inputs.size(); i++) {
        out.println(sentences.get(i));
        for (Map.Entry<String, Head> e : new TreeMap<>(heads.heads()).entrySet()) {
          double[] p = e.getValue().probabilities(headInputs.example(e.getKey(), inputs.get(i), v[i], -1));
          StringBuilder sb = new StringBuilder();
          Integer[] order = new Integer[p.length];
          for (int k = 0; k < p.length; k++) {
            order[k] = k;
          }
          java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
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
