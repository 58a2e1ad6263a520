package org.stancemap.sources;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.stancemap.document.Document;
import org.stancemap.ingest.source.ImportContext;

/** Small helpers shared by the sources: documents from extracted text, and notes added to a document. */
public final class Items {
  private Items() {}

  /**
   * A document from text a parser extracted (PDF, docx, a CSV cell, OCR), read by the context's reader as plain
   * text ({@code md} for Markdown headings) so that line endings and language detection are the same everywhere.
   *
   * @throws org.stancemap.InvalidInputException if the text is empty or blank
   */
  public static Document text(ImportContext context, String location, String text, String ext) {
    return context.reader().document(location, text.getBytes(StandardCharsets.UTF_8), ext);
  }

  /** {@code d} with {@code note} appended to its notes (documents are immutable). */
  public static Document withNote(Document d, String note) {
    if (note == null || note.isBlank()) {
      return d;
    }
    List<String> notes = new ArrayList<>(d.notes());
    notes.add(note);
    return new Document(d.id(), d.source(), d.text(), d.format(), d.language(), d.title(), d.regions(),
        d.furniture(), notes);
  }

  /** The first argument that is neither null nor blank, or null. */
  public static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
