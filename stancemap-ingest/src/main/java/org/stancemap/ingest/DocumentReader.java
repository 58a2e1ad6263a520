package org.stancemap.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.stancemap.InvalidInputException;
import org.stancemap.document.Document;

/**
 * Turns command-line inputs (files, directories walked recursively in name order, {@code -} for standard input)
 * into documents, one at a time: a failure on one input is reported and the others still run. Directories
 * contribute files with text, Markdown and HTML extensions; a file named explicitly is read whatever its
 * extension, its format sniffed from its content.
 */
public final class DocumentReader {
  /** Default upper bound on the bytes of one input. */
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
  static final Set<String> TEXT = Set.of("txt", "text");
  static final Set<String> MARKDOWN = Set.of("md", "markdown");
  static final Set<String> HTML = Set.of("html", "htm", "xhtml");

  private final TextDecoder decoder = new TextDecoder();
  private final HtmlExtractor html = new HtmlExtractor();
  private final LanguageDetector languages;
  private final long maxBytes;
  private final Charset encoding;

  /**
   * @param maxBytes inputs larger than this are refused with a message (not truncated)
   * @param encoding a charset to use instead of detection, or null
   */
  public DocumentReader(LanguageDetector languages, long maxBytes, Charset encoding) {
    this.languages = languages;
    this.maxBytes = maxBytes;
    this.encoding = encoding;
  }

  /** The files an argument stands for: itself, or a directory's text files. Notes skipped files. */
  public List<String> expand(String arg, Consumer<String> notes) {
    if (arg.equals("-")) {
      return List.of("-");
    }
    Path p = Path.of(arg);
    if (!Files.isDirectory(p)) {
      return List.of(arg);
    }
    List<String> out = new ArrayList<>();
    int skipped = 0;
    try {
      for (Path f : files(p)) {
        String ext = extension(f.getFileName().toString());
        if (TEXT.contains(ext) || MARKDOWN.contains(ext) || HTML.contains(ext)) {
          out.add(f.toString());
        } else {
          skipped++;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      notes.accept(arg + ": cannot list the directory: " + e.getMessage());
    }
    if (skipped > 0) {
      notes.accept(arg + ": skipped " + skipped + " file(s) that are not .txt, .md or .html");
    }
    return out;
  }

  /**
   * The regular files under folder {@code dir}, in name order, leaving out hidden ones (a name, or a folder on the
   * way, starting with {@code .}) and names holding NUL. Every command that walks a folder of inputs uses it.
   */
  public static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> dir.relativize(f).toString().chars().noneMatch(c -> c == 0) && !hidden(dir.relativize(f)))
          .sorted()
          .toList();
    }
  }

  private static boolean hidden(Path rel) {
    for (Path part : rel) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Reads one input; never throws for bad content. */
  public IngestResult read(String source, InputStream stdin) {
    try {
      byte[] bytes = source.equals("-") ? readCapped(stdin, "standard input") : readFile(Path.of(source));
      return new IngestResult.Loaded(document(source, bytes, extension(source)));
    } catch (InvalidInputException e) {
      return new IngestResult.Failed(source, e.getMessage());
    } catch (IOException e) {
      return new IngestResult.Failed(source, source + ": cannot read: " + e.getMessage());
    } catch (org.stancemap.ModelLoadException e) {
      throw e; // the language model failed to load: no input can be read, so this ends the run
    } catch (RuntimeException e) {
      // Any other failure on one input must not stop the others; say what it was.
      return new IngestResult.Failed(source, source + ": could not be processed: " + e);
    }
  }

  /** Builds a document from bytes; {@code ext} (may be empty) hints at the format. */
  public Document document(String source, byte[] bytes, String ext) {
    if (bytes.length == 0) {
      throw new InvalidInputException(source + ": is empty (0 bytes); nothing to analyse");
    }
    Decoded d = decoder.decode(bytes, source, encoding);
    List<String> notes = new ArrayList<>();
    if (d.note() != null) {
      notes.add(d.note());
    }
    String text = d.text();
    boolean isHtml = HTML.contains(ext) || !TEXT.contains(ext) && !MARKDOWN.contains(ext) && looksLikeHtml(text);
    if (isHtml) {
      HtmlExtractor.Extracted x = html.extract(text);
      if (x.text().isBlank()) {
        throw new InvalidInputException(source + ": no readable text after removing scripts, styles, navigation and "
            + "other page furniture");
      }
      return new Document(Document.idOf(x.text()), source, x.text(), Document.Format.HTML,
          languages.detect(x.text()), x.title(), x.regions(), x.furniture(), notes);
    }
    text = text.replace("\r\n", "\n").replace('\r', '\n');
    if (text.isBlank()) {
      throw new InvalidInputException(source + ": contains only whitespace; nothing to analyse");
    }
    Document.Format format = MARKDOWN.contains(ext) ? Document.Format.MARKDOWN : Document.Format.TEXT;
    if (d.note() == null && !d.charset().equals("UTF-8")) {
      notes.add("decoded as " + d.charset());
    }
    return new Document(Document.idOf(text), source, text, format, languages.detect(text), null, List.of(),
        List.of(), notes);
  }

  private static boolean looksLikeHtml(String text) {
    String head = text.substring(0, Math.min(text.length(), 2048)).toLowerCase(Locale.ROOT);
    return head.contains("<!doctype html") || head.contains("<html") || head.contains("<body")
        || head.contains("<p>") && head.contains("</p>");
  }

  private byte[] readFile(Path p) throws IOException {
    if (!Files.exists(p)) {
      throw new InvalidInputException(p + ": no such file or directory");
    }
    if (!Files.isRegularFile(p)) {
      throw new InvalidInputException(p + ": not a regular file");
    }
    long size = Files.size(p);
    if (size > maxBytes) {
      throw new InvalidInputException(p + ": is " + mb(size) + ", over the limit of " + mb(maxBytes)
          + " per document; split it, or raise the limit with --max-bytes");
    }
    try (InputStream in = Files.newInputStream(p)) {
      return readCapped(in, p.toString());
    }
  }

  private byte[] readCapped(InputStream in, String source) throws IOException {
    byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (b.length > maxBytes) {
      throw new InvalidInputException(source + ": is over the limit of " + mb(maxBytes)
          + " per document; split it, or raise the limit with --max-bytes");
    }
    return b;
  }

  /** A size as a person reads it: bytes, KB or MB (one decimal). Shared by every reader that enforces a limit. */
  public static String mb(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
  }

  /** The lower-case extension of a file name or path ({@code a/b.HTML}: {@code html}), or empty. */
  public static String extension(String name) {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    int dot = name.lastIndexOf('.');
    return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }
}
