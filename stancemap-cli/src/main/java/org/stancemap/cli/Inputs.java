package org.stancemap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.stancemap.ingest.DocumentReader;
import org.stancemap.ingest.IngestResult;
import org.stancemap.ingest.source.FileParser;
import org.stancemap.ingest.source.ImportContext;
import org.stancemap.ingest.source.SourceEvent;
import org.stancemap.ingest.source.Sources;
import org.stancemap.ingest.source.TextFileParser;
import org.stancemap.sources.Items;

/**
 * The inputs of {@code analyze}, {@code ask} and {@code explain}: files, folders and standard input, read with the
 * same parser registry as {@code import} ({@link Sources}). Text, Markdown and HTML are read by the
 * {@link DocumentReader} as before; PDF, docx and images (OCR) by their parsers, each document noting the format it
 * was read from; an export of posts (CSV, JSON Lines, Telegram JSON) named as an input gives one document per post.
 *
 * <p>Design decision: a folder is walked for documents (text, Markdown, HTML, PDF, docx, images), not for exports of
 * posts: a folder of texts often holds data files beside them (coded training data, metadata) that are not texts to
 * analyse. Such files are counted in a note; naming one as an input reads it.
 */
final class Inputs {
  /** Extensions whose files are exports of many posts, read only when named. */
  private static final Set<String> EXPORTS = Set.of("csv", "jsonl", "ndjson", "json");

  /** What each non-text parser's documents are noted as. */
  private static final Map<String, String> FORMATS = Map.ofEntries(Map.entry("pdf", "PDF"),
      Map.entry("docx", "a Word document (docx)"), Map.entry("csv", "a CSV export of posts"),
      Map.entry("jsonl", "a JSON Lines export of posts"), Map.entry("ndjson", "a JSON Lines export of posts"),
      Map.entry("json", "a Telegram export"));

  private final DocumentReader reader;
  private final Sources sources;
  private final ImportContext context;

  Inputs(DocumentReader reader, long maxBytes) {
    this.reader = reader;
    this.sources = Sources.discover();
    this.context = new ImportContext(reader, maxBytes, false, Map.of(), null);
  }

  /** The files an argument stands for: itself, or the documents of a folder. Notes what a folder walk skips. */
  List<String> expand(String arg, Consumer<String> notes) {
    if (arg.equals("-")) {
      return List.of("-");
    }
    Path p = Path.of(arg);
    if (!Files.isDirectory(p)) {
      return List.of(arg);
    }
    List<String> out = new ArrayList<>();
    int exports = 0;
    int other = 0;
    try {
      for (Path f : DocumentReader.files(p)) {
        String ext = DocumentReader.extension(f.toString());
        if (EXPORTS.contains(ext)) {
          exports++;
        } else if (sources.parser(ext).isPresent()) {
          out.add(f.toString());
        } else {
          other++;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      notes.accept(arg + ": cannot list the directory: " + e.getMessage());
    }
    if (exports > 0) {
      notes.accept(arg + ": skipped " + exports + " export file(s) of posts (.csv, .jsonl, .json); name one as an "
          + "input to analyse each of its posts");
    }
    if (other > 0) {
      notes.accept(arg + ": skipped " + other + " file(s) of a type no reader knows (readable: "
          + String.join(", ", new TreeSet<>(sources.extensions())) + ")");
    }
    return out;
  }

  /**
   * Every document of one input, or why it could not be read: one for a text, PDF, docx or image file, one per post
   * for an export. Never throws for bad content.
   */
  List<IngestResult> read(String file, InputStream stdin) {
    if (file.equals("-")) {
      return List.of(reader.read(file, stdin));
    }
    String ext = DocumentReader.extension(file);
    Optional<FileParser> parser = sources.parser(ext);
    if (parser.isEmpty() || parser.get() instanceof TextFileParser) {
      return List.of(reader.read(file, stdin));
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      return List.of(reader.read(file, stdin)); // its message for a missing file or a folder
    }
    List<IngestResult> out = new ArrayList<>();
    String format = FORMATS.get(ext);
    try {
      parser.get().parse(path, context, e -> out.add(switch (e) {
        case SourceEvent.Item i -> new IngestResult.Loaded(format == null ? i.item().document()
            : Items.withNote(i.item().document(), "read from " + format));
        case SourceEvent.Failure f -> new IngestResult.Failed(f.location(), f.reason());
      }));
    } catch (RuntimeException e) {
      out.add(new IngestResult.Failed(file, file + ": could not be processed: " + e));
    }
    if (out.isEmpty()) {
      out.add(new IngestResult.Failed(file, file + ": no text found in it"));
    }
    return out;
  }
}
