package org.stancemap.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.stancemap.CodebookException;
import org.stancemap.codebook.Actor;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Position;
import org.stancemap.codebook.Stance;
import org.stancemap.codebook.Target;
import org.stancemap.json.Json;
import org.stancemap.json.JsonWriter;

/**
 * Edits of a codebook's labels from the Codebook page. An edit changes one label's definition, exemplars or near
 * misses, increases the patch number of the version and writes the whole codebook as a new
 * {@code stancemap.codebook/1} file (JSON, which the loader reads as YAML) into the codebooks folder beside the
 * database, through a temporary file and an atomic move. The new file is loaded with {@link CodebookLoader} before it
 * is moved into place, so an invalid edit writes nothing. The running analyzer is not switched.
 */
final class CodebookEdits {
  /** File names as {@link #edit} writes them. */
  static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9-]*-[0-9]+\\.[0-9]+\\.[0-9]+-[0-9]{8}-[0-9]{6}-[0-9]{3}"
      + "\\.codebook\\.json");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern VERSION = Pattern.compile("(.*?)([0-9]+)$");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);

  /** One edit: null fields stay as they are. */
  record Edit(String definition, List<String> exemplars, List<String> nearMisses, String editedBy) {}

  /** A label to add (a narrative or a technique); null lists are empty. */
  record NewLabel(String id, String name, String definition, List<String> exemplars, List<String> nearMisses,
      String editedBy) {}

  /** The written file, and notes on what else the change did. */
  record Written(String file, Codebook codebook, List<String> notes) {}

  /** Kinds whose labels can be added and removed. */
  static final List<String> LIST_KINDS = List.of("narrative", "technique");

  private final Path dir;

  CodebookEdits(Path dir) {
    this.dir = dir;
  }

  /**
   * The codebooks folder: {@code DB.codebooks} beside a SQLite file, {@code stancemap.codebooks} in the working
   * directory for a URL, or in the workbench's {@code files} folder when it has one.
   */
  static Path codebooksDir(Workbench wb) {
    if (wb.files() != null) {
      return wb.files().resolve("stancemap.codebooks");
    }
    return wb.db().startsWith("jdbc:") ? Path.of("stancemap.codebooks") : Path.of(wb.db() + ".codebooks");
  }

  Path dir() {
    return dir;
  }

  /** The codebook of a file in the folder; 400 for a malformed name, 404 for an unknown one. */
  Codebook load(String name) {
    if (name == null || !FILE.matcher(name).matches()) {
      throw new WebException.BadRequest("'file' must be a codebook file name as PUT /api/codebook/labels returns it"
          + " (like ru-ua-left-1.0.1-20260101-120000-000.codebook.json), found '" + Params.shorten(String.valueOf(name))
          + "'");
    }
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new WebException.NotFound("no codebook file '" + name + "'; PUT /api/codebook/labels/{kind}/{id} makes one");
    }
    try {
      return CodebookLoader.parse(name, Files.readAllBytes(p));
    } catch (IOException e) {
      throw new WebException.Failure("codebook file '" + name + "' could not be read", e);
    } catch (CodebookException e) {
      throw new WebException.BadRequest("codebook file '" + name + "' is not valid: " + String.join("; ",
          e.problems()));
    }
  }

  /**
   * Applies an edit to {@code base} and writes the new codebook file.
   *
   * @param baseName the codebook file {@code base} was loaded from, or null for the server's codebook
   */
  Written edit(Codebook base, String baseName, String kind, String id, Edit e) {
    Codebook next = apply(base, kind, id, e);
    return write(base, baseName, next, e.editedBy(), kind + "/" + id, e.exemplars() != null ? kind + "/" + id : null,
        List.of(), "the edit");
  }

  /** Adds a narrative or technique to {@code base} and writes the new codebook file. */
  Written add(Codebook base, String baseName, String kind, NewLabel l) {
    listKind(kind, "added");
    if (l.id() == null || l.id().isBlank()) {
      throw new WebException.BadRequest("'id' is required: the new " + kind + "'s id, of lower-case letters, digits"
          + " and '-' (like 'energy-blackmail')");
    }
    String id = l.id().strip();
    if (!ID.matcher(id).matches() || id.length() > 80) {
      throw new WebException.BadRequest("'id' must be lower-case letters, digits and '-', starting with a letter or"
          + " digit, at most 80 characters (like 'energy-blackmail'), found '" + Params.shorten(id) + "'");
    }
    List<Label> labels = kind.equals("narrative") ? base.narratives() : base.techniques();
    for (Label x : labels) {
      if (x.id().equals(id)) {
        throw new WebException.BadRequest("the codebook already has a " + kind + " '" + id + "' (" + x.name()
            + "); choose another id, or edit that one (PUT /api/codebook/labels/" + kind + "/" + id + ")");
      }
    }
    String name = l.name() == null || l.name().isBlank() ? id : l.name().strip();
    Label added = new Label(id, name, null, l.definition() == null ? "" : l.definition().strip(),
        l.exemplars() == null ? List.of() : l.exemplars(), l.nearMisses() == null ? List.of() : l.nearMisses(),
        Map.of(), List.of());
    List<Label> out = new ArrayList<>(labels);
    out.add(added);
    Codebook next = kind.equals("narrative") ? with(base, out, base.techniques(), base.positions())
        : with(base, base.narratives(), out, base.positions());
    return write(base, baseName, next, l.editedBy(), "added " + kind + "/" + id, kind + "/" + id, List.of(),
        "the new " + kind + " '" + id + "' (it needs a definition and at least " + CodebookLoader.MIN_EXEMPLARS
        + " exemplars)");
  }

  /**
   * Removes a narrative or technique from {@code base} (and from the narrative lists of positions) and writes the
   * new codebook file.
   */
  Written remove(Codebook base, String baseName, String kind, String id, String editedBy) {
    listKind(kind, "removed");
    List<Label> labels = kind.equals("narrative") ? base.narratives() : base.techniques();
    List<Label> out = new ArrayList<>(labels);
    boolean found = out.removeIf(l -> l.id().equals(id));
    unknown(found, kind, id, labels.stream().map(Label::id).toList());
    List<String> notes = new ArrayList<>();
    List<Position> positions = base.positions();
    if (kind.equals("narrative")) {
      positions = new ArrayList<>();
      for (Position p : base.positions()) {
        if (p.narratives().contains(id)) {
          List<String> ns = new ArrayList<>(p.narratives());
          ns.remove(id);
          positions.add(new Position(p.id(), ns, p.stance(), p.label()));
          notes.add("position '" + p.id() + "' no longer lists narrative '" + id + "'");
        } else {
          positions.add(p);
        }
      }
    }
    Codebook next = kind.equals("narrative") ? with(base, out, base.techniques(), positions)
        : with(base, base.narratives(), out, positions);
    return write(base, baseName, next, editedBy, "removed " + kind + "/" + id, null, notes, "the removal");
  }

  private static void listKind(String kind, String verb) {
    if (!LIST_KINDS.contains(kind)) {
      throw new WebException.BadRequest("only narratives and techniques can be " + verb + " (kind 'narrative' or"
          + " 'technique'), found '" + Params.shorten(kind) + "'");
    }
  }

  private static Codebook with(Codebook cb, List<Label> narratives, List<Label> techniques, List<Position> positions) {
    return new Codebook(cb.id(), cb.version(), cb.language(), cb.name(), cb.description(), cb.targets(), narratives,
        techniques, cb.roles(), cb.actors(), positions, cb.polarity(), cb.sha256());
  }

  /** The codebook files of the folder, newest first. */
  List<String> files() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> FILE.matcher(n).matches())
          .sorted(Comparator.comparing((String n) -> n.substring(n.length() - STAMP_TAIL))
              .thenComparing(Comparator.naturalOrder()).reversed()).toList();
    } catch (IOException e) {
      throw new WebException.Failure("the codebooks folder could not be listed", e);
    }
  }

  /** Length of {@code yyyyMMdd-HHmmss-SSS.codebook.json} at the end of a file name. */
  private static final int STAMP_TAIL = "20260101-120000-000.codebook.json".length();

  private Written write(Codebook base, String baseName, Codebook next, String editedBy, String edited,
      String keepExemplarsOf, List<String> notes, String what) {
    String version = bump(base.version());
    String stamp = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
    String name = base.id() + "-" + version + "-" + stamp + ".codebook.json";
    if (!FILE.matcher(name).matches()) {
      throw new WebException.BadRequest("the codebook's id '" + base.id() + "' and version '" + version
          + "' do not make a file name; use an id of a-z, 0-9 and '-' and a version like 1.0.0");
    }
    String from = baseName != null ? baseName : base.id() + " " + base.version() + " (the server's codebook)";
    Json json = serialise(next, version, editedBy == null ? "web" : editedBy, Instant.now().toString(), edited, from,
        keepExemplarsOf);
    byte[] bytes = (JsonWriter.pretty(json) + "\n").getBytes(StandardCharsets.UTF_8);
    Codebook loaded;
    try {
      loaded = CodebookLoader.parse(name, bytes);
    } catch (CodebookException ex) {
      throw new WebException.BadRequest(what + " makes an invalid codebook: " + String.join("; ", ex.problems()));
    }
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".edit-", ".tmp");
      try {
        Files.write(tmp, bytes);
        try {
          Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException ex) {
          Files.move(tmp, dir.resolve(name));
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException ex) {
      throw new WebException.Failure("the codebook file could not be written to the codebooks folder", ex);
    }
    return new Written(name, loaded, List.copyOf(notes));
  }

  /** {@code 1.0.0} becomes {@code 1.0.1}; a version not ending in a number gets {@code .1}. */
  static String bump(String version) {
    Matcher m = VERSION.matcher(version);
    if (m.matches()) {
      return m.group(1) + (Long.parseLong(m.group(2)) + 1);
    }
    return version + ".1";
  }

  private static Codebook apply(Codebook cb, String kind, String id, Edit e) {
    List<Label> narratives = cb.narratives();
    List<Label> techniques = cb.techniques();
    List<Label> roles = cb.roles();
    List<Position> positions = cb.positions();
    List<Target> targets = cb.targets();
    switch (kind) {
      case "narrative" -> narratives = replace(narratives, id, kind, e);
      case "technique" -> techniques = replace(techniques, id, kind, e);
      case "role" -> roles = replace(roles, id, kind, e);
      case "position" -> {
        noNearMisses(kind, e);
        List<Position> out = new ArrayList<>();
        boolean found = false;
        for (Position p : positions) {
          if (p.id().equals(id)) {
            found = true;
            out.add(new Position(p.id(), p.narratives(), p.stance(), change(p.label(), e)));
          } else {
            out.add(p);
          }
        }
        unknown(found, kind, id, positions.stream().map(Position::id).toList());
        positions = out;
      }
      case "target" -> {
        noNearMisses(kind, e);
        // TARGET edits the target's definition; TARGET.STANCE the definition and exemplars of one stance class
        String tid = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
        String sid = id.contains(".") ? id.substring(id.indexOf('.') + 1) : null;
        List<Target> out = new ArrayList<>();
        boolean found = false;
        for (Target t : targets) {
          if (!t.id().equals(tid)) {
            out.add(t);
            continue;
          }
          found = true;
          if (sid == null) {
            if (e.exemplars() != null) {
              throw new WebException.BadRequest("target '" + tid + "' has no exemplars of its own; edit those of a"
                  + " stance class as target/" + tid + ".favor, .against or .none");
            }
            out.add(new Target(t.id(), t.name(), e.definition() == null ? t.definition() : e.definition(),
                t.aliases(), t.implied(), t.opposes(), t.stances()));
          } else {
            Stance s = null;
            for (Stance v : Stance.values()) {
              if (v.id().equals(sid)) {
                s = v;
              }
            }
            if (s == null) {
              throw new WebException.BadRequest("unknown stance '" + Params.shorten(sid) + "' in '" + Params.shorten(id)
                  + "'; use favor, against or none");
            }
            Map<Stance, Label> st = new TreeMap<>(t.stances());
            st.put(s, change(t.stances().get(s), e));
            out.add(new Target(t.id(), t.name(), t.definition(), t.aliases(), t.implied(), t.opposes(), st));
          }
        }
        unknown(found, kind, tid, targets.stream().map(Target::id).toList());
        targets = out;
      }
      default -> throw new WebException.BadRequest("unknown kind '" + Params.shorten(kind)
          + "'; use narrative, technique, position, target or role");
    }
    return new Codebook(cb.id(), cb.version(), cb.language(), cb.name(), cb.description(), targets, narratives,
        techniques, roles, cb.actors(), positions, cb.polarity(), cb.sha256());
  }

  private static void noNearMisses(String kind, Edit e) {
    if (e.nearMisses() != null) {
      throw new WebException.BadRequest("a " + kind + " has no near_misses in the codebook format; send only"
          + " definition and exemplars");
    }
  }

  private static void unknown(boolean found, String kind, String id, List<String> ids) {
    if (!found) {
      throw new WebException.BadRequest("the codebook has no " + kind + " '" + Params.shorten(id) + "'; its "
          + kind + "s are " + String.join(", ", ids));
    }
  }

  private static List<Label> replace(List<Label> labels, String id, String kind, Edit e) {
    List<Label> out = new ArrayList<>();
    boolean found = false;
    for (Label l : labels) {
      if (l.id().equals(id)) {
        found = true;
        out.add(change(l, e));
      } else {
        out.add(l);
      }
    }
    unknown(found, kind, id, labels.stream().map(Label::id).toList());
    return out;
  }

  private static Label change(Label l, Edit e) {
    return new Label(l.id(), l.name(), l.source(), e.definition() == null ? l.definition() : e.definition(),
        e.exemplars() == null ? l.exemplars() : e.exemplars(), e.nearMisses() == null ? l.nearMisses()
        : e.nearMisses(), l.stance(), l.cues());
  }

  // ---- writing the format ------------------------------------------------------------------------------------

  /**
   * The codebook in the file format. Empty exemplar lists are left out (the loader requires at least
   * {@link CodebookLoader#MIN_EXEMPLARS} where the key is present), except in the label {@code keepExemplarsOf}
   * ({@code kind/id}: the edited label when the edit sets its exemplars, or an added one), so that the loader reports
   * a change that leaves too few.
   *
   * @param edited what changed ({@code kind/id}, {@code added kind/id}, {@code removed kind/id})
   * @param editedFrom the codebook file the change started from, or a description of the server's codebook
   */
  static Json serialise(Codebook cb, String version, String editedBy, String editedAt, String edited,
      String editedFrom, String keepExemplarsOf) {
    String[] parts = keepExemplarsOf == null ? new String[] {"", ""} : keepExemplarsOf.split("/", 2);
    String ekind = parts[0];
    String eid = parts.length > 1 ? parts[1] : "";
    boolean editedExemplars = keepExemplarsOf != null;
    Json.ObjBuilder root = Json.obj().put("format", Codebook.FORMAT).put("id", cb.id()).put("version", version)
        .put("language", cb.language()).put("name", cb.name()).put("description", cb.description())
        .put("edited-by", editedBy).put("edited-at", editedAt).put("edited", edited).put("edited-from", editedFrom);
    List<Json> ts = new ArrayList<>();
    for (Target t : cb.targets()) {
      Json.ObjBuilder st = Json.obj();
      for (Stance s : Stance.values()) {
        Label l = t.stances().get(s);
        Json.ObjBuilder sb = Json.obj().put("definition", l.definition());
        if (!l.exemplars().isEmpty() || editedExemplars && ekind.equals("target") && eid.equals(t.id() + "." + s.id())) {
          sb.put("exemplars", strings(l.exemplars()));
        }
        st.put(s.id(), sb.build());
      }
      ts.add(Json.obj().put("id", t.id()).put("name", t.name()).put("definition", t.definition())
          .put("aliases", strings(t.aliases())).put("implied", strings(t.implied()))
          .put("opposes", strings(t.opposes())).put("stance", st.build()).build());
    }
    root.put("targets", Json.arr(ts));
    for (String k : List.of("narrative", "technique", "role")) {
      List<Label> ls = k.equals("narrative") ? cb.narratives() : k.equals("technique") ? cb.techniques() : cb.roles();
      root.put(k + "s", Json.arr(ls.stream().map(l -> label(l, true, true, editedExemplars && ekind.equals(k)
          && eid.equals(l.id())).build()).toList()));
    }
    List<Json> as = new ArrayList<>();
    for (Actor a : cb.actors()) {
      Json.ObjBuilder b = Json.obj().put("id", a.id()).put("name", a.name()).put("kind", a.kind());
      if (a.target() != null) {
        b.put("target", a.target());
      }
      as.add(b.put("aliases", strings(a.aliases())).build());
    }
    root.put("actors", Json.arr(as));
    List<Json> ps = new ArrayList<>();
    for (Position p : cb.positions()) {
      Json.ObjBuilder b = label(p.label(), false, false, editedExemplars && ekind.equals("position")
          && eid.equals(p.id())).put("narratives", strings(p.narratives()));
      ps.add(b.put("stance", stances(p.stance())).build());
    }
    root.put("positions", Json.arr(ps));
    root.put("polarity", Json.obj().put("before_negative", strings(cb.polarity().beforeNegative()))
        .put("before_positive", strings(cb.polarity().beforePositive()))
        .put("after_negative", strings(cb.polarity().afterNegative()))
        .put("after_positive", strings(cb.polarity().afterPositive())).build());
    return root.build();
  }

  private static Json.ObjBuilder label(Label l, boolean nearMisses, boolean stance, boolean keepEmptyExemplars) {
    Json.ObjBuilder b = Json.obj().put("id", l.id()).put("name", l.name());
    if (l.source() != null) {
      b.put("source", l.source());
    }
    b.put("definition", l.definition());
    if (!l.exemplars().isEmpty() || keepEmptyExemplars) {
      b.put("exemplars", strings(l.exemplars()));
    }
    if (nearMisses) {
      b.put("near_misses", strings(l.nearMisses()));
    }
    if (stance && !l.stance().isEmpty()) {
      b.put("stance", stances(l.stance()));
    }
    return b.put("cues", strings(l.cues()));
  }

  private static Json stances(Map<String, Stance> m) {
    Json.ObjBuilder b = Json.obj();
    new TreeMap<>(m).forEach((k, v) -> b.put(k, v.id()));
    return b.build();
  }

  private static Json strings(List<String> l) {
    return Json.arr(l.stream().map(Json::of).toList());
  }
}
