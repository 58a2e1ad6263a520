package org.stancemap.document;

import java.util.List;
import java.util.Objects;
import org.stancemap.text.Hashing;
import org.stancemap.text.Region;
import org.stancemap.text.Span;

/**
 * A text to analyse, after decoding and markup removal. All spans of an analysis index into {@link #text()}.
 *
 * @param id content-derived id: the first 16 hex digits of the SHA-256 of the text
 * @param source where the text came from: a path, a URL, or {@code -} for standard input
 * @param format the input format the text was extracted from
 * @param language ISO 639-3 code of the detected language ({@code und} when too short to tell)
 * @param title the title the markup gave, or null
 * @param regions structural hints for the segmenter
 * @param furniture spans of page furniture (bylines, comment headers) that are not units
 * @param notes what ingest noticed and the user should know (encoding fallbacks, dropped markup)
 */
public record Document(
    String id,
    String source,
    String text,
    Format format,
    String language,
    String title,
    List<Region> regions,
    List<Span> furniture,
    List<String> notes) {

  /** Input formats. */
  public enum Format {
    TEXT,
    MARKDOWN,
    HTML
  }

  public Document {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(language, "language");
    regions = List.copyOf(regions);
    furniture = List.copyOf(furniture);
    notes = List.copyOf(notes);
    for (Region r : regions) {
      if (r.span().end() > text.length()) {
        throw new IllegalArgumentException("region " + r.span() + " ends after the text (length " + text.length() + ")");
      }
    }
  }

  /** A plain-text document with no hints, language to be filled in by the caller. */
  public static Document ofText(String source, String text, String language) {
    return new Document(idOf(text), source, text, Format.TEXT, language, null, List.of(), List.of(), List.of());
  }

  public Document withLanguage(String lang) {
    return new Document(id, source, text, format, lang, title, regions, furniture, notes);
  }

  /** The content id of a text. */
  public static String idOf(String text) {
    return Hashing.sha256(text).substring(0, 16);
  }
}
