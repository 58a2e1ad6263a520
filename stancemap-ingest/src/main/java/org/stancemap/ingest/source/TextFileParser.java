package org.stancemap.ingest.source;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;
import org.stancemap.document.DocumentMeta;
import org.stancemap.document.SourceItem;
import org.stancemap.ingest.IngestResult;

/** Plain text, Markdown and HTML files, read by {@link org.stancemap.ingest.DocumentReader}. */
public final class TextFileParser implements FileParser {
  @Override
  public Set<String> extensions() {
    return Set.of("txt", "text", "md", "markdown", "html", "htm", "xhtml");
  }

  @Override
  public void parse(Path file, ImportContext context, Consumer<SourceEvent> sink) {
    String location = file.toString();
    switch (context.reader().read(location, InputStream.nullInputStream())) {
      case IngestResult.Loaded l -> sink.accept(new SourceEvent.Item(new SourceItem(location,
          Sources.sourceNameOf(file), l.document(), DocumentMeta.NONE.withTitle(l.document().title() != null
              ? l.document().title() : titleLine(l.document().text())))));
      case IngestResult.Failed f -> sink.accept(new SourceEvent.Failure(location, f.reason()));
    }
  }

  /**
   * The title of a plain-text or Markdown file: its first non-blank line when that reads like a title (a Markdown
   * heading, or at most 160 characters not ending in sentence punctuation), else null.
   */
  static String titleLine(String text) {
    for (String line : text.split("\n", 20)) {
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      boolean heading = t.startsWith("#");
      t = t.replaceFirst("^#{1,6}\\s*", "").strip();
      if (t.isEmpty() || t.length() > 160) {
        return null;
      }
      char last = t.charAt(t.length() - 1);
      return heading || ".,;:".indexOf(last) < 0 ? t : null;
    }
    return null;
  }
}
