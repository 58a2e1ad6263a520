package org.stancemap.ask.question;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.stancemap.InvalidInputException;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Position;

/**
 * The words analysts use in questions for a codebook's positions, narratives and techniques, beyond their ids,
 * names and cues ("tankies" for a campist position). Read from a YAML file ({@code stancemap.ask-synonyms/1}, see
 * {@code docs/ask.md}); the synonyms of the built-in codebook ship as the resource
 * {@code /org/stancemap/ask/synonyms/<codebook id>.yaml}. Immutable.
 *
 * <p>Design decision: the codebook format has no alias field for positions, narratives or techniques, and a new
 * field would change every codebook's hash (and so retrain its model) for words that only questions use. The
 * synonyms therefore live beside the codebook, keyed by its id, and are checked against its ids on load.
 *
 * @param positions position id to its synonyms
 * @param narratives narrative id to its synonyms
 * @param techniques technique id to its synonyms
 */
public record Synonyms(Map<String, List<String>> positions, Map<String, List<String>> narratives,
    Map<String, List<String>> techniques) {
  /** The format id a synonyms file must declare. */
  public static final String FORMAT = "stancemap.ask-synonyms/1";

  public Synonyms {
    positions = copy(positions);
    narratives = copy(narratives);
    techniques = copy(techniques);
  }

  /** No synonyms: only ids, names and cues are recognised. */
  public static final Synonyms NONE = new Synonyms(Map.of(), Map.of(), Map.of());

  private static Map<String, List<String>> copy(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }

  /** The shipped synonyms for {@code codebook}, or {@link #NONE} when none ship for its id. */
  public static Synonyms builtin(Codebook codebook) {
    String resource = "/org/stancemap/ask/synonyms/" + codebook.id() + ".yaml";
    try (InputStream in = Synonyms.class.getResourceAsStream(resource)) {
      if (in == null) {
        return NONE;
      }
      // Lenient: a user's codebook may reuse the built-in id with labels removed; their synonyms are then unused.
      return parse(codebook.id() + ".yaml (built-in synonyms)", new String(in.readAllBytes(), StandardCharsets.UTF_8),
          codebook, false);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the built-in synonyms " + resource + ": " + e.getMessage(), e);
    }
  }

  /** Reads a synonyms file for {@code codebook}. */
  public static Synonyms load(Path file, Codebook codebook) {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), codebook);
    } catch (IOException e) {
      throw new InvalidInputException("synonyms " + file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and validates a synonyms file: its format, that it names {@code codebook}'s id, and that every key is an
   * id of that codebook.
   *
   * @throws InvalidInputException listing every problem, each with its path
   */
  public static Synonyms parse(String source, String yaml, Codebook codebook) {
    return parse(source, yaml, codebook, true);
  }

  private static Synonyms parse(String source, String yaml, Codebook codebook, boolean strict) {
    Object root;
    try {
      root = new Load(LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false).build())
          .loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new InvalidInputException("synonyms " + source + ": not valid YAML: " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    if (!(root instanceof Map<?, ?> m)) {
      throw new InvalidInputException("synonyms " + source + ": (root): expected a mapping");
    }
    if (!FORMAT.equals(m.get("format"))) {
      problems.add("format: expected '" + FORMAT + "', found '" + m.get("format") + "'");
    }
    if (!codebook.id().equals(m.get("codebook"))) {
      problems.add("codebook: expected '" + codebook.id() + "' (the codebook in use), found '" + m.get("codebook")
          + "'");
    }
    Map<String, List<String>> ps = section(m, "positions",
        codebook.positions().stream().map(Position::id).toList(), problems, strict);
    Map<String, List<String>> ns = section(m, "narratives", codebook.narratives().stream().map(Label::id).toList(),
        problems, strict);
    Map<String, List<String>> ts = section(m, "techniques", codebook.techniques().stream().map(Label::id).toList(),
        problems, strict);
    if (!problems.isEmpty()) {
      throw new InvalidInputException("synonyms " + source + ": invalid:\n  - " + String.join("\n  - ", problems));
    }
    return new Synonyms(ps, ns, ts);
  }

  private static Map<String, List<String>> section(Map<?, ?> root, String key, List<String> ids,
      List<String> problems, boolean strict) {
    Object o = root.get(key);
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (o == null) {
      return out;
    }
    if (!(o instanceof Map<?, ?> m)) {
      problems.add(key + ": expected a mapping from ids to lists of words");
      return out;
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String id = String.valueOf(e.getKey());
      if (!ids.contains(id)) {
        if (strict) {
          problems.add(key + "." + id + ": no such id in the codebook (known: " + String.join(", ", ids) + ")");
        }
        continue;
      }
      if (!(e.getValue() instanceof List<?> l)) {
        problems.add(key + "." + id + ": expected a list of strings");
        continue;
      }
      List<String> words = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        if (l.get(i) instanceof String s && !s.isBlank()) {
          words.add(s.strip());
        } else {
          problems.add(key + "." + id + "[" + i + "]: expected a non-empty string");
        }
      }
      out.put(id, words);
    }
    return out;
  }
}
