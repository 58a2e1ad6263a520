package org.stancemap.sources.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.stancemap.InvalidInputException;
import org.stancemap.document.Dates;
import org.stancemap.document.Document;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.source.FileParser;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.sources.Items;

/**
 * Word documents (docx), read straight from the zip: the paragraphs of {@code word/document.xml} (text runs, tabs,
 * line breaks; {@code Title} and {@code HeadingN} styles become Markdown headings) and title, author and creation
 * date from {@code docProps/core.xml}.
 *
 * <p>Zip-bomb defences, checked on the bytes actually inflated (entry headers can lie): at most
 * {@value #MAX_ENTRIES} entries; at most {@code max(64 MiB, 10 × size limit)} inflated in all; an entry that
 * inflates past 1 MiB may do so at a ratio of at most {@value #MAX_RATIO}:1 to its compressed size. XML is read with
 * StAX with DTDs and external entities switched off. Any breach, a corrupt zip or malformed XML is a failure naming
 * the file. Stateless and thread-safe.
 */
public final class DocxParser implements FileParser {
  static final int MAX_ENTRIES = 5000;
  static final int MAX_RATIO = 100;
  private static final long RATIO_GRACE = 1L << 20;
  private static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

  @Override
  public Set<String> extensions() {
    return Set.of("docx");
  }

  @Override
  public void parse(Path file, ImportContext context, Consumer<SourceEvent> sink) {
    String location = file.toString();
    try {
      Extracted x = extract(file, context.maxBytes());
      Document d = Items.text(context, location, x.text(), x.ext());
      sink.accept(new SourceEvent.Item(new SourceItem(location, Paths.sourceName(file), d,
          DocumentMeta.fromSource(null, Items.first(x.title(), d.title()), x.author(), x.published(), null, null, null,
              Map.of("format", "docx")))));
    } catch (InvalidInputException e) {
      sink.accept(new SourceEvent.Failure(location, e.getMessage()));
    }
  }

  /**
   * The text and properties of a docx file.
   *
   * @throws InvalidInputException if the file is too large, not a zip, a zip bomb, or has no readable document
   */
  public static Extracted extract(Path file, long maxBytes) {
    String location = file.toString();
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new InvalidInputException(location + ": is " + DocumentReader.mb(size) + ", over the limit of "
            + DocumentReader.mb(maxBytes) + " per file; raise it with --max-bytes");
      }
    } catch (IOException e) {
      throw new InvalidInputException(location + ": cannot read: " + e.getMessage(), e);
    }
    long budget = Math.max(64L << 20, 10 * maxBytes);
    long[] inflated = {0};
    try (ZipFile zip = new ZipFile(file.toFile())) {
      int entries = 0;
      for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); en.nextElement()) {
        if (++entries > MAX_ENTRIES) {
          throw new InvalidInputException(location + ": refused: the docx holds more than " + MAX_ENTRIES
              + " zip entries (a zip bomb?)");
        }
      }
      ZipEntry body = zip.getEntry("word/document.xml");
      if (body == null) {
        throw new InvalidInputException(location + ": not a Word document: the zip has no word/document.xml");
      }
      String text;
      try (InputStream in = guarded(zip, body, budget, inflated, location)) {
        text = FileSupport.tidy(documentText(in, location));
      }
      String title = null;
      String author = null;
      Instant created = null;
      ZipEntry core = zip.getEntry("docProps/core.xml");
      if (core != null) {
        try (InputStream in = guarded(zip, core, budget, inflated, location)) {
          Map<String, String> props = coreProperties(in, location);
          title = props.get("title");
          author = props.get("creator");
          created = Dates.parse(props.get("created"));
        }
      }
      if (text.isBlank()) {
        throw new InvalidInputException(location + ": the Word document contains no text");
      }
      return new Extracted(text, "md", title, author, created);
    } catch (ZipException e) {
      throw new InvalidInputException(location + ": not a readable docx (corrupt zip): " + e.getMessage(), e);
    } catch (IOException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      if (e.getCause() instanceof InvalidInputException iie) {
        throw iie;
      }
      throw new InvalidInputException(location + ": not a readable docx: " + m, e);
    }
  }

  private static InputStream guarded(ZipFile zip, ZipEntry e, long budget, long[] inflated, String location)
      throws IOException {
    long compressed = Math.max(1, e.getCompressedSize());
    String name = e.getName();
    return new FilterInputStream(zip.getInputStream(e)) {
      private long mine;

      private void count(long n) throws IOException {
        if (n <= 0) {
          return;
        }
        mine += n;
        inflated[0] += n;
        if (inflated[0] > budget) {
          throw new IOException(location + ": refused: the docx inflates to more than " + DocumentReader.mb(budget)
              + " (a zip bomb?)", new InvalidInputException(location + ": refused: the docx inflates to more than "
              + DocumentReader.mb(budget) + " (a zip bomb?)"));
        }
        if (mine > RATIO_GRACE && mine / compressed > MAX_RATIO) {
          String m = location + ": refused: " + name + " inflates more than " + MAX_RATIO + " times its compressed size"
              + " of " + DocumentReader.mb(compressed) + " (a zip bomb?)";
          throw new IOException(m, new InvalidInputException(m));
        }
      }

      @Override
      public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
          count(1);
        }
        return c;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        count(n);
        return n;
      }
    };
  }

  static XMLInputFactory safeXml() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    return f;
  }

  private static String documentText(InputStream in, String location) throws IOException {
    StringBuilder out = new StringBuilder();
    StringBuilder para = new StringBuilder();
    String style = null;
    try {
      XMLStreamReader x = safeXml().createXMLStreamReader(in);
      boolean inText = false;
      int tableDepth = 0;
      while (x.hasNext()) {
        int ev = x.next();
        if (ev == XMLStreamConstants.START_ELEMENT && W.equals(x.getNamespaceURI())) {
          switch (x.getLocalName()) {
            case "p" -> {
              para.setLength(0);
              style = null;
            }
            case "pStyle" -> style = x.getAttributeValue(W, "val");
            case "t" -> inText = true;
            case "tab" -> para.append('\t');
            case "br", "cr" -> para.append('\n');
            case "tbl" -> tableDepth++;
            default -> {
              // other elements carry formatting only
            }
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT && W.equals(x.getNamespaceURI())) {
          switch (x.getLocalName()) {
            case "t" -> inText = false;
            case "tbl" -> tableDepth--;
            case "p" -> {
              String p = para.toString().strip();
              if (!p.isEmpty()) {
                int level = headingLevel(style);
                if (level > 0 && tableDepth == 0 && !p.contains("\n")) {
                  out.append("#".repeat(level)).append(' ');
                }
                out.append(p).append("\n\n");
              }
            }
            default -> {
              // nothing to close
            }
          }
        } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) && inText) {
          para.append(x.getText());
        } else if (ev == XMLStreamConstants.DTD) {
          throw new InvalidInputException(location + ": refused: word/document.xml has a DOCTYPE declaration");
        }
      }
      x.close();
    } catch (XMLStreamException e) {
      if (e.getNestedException() instanceof IOException io) {
        throw io;
      }
      throw new InvalidInputException(location + ": not a readable docx: word/document.xml is malformed XML: "
          + e.getMessage(), e);
    }
    return out.toString();
  }

  private static int headingLevel(String style) {
    if (style == null) {
      return 0;
    }
    if (style.equalsIgnoreCase("Title")) {
      return 1;
    }
    Matcher m = Pattern.compile("(?i)^heading\\s*([1-6])$").matcher(style);
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static Map<String, String> coreProperties(InputStream in, String location) throws IOException {
    Map<String, String> props = new HashMap<>();
    try {
      XMLStreamReader x = safeXml().createXMLStreamReader(in);
      String current = null;
      StringBuilder value = new StringBuilder();
      while (x.hasNext()) {
        int ev = x.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          current = x.getLocalName();
          value.setLength(0);
        } else if (ev == XMLStreamConstants.CHARACTERS && current != null) {
          value.append(x.getText());
        } else if (ev == XMLStreamConstants.END_ELEMENT && current != null) {
          if (!value.isEmpty()) {
            props.putIfAbsent(current, value.toString().strip());
          }
          current = null;
        }
      }
    } catch (XMLStreamException e) {
      if (e.getNestedException() instanceof IOException io) {
        throw io;
      }
      // broken properties do not make the document unreadable
    }
    return props;
  }
}
