package org.stancemap.store.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Position;
import org.stancemap.codebook.Target;
import org.stancemap.store.DocumentDetail;
import org.stancemap.store.DocumentQuery;
import org.stancemap.store.Entry;
import org.stancemap.store.LabelKind;
import org.stancemap.store.LabelRow;
import org.stancemap.store.Store;
import org.stancemap.store.StoredDocument;
import org.stancemap.store.UnitRow;
import org.stancemap.text.Span;

/**
 * A REFI-QDA project (QDPX, Project schema 1.0, namespace {@code urn:QDA-XML:project:1.0}): a zip holding
 * {@code project.qde} and {@code Sources/<guid>.txt}, one UTF-8 plain-text source per current, analysed document.
 *
 * <p>Codes: {@code stance/<target>/<label>}, {@code narrative/<id>}, {@code technique/<id>}, {@code
 * position/<id>}, {@code role/<id>}, taken from the codebook and from the labels found in the store; the group
 * codes ({@code stance}, {@code stance/<target>}, ...) are not codable. Each unit-level label becomes a coding of
 * its evidence sentences (a unit's position: of the whole unit); codings of the same span share one {@code
 * PlainTextSelection}. Positions are counted in Unicode code points, as REFI-QDA counts characters. GUIDs are
 * name-based (UUID v3) on the code path, the document's content hash and the span, so the same store always gives
 * the same GUIDs.
 */
public final class QdpxExport {
  private QdpxExport() {}

  static final String NS = "urn:QDA-XML:project:1.0";

  static String guid(String name) {
    return UUID.nameUUIDFromBytes(("stancemap:" + name).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** A code of the tree: its path, display name, description and whether it can be coded. */
  private record Code(String path, String name, String description, boolean codable) {}

  static Exports.Summary write(Store store, Codebook codebook, OutputStream os) throws IOException {
    Map<String, Code> codes = codes(codebook, store.labelKinds());
    String user = guid("user");
    String now = millis(Instant.now());
    Path sourcesXml = Files.createTempFile("stancemap-qdpx-", ".xml");
    long docs = 0;
    long rows = 0;
    long unanalysed = 0;
    try {
      ZipOutputStream zip = new ZipOutputStream(os, StandardCharsets.UTF_8);
      try (Writer sx = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(sourcesXml),
          StandardCharsets.UTF_8));
          Stream<Entry> s = store.stream(DocumentQuery.current().withText(false))) {
        for (Entry e : (Iterable<Entry>) s::iterator) {
          if (e.analysis() == null) {
            unanalysed++;
            continue;
          }
          DocumentDetail d = store.document(e.document().id()).orElseThrow();
          StoredDocument doc = d.document();
          String sg = guid("source:" + doc.contentHash());
          zip.putNextEntry(new ZipEntry("Sources/" + sg + ".txt"));
          zip.write(doc.text().getBytes(StandardCharsets.UTF_8));
          zip.closeEntry();
          String created = millis(d.analysis().created());
          sx.write("    <TextSource guid=\"" + sg + "\" name=\"" + attr(doc.title() != null ? doc.title()
              : doc.location()) + "\" plainTextPath=\"internal://" + sg + ".txt\" creatingUser=\"" + user
              + "\" creationDateTime=\"" + millis(doc.importedAt()) + "\">\n");
          sx.write("      <Description>" + text("location: " + doc.location() + "; source: " + doc.source()
              + (doc.url() != null ? "; url: " + doc.url() : "") + (doc.author() != null ? "; author: " + doc.author()
              : "") + (doc.published() != null ? "; published: " + doc.published() : "") + "; stancemap id: "
              + doc.contentId() + "; model: " + d.analysis().key().modelId()) + "</Description>\n");
          for (Map.Entry<Span, List<String>> sel : selections(d).entrySet()) {
            Span span = sel.getKey();
            int start = doc.text().codePointCount(0, span.start());
            int end = start + doc.text().codePointCount(span.start(), span.end());
            String selGuid = guid("selection:" + doc.contentHash() + ":" + span.start() + "-" + span.end());
            sx.write("      <PlainTextSelection guid=\"" + selGuid + "\" name=\"" + attr(String.join(", ", sel.getValue()))
                + "\" startPosition=\"" + start + "\" endPosition=\"" + end + "\" creatingUser=\"" + user
                + "\" creationDateTime=\"" + created + "\">\n");
            for (String path : sel.getValue()) {
              if (!codes.containsKey(path)) {
                continue;
              }
              sx.write("        <Coding guid=\"" + guid("coding:" + selGuid + ":" + path) + "\" creatingUser=\""
                  + user + "\" creationDateTime=\"" + created + "\"><CodeRef targetGUID=\"" + guid("code:" + path)
                  + "\"/></Coding>\n");
              rows++;
            }
            sx.write("      </PlainTextSelection>\n");
          }
          sx.write("    </TextSource>\n");
          docs++;
        }
      }
      zip.putNextEntry(new ZipEntry("project.qde"));
      Writer px = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
      px.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"" + NS + "\" name=\""
          + attr("Stancemap export (" + codebook.ref() + ")") + "\" origin=\"Stancemap\" creatingUserGUID=\"" + user
          + "\" creationDateTime=\"" + now + "\">\n  <Users>\n    <User guid=\"" + user
          + "\" name=\"Stancemap\"/>\n  </Users>\n  <CodeBook>\n    <Codes>\n");
      writeCodes(px, codes, "", 3);
      px.write("    </Codes>\n  </CodeBook>\n");
      if (docs > 0) { // the schema's Sources holds at least one source
        px.write("  <Sources>\n");
        px.flush();
        Files.copy(sourcesXml, zip);
        px.write("  </Sources>\n");
      }
      px.write("  <Description>" + text("Exported by Stancemap: " + docs + " documents; codes from "
          + codebook.ref() + " and the labels in the store") + "</Description>\n</Project>\n");
      px.flush();
      zip.closeEntry();
      zip.finish();
    } finally {
      Files.deleteIfExists(sourcesXml);
    }
    return new Exports.Summary(docs, rows, unanalysed);
  }

  /** Code paths of a document's unit-level labels, by evidence span (sorted by position). */
  private static Map<Span, List<String>> selections(DocumentDetail d) {
    Map<Span, List<String>> out = new TreeMap<>();
    Map<String, UnitRow> units = new LinkedHashMap<>();
    d.units().forEach(u -> units.put(u.unitId(), u));
    for (LabelRow l : d.labels()) {
      if (l.unitId() == null) {
        continue;
      }
      String path = path(l.dimension(), l.target(), l.label());
      if (path == null) {
        continue;
      }
      List<Span> spans = l.evidence();
      if (l.dimension().equals(LabelRow.POSITION)) {
        UnitRow u = units.get(l.unitId());
        if (u == null || l.label().equals("unrelated")) {
          continue;
        }
        spans = List.of(new Span(u.start(), u.end()));
      }
      for (Span s : spans) {
        if (s.end() > d.document().text().length() || s.length() == 0) {
          continue;
        }
        List<String> paths = out.computeIfAbsent(s, k -> new ArrayList<>());
        if (!paths.contains(path)) {
          paths.add(path);
        }
      }
    }
    return out;
  }

  private static String path(String dimension, String target, String label) {
    return switch (dimension) {
      case LabelRow.STANCE -> label.equals("none") ? null : "stance/" + target + "/" + label;
      case LabelRow.NARRATIVE, LabelRow.TECHNIQUE, LabelRow.POSITION, LabelRow.ROLE -> dimension + "/" + label;
      default -> null;
    };
  }

  private static Map<String, Code> codes(Codebook cb, List<LabelKind> found) {
    Map<String, Code> codes = new TreeMap<>();
    group(codes, "stance", "Stance toward each target");
    for (Target t : cb.targets()) {
      group(codes, "stance/" + t.id(), t.name() != null ? t.name() : t.id());
      for (String s : List.of("favor", "against")) {
        // unique names: QualCoder and other importers key codes by name, not by GUID
        codes.put("stance/" + t.id() + "/" + s, new Code("stance/" + t.id() + "/" + s, t.id() + ": " + s,
            s + " " + (t.name() != null ? t.name() : t.id()), true));
      }
    }
    group(codes, "narrative", "Narratives");
    cb.narratives().forEach(l -> label(codes, "narrative", l));
    group(codes, "technique", "Persuasion techniques");
    cb.techniques().forEach(l -> label(codes, "technique", l));
    group(codes, "role", "Roles given to actors");
    cb.roles().forEach(l -> label(codes, "role", l));
    group(codes, "position", "Positions in the debate");
    for (Position p : cb.positions()) {
      if (!p.id().equals("unrelated")) {
        codes.put("position/" + p.id(), new Code("position/" + p.id(), p.id(),
            p.label() != null ? p.label().name() + ": " + p.label().definition() : p.id(), true));
      }
    }
    for (LabelKind k : found) {
      String path = path(k.dimension(), k.target(), k.label());
      if (path == null || codes.containsKey(path) || k.dimension().equals(LabelRow.POSITION)
          && k.label().equals("unrelated")) {
        continue;
      }
      if (k.dimension().equals(LabelRow.STANCE)) {
        group(codes, "stance/" + k.target(), k.target());
      }
      codes.put(path, new Code(path, k.label(), "found in the store, not in codebook " + cb.ref(), true));
    }
    return codes;
  }

  private static void group(Map<String, Code> codes, String path, String description) {
    codes.putIfAbsent(path, new Code(path, path.substring(path.lastIndexOf('/') + 1), description, false));
  }

  private static void label(Map<String, Code> codes, String dimension, Label l) {
    codes.put(dimension + "/" + l.id(), new Code(dimension + "/" + l.id(), l.id(), l.name() + ": " + l.definition(),
        true));
  }

  /** Writes the codes under {@code parent} ("" for the roots), nested. */
  private static void writeCodes(Writer w, Map<String, Code> codes, String parent, int depth) throws IOException {
    String indent = "  ".repeat(depth);
    for (Code c : codes.values()) {
      String p = c.path();
      int slash = p.lastIndexOf('/');
      String parentOf = slash < 0 ? "" : p.substring(0, slash);
      if (!parentOf.equals(parent)) {
        continue;
      }
      w.write(indent + "<Code guid=\"" + guid("code:" + p) + "\" name=\"" + attr(c.name()) + "\" isCodable=\""
          + c.codable() + "\">\n" + indent + "  <Description>" + text(c.description()) + "</Description>\n");
      writeCodes(w, codes, p, depth + 1);
      w.write(indent + "</Code>\n");
    }
  }

  /** Escaped for XML text; characters XML 1.0 cannot hold are dropped. */
  static String text(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        default -> {
          if (c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
              || c >= 0x10000 && c <= 0x10FFFF) {
            sb.appendCodePoint(c);
          }
        }
      }
    });
    return sb.toString();
  }

  static String attr(String s) {
    return text(s).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
  }

  /** An instant to the millisecond (xs:dateTime; stricter parsers refuse nine fractional digits). */
  static String millis(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }
}
