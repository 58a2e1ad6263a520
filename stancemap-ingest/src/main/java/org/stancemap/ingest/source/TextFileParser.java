package org.stancemap.ingest.source;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;
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
    switch (context.reader().read(location, java.io.InputStream.nullInputStream())) {
      case IngestResult.Loaded l -> sink.accept(new SourceEvent.Item(new SourceItem(location,
          Sources.sourceNameOf(file), l.document(), ItemMeta.NONE.withTitle(l.document().title()))));
      case IngestResult.Failed f -> sink.accept(new SourceEvent.Failure(location, f.reason()));
    }
  }
}
