package org.stancemap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stancemap.analysis.Analyzer;
import org.stancemap.analysis.DocumentAnalysis;
import org.stancemap.analysis.UnitAnalysis;
import org.stancemap.codebook.Mentions;
import org.stancemap.codebook.Stance;
import org.stancemap.document.Document;
import org.stancemap.evaluation.Checklist;
import org.stancemap.json.Json;
import org.stancemap.model.ClassifierInput;
import org.stancemap.model.EmbeddingModel;
import org.stancemap.model.Head;
import org.stancemap.model.HeadInputs;
import org.stancemap.text.Span;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stancemap checklist}: the behavioural suite's pass rates per capability and test type. */
@Command(name = "checklist", mixinStandardHelpOptions = true,
    description = {"Run the behavioural test suite (CheckList-style: minimum functionality, invariance and",
        "directional cases) against the model and report pass rates per capability."})
final class ChecklistCommand implements Callable<Integer> {
  @CommandLine.Mixin SharedOptions shared = new SharedOptions();

  @Option(names = "--suite", paramLabel = "FILE", defaultValue = "checklist/suite.jsonl",
      description = "The suite (JSON Lines). Default: ${DEFAULT-VALUE}.")
  Path suite;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
  String format;

  @Option(names = "--failures", paramLabel = "N", defaultValue = "0",
      description = "Also list up to N failing cases with what the model gave.")
  int failures;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("json")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text or json, not " + format);
    }
    List<Checklist.Case> cases = Checklist.read(suite);
    PrintWriter out = spec.commandLine().getOut();
    try (Wiring w = new Wiring(shared, spec.commandLine().getErr())) {
      Checklist.Report r = Checklist.run(cases, model(w.analyzer()));
      if (format.equals("json")) {
        out.println(org.stancemap.json.JsonWriter.pretty(json(r)));
      } else {
        out.println(String.format(Locale.ROOT, "behavioural suite %s: %d cases, pass rate %.3f", suite,
            r.outcomes().size(), r.passRate()));
        r.byCapability().forEach((k, v) -> out.println(String.format(Locale.ROOT, "  %-18s %.3f  (%d/%d)", k,
            v[0] / v[1], (int) v[0], (int) v[1])));
        r.byType().forEach((k, v) -> out.println(String.format(Locale.ROOT, "  type %-13s %.3f  (%d/%d)", k,
            v[0] / v[1], (int) v[0], (int) v[1])));
        int shown = 0;
        for (Checklist.Outcome o : r.outcomes()) {
          if (!o.passed() && shown++ < failures) {
            out.println("  FAIL " + o.c().id() + " [" + o.c().capability() + "] " + text(o.c()) + " -> " + o.detail());
          }
        }
      }
    }
    out.flush();
    return StancemapTool.OK;
  }

  private static String text(Checklist.Case c) {
    return switch (c) {
      case Checklist.Mft m -> m.text();
      case Checklist.Inv v -> v.texts().get(0);
      case Checklist.Dir d -> d.base() + " => " + d.text();
    };
  }

  static Json json(Checklist.Report r) {
    Json.ObjBuilder caps = Json.obj();
    r.byCapability().forEach((k, v) -> caps.put(k, Json.obj().put("pass_rate", v[0] / v[1]).put("passed", (long) v[0])
        .put("cases", (long) v[1]).build()));
    Json.ObjBuilder types = Json.obj();
    r.byType().forEach((k, v) -> types.put(k, Json.obj().put("pass_rate", v[0] / v[1]).put("passed", (long) v[0])
        .put("cases", (long) v[1]).build()));
    return Json.obj().put("cases", (long) r.outcomes().size()).put("pass_rate", r.passRate())
        .put("capabilities", caps.build()).put("types", types.build()).build();
  }

  /**
   * The model as a user sees it: labels from the whole analysis of the text as a document (mention-gated,
   * author-voice stance), direction from the stance head's probabilities for the text as one sentence.
   */
  static Checklist.Model model(Analyzer analyzer) {
    Mentions mentions = new Mentions(analyzer.codebook());
    HeadInputs inputs = new HeadInputs(analyzer.codebook());
    EmbeddingModel embedding = analyzer.embedding();
    return new Checklist.Model() {
      @Override
      public Checklist.Labels labels(String text) {
        DocumentAnalysis a = analyzer.analyze(Document.ofText("checklist", text, "eng"));
        Map<String, String> stance = new LinkedHashMap<>();
        a.stance().forEach((t, s) -> stance.put(t, s.label().id()));
        String voice = null;
        Map<String, String> claim = new LinkedHashMap<>();
        for (UnitAnalysis u : a.units()) {
          for (var v : u.voices()) {
            voice = voice == null || v.kind().equals(org.stancemap.analysis.Voice.REPORTED) ? v.kind() : voice;
            v.claim().forEach(claim::putIfAbsent);
          }
        }
        if (org.stancemap.analysis.Voice.REPORTED.equals(voice)) {
          // a reported claim is coded by the claim's own stance (the coding manual's convention), which the
          // sentence record carries; the document's stance is the author's
          Map<String, String> byClaim = new LinkedHashMap<>();
          stance.keySet().forEach(t -> byClaim.put(t, claim.getOrDefault(t, "none")));
          return new Checklist.Labels(byClaim, voice);
        }
        return new Checklist.Labels(stance, voice);
      }

      @Override
      public double direction(String text, String target) {
        boolean named = mentions.targets(text, new Span(0, text.length())).stream()
            .anyMatch(m -> m.id().equals(target));
        Head h = analyzer.heads().head("stance:" + target).orElse(null);
        if (!named || h == null) {
          return 0;
        }
        String in = ClassifierInput.of(text);
        float[] v = embedding.embed(List.of(in))[0];
        double[] p = h.probabilities(inputs.example(h.id(), in, v, -1));
        return p[Stance.AGAINST.ordinal()] - p[Stance.FAVOR.ordinal()];
      }
    };
  }
}
