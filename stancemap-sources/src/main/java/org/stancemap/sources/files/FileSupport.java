package org.stancemap.sources.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.stancemap.InvalidInputException;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;

/** Size-checked file reading shared by the parsers. */
final class FileSupport {
  private FileSupport() {}

  /** A parser of a whole export given as bytes, named by {@code location} (a path or a URI). */
  interface BytesParser {
    void parse(String location, String sourceName, byte[] bytes, ImportContext context, Consumer<SourceEvent> sink);
  }

  /**
   * Reads local {@code file} (size-checked) and hands its bytes to {@code parser}, named by its path and its folder;
   * a file that cannot be read is one failure.
   */
  static void parseFile(Path file, ImportContext context, Consumer<SourceEvent> sink, BytesParser parser) {
    byte[] bytes;
    try {
      bytes = read(file, context.maxBytes());
    } catch (InvalidInputException e) {
      sink.accept(new SourceEvent.Failure(file.toString(), e.getMessage()));
      return;
    }
    parser.parse(file.toString(), Paths.sourceName(file), bytes, context, sink);
  }

  /**
   * The bytes of {@code file}, refused when it is larger than {@code maxBytes}.
   *
   * @throws InvalidInputException if the file is missing, unreadable or too large
   */
  static byte[] read(Path file, long maxBytes) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException(file + ": not a regular file");
      }
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new InvalidInputException(file + ": is " + DocumentReader.mb(size) + ", over the limit of " + DocumentReader.mb(maxBytes)
            + " per file; raise it with --max-bytes");
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (b.length > maxBytes) {
          throw new InvalidInputException(file + ": is over the limit of " + DocumentReader.mb(maxBytes)
              + " per file; raise it with --max-bytes");
        }
        return b;
      }
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Blank lines collapsed to one, trailing spaces removed, CR removed, ends stripped. */
  static String tidy(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n').replaceAll("[ \\t\\u00A0]+\n", "\n")
        .replaceAll("\n{3,}", "\n\n").strip();
  }
}
