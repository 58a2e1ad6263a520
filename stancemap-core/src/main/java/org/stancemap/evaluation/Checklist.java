package org.stancemap.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.stancemap.InvalidInputException;
import org.stancemap.JsonException;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;

/**
 * A behavioural test suite in the manner of CheckList (Ribeiro et al., ACL 2020): minimum-functionality cases (a
 * text and the stance it must get toward some targets, optionally its voice), invariance cases (texts that must get
 * the same label), and directional cases (an edit that must move the stance score one way). The suite is data
 * ({@code checklist/suite.jsonl}, written apart from the training corpus); {@link #run} scores any {@link Model}.
 */
public final class Checklist {
  /** The model under test, seen from outside: what analysis reports for a text. */
  public interface Model {
    /** The stance label toward each target and the voice of the text's first sentence, as analysis reports them. */
    Labels labels(String text);

    /** P(against) minus P(favor) toward {@code target} for the text as one sentence (0 if it does not name it). */
    double direction(String text, String target);
  }

  /** What a model says of one text. {@code voice} is null when the model gives none. */
  public record Labels(Map<String, String> stance, String voice) {
    public Labels {
      stance = Map.copyOf(stance);
    }
  }

  /** One case of the suite. */
  public sealed interface Case permits Mft, Inv, Dir {
    String id();

    String capability();
  }

  public record Mft(String id, String capability, String text, Map<String, String> expect, String voice)
      implements Case {}

  public record Inv(String id, String capability, List<String> texts, List<String> targets) implements Case {}

  public record Dir(String id, String capability, String base, String text, String target, boolean towardAgainst)
      implements Case {}

  /** A case's outcome; {@code detail} says what the model gave when it failed. */
  public record Outcome(Case c, boolean passed, String detail) {}

  /** Pass counts per capability and test type, and every outcome. */
  public record Report(List<Outcome> outcomes) {
    public Report {
      outcomes = List.copyOf(outcomes);
    }

    public double passRate() {
      return outcomes.isEmpty() ? 0 : outcomes.stream().filter(Outcome::passed).count() / (double) outcomes.size();
    }

    /** Pass rate per capability, in name order. */
    public Map<String, double[]> byCapability() {
      Map<String, double[]> out = new TreeMap<>();
      for (Outcome o : outcomes) {
        double[] c = out.computeIfAbsent(o.c().capability(), k -> new double[2]);
        c[0] += o.passed() ? 1 : 0;
        c[1]++;
      }
      return out;
    }

    /** Pass rate per test type (MFT, INV, DIR). */
    public Map<String, double[]> byType() {
      Map<String, double[]> out = new TreeMap<>();
      for (Outcome o : outcomes) {
        String t = o.c() instanceof Mft ? "MFT" : o.c() instanceof Inv ? "INV" : "DIR";
        double[] c = out.computeIfAbsent(t, k -> new double[2]);
        c[0] += o.passed() ? 1 : 0;
        c[1]++;
      }
      return out;
    }
  }

  private Checklist() {}

  /** Reads a suite file; a malformed line is an error naming the line, since a suite must be exact. */
  public static List<Case> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the behavioural suite " + file + ": " + e.getMessage());
    }
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String where = file.getFileName() + ":" + (i + 1);
      try {
        out.add(parse(JsonParser.parse(lines.get(i)).asObj(where)));
      } catch (JsonException | IllegalArgumentException e) {
        throw new InvalidInputException(where + ": " + e.getMessage());
      }
    }
    return out;
  }

  static Case parse(Json.Obj o) {
    String id = o.get("id").asString("id");
    String cap = o.get("capability").asString("capability");
    String type = o.get("type").asString("type");
    switch (type) {
      case "MFT" -> {
        Map<String, String> expect = new LinkedHashMap<>();
        o.get("expect").asObj("expect").fields().forEach((k, v) -> expect.put(k, v.asString("expect." + k)));
        return new Mft(id, cap, o.get("text").asString("text"), expect,
            o.has("voice") ? o.get("voice").asString("voice") : null);
      }
      case "INV" -> {
        return new Inv(id, cap, o.get("texts").asList("texts").stream().map(t -> t.asString("texts[]")).toList(),
            o.get("targets").asList("targets").stream().map(t -> t.asString("targets[]")).toList());
      }
      case "DIR" -> {
        String d = o.get("direction").asString("direction");
        if (!d.equals("toward-against") && !d.equals("toward-favor")) {
          throw new IllegalArgumentException("direction must be toward-against or toward-favor, not " + d);
        }
        return new Dir(id, cap, o.get("base").asString("base"), o.get("text").asString("text"),
            o.get("target").asString("target"), d.equals("toward-against"));
      }
      default -> throw new IllegalArgumentException("type must be MFT, INV or DIR, not " + type);
    }
  }

  /** Runs every case against {@code model}. */
  public static Report run(List<Case> cases, Model model) {
    Objects.requireNonNull(model, "model");
    List<Outcome> out = new ArrayList<>();
    for (Case c : cases) {
      out.add(switch (c) {
        case Mft m -> mft(m, model);
        case Inv v -> inv(v, model);
        case Dir d -> dir(d, model);
      });
    }
    return new Report(out);
  }

  private static Outcome mft(Mft m, Model model) {
    Labels l = model.labels(m.text());
    List<String> wrong = new ArrayList<>();
    m.expect().forEach((t, want) -> {
      String got = l.stance().getOrDefault(t, "none");
      if (!got.equals(want)) {
        wrong.add(t + " " + got + " (want " + want + ")");
      }
    });
    if (m.voice() != null && !m.voice().equals(l.voice())) {
      wrong.add("voice " + l.voice() + " (want " + m.voice() + ")");
    }
    return new Outcome(m, wrong.isEmpty(), String.join(", ", wrong));
  }

  private static Outcome inv(Inv v, Model model) {
    Map<String, String> first = null;
    List<String> seen = new ArrayList<>();
    boolean same = true;
    for (String t : v.texts()) {
      Labels l = model.labels(t);
      Map<String, String> got = new LinkedHashMap<>();
      v.targets().forEach(x -> got.put(x, l.stance().getOrDefault(x, "none")));
      seen.add(got.toString());
      if (first == null) {
        first = got;
      } else if (!first.equals(got)) {
        same = false;
      }
    }
    return new Outcome(v, same, same ? "" : String.join(" / ", seen));
  }

  private static Outcome dir(Dir d, Model model) {
    double before = model.direction(d.base(), d.target());
    double after = model.direction(d.text(), d.target());
    boolean ok = d.towardAgainst() ? after > before : after < before;
    return new Outcome(d, ok, ok ? "" : String.format(Locale.ROOT, "%s %.3f -> %.3f", d.target(),
        before, after));
  }
}
