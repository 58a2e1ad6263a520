package org.stancemap.sources.files;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Calendar;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.stancemap.InvalidInputException;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.source.FileParser;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.sources.Items;

/**
 * PDF files, read with Apache PDFBox 3: the text layer in reading order, one blank line between paragraphs and
 * pages; title, author and creation date from the document information. A PDF without a text layer (a scan), a
 * password-protected or corrupt one is a failure naming the file. PDFBox keeps at most 64 MiB (or 8 × the size
 * limit, whichever is larger) of decoded streams in memory, so a stream that inflates without bound is refused.
 * Stateless and thread-safe.
 */
public final class PdfParser implements FileParser {
  @Override
  public Set<String> extensions() {
    return Set.of("pdf");
  }

  @Override
  public void parse(Path file, ImportContext context, Consumer<SourceEvent> sink) {
    String location = file.toString();
    try {
      Extracted x = extract(FileSupport.read(file, context.maxBytes()), location);
      Document d = Items.text(context, location, x.text(), x.ext());
      sink.accept(new SourceEvent.Item(new SourceItem(location, Paths.sourceName(file), d,
          DocumentMeta.fromSource(null, Items.first(x.title(), d.title()), x.author(), x.published(), null, null, null,
              Map.of("format", "pdf")))));
    } catch (InvalidInputException e) {
      sink.accept(new SourceEvent.Failure(location, e.getMessage()));
    }
  }

  /**
   * The text and properties of a PDF.
   *
   * @throws InvalidInputException if it is not a readable PDF or has no text layer
   */
  public static Extracted extract(byte[] bytes, String location) {
    long cache = Math.max(64L << 20, 8L * bytes.length);
    try (PDDocument doc = Loader.loadPDF(bytes, "", null, null, MemoryUsageSetting.setupMainMemoryOnly(cache).streamCache)) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      stripper.setLineSeparator("\n");
      stripper.setParagraphStart("");
      stripper.setParagraphEnd("\n");
      stripper.setPageEnd("\n\n");
      String text = FileSupport.tidy(stripper.getText(doc));
      if (text.isBlank()) {
        throw new InvalidInputException(location + ": the PDF has no text layer (" + doc.getNumberOfPages()
            + " page(s), perhaps scanned images); OCR its pages as PNG or JPEG images instead");
      }
      PDDocumentInformation info = doc.getDocumentInformation();
      return new Extracted(text, "txt", Items.first(info.getTitle()), Items.first(info.getAuthor()),
          instant(info.getCreationDate()));
    } catch (InvalidPasswordException e) {
      throw new InvalidInputException(location + ": the PDF is password-protected; remove the password first", e);
    } catch (IOException e) {
      throw new InvalidInputException(location + ": not a readable PDF (corrupt or truncated): " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof InvalidInputException iie) {
        throw iie;
      }
      throw new InvalidInputException(location + ": not a readable PDF: " + e, e);
    }
  }

  private static Instant instant(Calendar c) {
    return c == null ? null : c.toInstant();
  }
}
