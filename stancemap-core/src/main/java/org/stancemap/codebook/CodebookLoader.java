package org.stancemap.codebook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.stancemap.CodebookException;
import org.stancemap.InvalidInputException;
import org.stancemap.text.Hashing;

/**
 * Reads and validates codebook files ({@code stancemap.codebook/1}, YAML or JSON). Every problem is collected with
 * its path before failing, so a user fixes a file in one pass. The format is documented in
 * {@code docs/codebook-format.md}.
 */
public final class CodebookLoader {
  /** Below this many exemplars a label cannot be trained at all. */
  public static final int MIN_EXEMPLARS = 4;
  /** The name of the codebook that ships with Stancemap. */
  public static final String DEFAULT = "ru-ua-left";

  private static final Pattern ROLE_ACTOR = Pattern.compile("\\[([^\\[\\]]+)]");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private CodebookLoader() {}

  /** Loads the built-in codebook by name ({@code ru-ua-left}). */
  public static Codebook builtin(String name) {
    String resource = "/org/stancemap/codebook/" + name + ".yaml";
    try (InputStream in = CodebookLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidInputException("no built-in codebook named '" + name + "'; the built-in one is '" + DEFAULT
            + "', or pass the path of a codebook file");
      }
      return parse(name + ".yaml (built-in)", in.readAllBytes());
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the built-in codebook " + name + ": " + e.getMessage(), e);
    }
  }

  /** Loads a codebook from a file, or the built-in one when {@code nameOrPath} names it. */
  public static Codebook load(String nameOrPath) {
    if (nameOrPath == null || nameOrPath.equals(DEFAULT)) {
      return builtin(DEFAULT);
    }
    Path p = Path.of(nameOrPath);
    if (!Files.isRegularFile(p)) {
      throw new InvalidInputException("codebook " + nameOrPath + ": no such file (give a codebook file, or '" + DEFAULT
          + "' for the built-in one)");
    }
    try {
      return parse(nameOrPath, Files.readAllBytes(p));
    } catch (IOException e) {
      throw new InvalidInputException("codebook " + nameOrPath + ": cannot read: " + e.getMessage(), e);
    }
  }

  public static Codebook parse(String source, byte[] bytes) {
    Object root;
    try {
      Load load = new Load(LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false).build());
      root = load.loadFromString(new String(bytes, StandardCharsets.UTF_8));
    } catch (YamlEngineException e) {
      throw new CodebookException(source, List.of("not valid YAML: " + e.getMessage()));
    }
    Reader r = new Reader();
    Map<String, Object> m = r.map(root, "(root)");
    String format = r.str(m, "format", "(root)");
    if (format != null && !format.equals(Codebook.FORMAT)) {
      r.problems.add("format: expected '" + Codebook.FORMAT + "', found '" + format
          + "' (this Stancemap reads format " + Codebook.FORMAT + ")");
    }
    String id = r.id(m, "id", "(root)");
    String version = r.str(m, "version", "(root)");
    String language = r.optStr(m, "language", "en");
    String name = r.optStr(m, "name", id);
    String description = r.optStr(m, "description", "");

    List<Target> targets = new ArrayList<>();
    List<Object> ts = r.list(m, "targets", "(root)");
    for (int i = 0; i < ts.size(); i++) {
      String path = "targets[" + i + "]";
      Map<String, Object> t = r.map(ts.get(i), path);
      Map<Stance, Label> stances = new EnumMap<>(Stance.class);
      Map<String, Object> st = r.map(t.get("stance"), path + ".stance");
      for (Stance s : Stance.values()) {
        String sp = path + ".stance." + s.id();
        Map<String, Object> sm = r.map(st.get(s.id()), sp);
        stances.put(s, new Label(s.id(), s.id(), null, r.optStr(sm, "definition", ""),
            r.sentences(sm, "exemplars", sp), List.of(), Map.of(), List.of()));
      }
      targets.add(new Target(r.id(t, "id", path), r.optStr(t, "name", ""), r.optStr(t, "definition", ""),
          r.strings(t, "aliases", path, true), r.strings(t, "implied", path, false),
          r.strings(t, "opposes", path, false), stances));
    }
    List<Label> narratives = r.labels(m, "narratives");
    List<Label> techniques = r.labels(m, "techniques");
    List<Label> roles = r.labels(m, "roles");
    for (int i = 0; i < roles.size(); i++) {
      List<String> ex = roles.get(i).exemplars();
      for (int j = 0; j < ex.size(); j++) {
        Matcher am = ROLE_ACTOR.matcher(ex.get(j));
        int n = 0;
        while (am.find()) {
          n++;
        }
        if (n != 1) {
          r.problems.add("roles[" + i + "].exemplars[" + j + "]: mark exactly one actor in [square brackets], found "
              + n);
        }
      }
    }
    List<Actor> actors = new ArrayList<>();
    List<Object> as = r.list(m, "actors", "(root)");
    for (int i = 0; i < as.size(); i++) {
      String path = "actors[" + i + "]";
      Map<String, Object> a = r.map(as.get(i), path);
      actors.add(new Actor(r.id(a, "id", path), r.optStr(a, "name", ""), r.optStr(a, "kind", "group"),
          r.optionalString(a, "target", path), r.strings(a, "aliases", path, true)));
    }
    List<Position> positions = new ArrayList<>();
    List<Object> ps = r.list(m, "positions", "(root)");
    for (int i = 0; i < ps.size(); i++) {
      String path = "positions[" + i + "]";
      Map<String, Object> p = r.map(ps.get(i), path);
      Map<String, Stance> pst = r.stanceMap(p, path);
      positions.add(new Position(r.id(p, "id", path), r.strings(p, "narratives", path, false), pst,
          r.label(p, path, false)));
    }
    Polarity polarity = Polarity.NONE;
    if (m.get("polarity") != null) {
      Map<String, Object> pm = r.map(m.get("polarity"), "polarity");
      polarity = new Polarity(r.strings(pm, "before_negative", "polarity", false),
          r.strings(pm, "before_positive", "polarity", false), r.strings(pm, "after_negative", "polarity", false),
          r.strings(pm, "after_positive", "polarity", false));
    }
    Codebook cb = new Codebook(id == null ? "" : id, version == null ? "" : version, language, name, description,
        targets, narratives, techniques, roles, actors, positions, polarity, Hashing.sha256(bytes));
    crossCheck(cb, r.problems);
    if (!r.problems.isEmpty()) {
      throw new CodebookException(source, r.problems);
    }
    return cb;
  }

  private static void crossCheck(Codebook cb, List<String> problems) {
    Set<String> targetIds = new HashSet<>();
    cb.targets().forEach(t -> targetIds.add(t.id()));
    Set<String> narrativeIds = new HashSet<>();
    cb.narratives().forEach(n -> narrativeIds.add(n.id()));
    unique("targets", cb.targets().stream().map(Target::id).toList(), problems);
    unique("narratives", cb.narratives().stream().map(Label::id).toList(), problems);
    unique("techniques", cb.techniques().stream().map(Label::id).toList(), problems);
    unique("roles", cb.roles().stream().map(Label::id).toList(), problems);
    unique("actors", cb.actors().stream().map(Actor::id).toList(), problems);
    unique("positions", cb.positions().stream().map(Position::id).toList(), problems);
    for (int i = 0; i < cb.targets().size(); i++) {
      for (String o : cb.targets().get(i).opposes()) {
        if (!targetIds.contains(o)) {
          problems.add("targets[" + i + "].opposes: unknown target '" + o + "'");
        }
      }
    }
    for (int i = 0; i < cb.actors().size(); i++) {
      String t = cb.actors().get(i).target();
      if (t != null && !targetIds.contains(t)) {
        problems.add("actors[" + i + "].target: unknown target '" + t + "'");
      }
    }
    for (String what : List.of("narratives", "techniques")) {
      List<Label> ls = what.equals("narratives") ? cb.narratives() : cb.techniques();
      for (int i = 0; i < ls.size(); i++) {
        for (String t : ls.get(i).stance().keySet()) {
          if (!targetIds.contains(t)) {
            problems.add(what + "[" + i + "].stance: unknown target '" + t + "'");
          }
        }
      }
    }
    for (int i = 0; i < cb.positions().size(); i++) {
      Position p = cb.positions().get(i);
      for (String n : p.narratives()) {
        if (!narrativeIds.contains(n)) {
          problems.add("positions[" + i + "].narratives: unknown narrative '" + n + "'");
        }
      }
      for (String t : p.stance().keySet()) {
        if (!targetIds.contains(t)) {
          problems.add("positions[" + i + "].stance: unknown target '" + t + "'");
        }
      }
    }
    if (cb.positions().stream().noneMatch(p -> p.id().equals("unrelated"))) {
      problems.add("positions: an 'unrelated' position is required (texts that take no part in the debate)");
    }
  }

  private static void unique(String what, List<String> ids, List<String> problems) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        problems.add(what + ": duplicate id '" + id + "'");
      }
    }
  }

  /** Collects problems while decoding YAML maps and lists. */
  private static final class Reader {
    final List<String> problems = new ArrayList<>();

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object o, String path) {
      if (o instanceof Map<?, ?> mm) {
        return (Map<String, Object>) mm;
      }
      problems.add(path + ": expected a mapping, found " + describe(o));
      return Map.of();
    }

    @SuppressWarnings("unchecked")
    List<Object> list(Map<String, Object> m, String key, String path) {
      Object o = m.get(key);
      if (o instanceof List<?> l) {
        return (List<Object>) l;
      }
      problems.add(prefix(path) + key + ": expected a list, found " + describe(o));
      return List.of();
    }

    String str(Map<String, Object> m, String key, String path) {
      Object o = m.get(key);
      if (o instanceof String s && !s.isBlank()) {
        return s.strip();
      }
      if (o instanceof Number n) {
        return n.toString();
      }
      problems.add(prefix(path) + key + ": expected a non-empty string, found " + describe(o));
      return null;
    }

    /** A string field that may be absent (null); any other type is a problem. */
    String optionalString(Map<String, Object> m, String key, String path) {
      Object o = m.get(key);
      if (o == null) {
        return null;
      }
      if (o instanceof String s) {
        return s.strip();
      }
      problems.add(prefix(path) + key + ": expected a string, found " + describe(o));
      return null;
    }

    String optStr(Map<String, Object> m, String key, String fallback) {
      Object o = m.get(key);
      return o == null ? fallback : String.valueOf(o).strip();
    }

    String id(Map<String, Object> m, String key, String path) {
      String s = str(m, key, path);
      if (s != null && !ID.matcher(s).matches()) {
        problems.add(prefix(path) + key + ": ids use lower-case letters, digits and '-', found '" + s + "'");
      }
      return s == null ? "" : s;
    }

    List<String> strings(Map<String, Object> m, String key, String path, boolean required) {
      Object o = m.get(key);
      if (o == null && !required) {
        return List.of();
      }
      if (!(o instanceof List<?> l)) {
        problems.add(prefix(path) + key + ": expected a list of strings, found " + describe(o));
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        Object v = l.get(i);
        if (v instanceof String s && !s.isBlank()) {
          out.add(s.strip());
        } else {
          problems.add(prefix(path) + key + "[" + i + "]: expected a non-empty string, found " + describe(v));
        }
      }
      return out;
    }

    List<String> sentences(Map<String, Object> m, String key, String path) {
      List<String> s = strings(m, key, path, true);
      if (m.containsKey(key) && s.size() < MIN_EXEMPLARS) {
        problems.add(prefix(path) + key + ": expected at least " + MIN_EXEMPLARS + " exemplar sentences, found "
            + s.size());
      }
      return s;
    }

    List<Label> labels(Map<String, Object> root, String key) {
      List<Label> out = new ArrayList<>();
      List<Object> l = list(root, key, "(root)");
      for (int i = 0; i < l.size(); i++) {
        out.add(label(map(l.get(i), key + "[" + i + "]"), key + "[" + i + "]", true));
      }
      return out;
    }

    Label label(Map<String, Object> m, String path, boolean nearMisses) {
      String id = id(m, "id", path);
      String def = str(m, "definition", path);
      return new Label(id, optStr(m, "name", id), optionalString(m, "source", path), def == null ? "" : def,
          sentences(m, "exemplars", path), nearMisses ? strings(m, "near_misses", path, false) : List.of(),
          stanceMap(m, path), strings(m, "cues", path, false));
    }

    /** An optional {@code stance: {target: favor|against}} map. */
    Map<String, Stance> stanceMap(Map<String, Object> m, String path) {
      Map<String, Stance> out = new LinkedHashMap<>();
      Object so = m.get("stance");
      if (so != null) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) map(so, path + ".stance")).entrySet()) {
          if (!(e.getKey() instanceof String key)) {
            problems.add(path + ".stance: target ids are strings, found " + describe(e.getKey()));
            continue;
          }
          try {
            out.put(key, Stance.parse(String.valueOf(e.getValue()), path + ".stance." + key));
          } catch (IllegalArgumentException ex) {
            problems.add(ex.getMessage());
          }
        }
      }
      return out;
    }

    private static String prefix(String path) {
      return path.equals("(root)") ? "" : path + ".";
    }

    private static String describe(Object o) {
      if (o == null) {
        return "nothing";
      }
      if (o instanceof String s) {
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
      }
      return o instanceof Map ? "a mapping" : o instanceof List ? "a list" : o.getClass().getSimpleName();
    }
  }
}
