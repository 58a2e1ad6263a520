package org.stancemap.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A report file ({@code analyze --out}, {@code eval --predictions}): the report streams into a temporary file in
 * the target's folder, moved over the target (atomically) only when complete, so memory stays flat however many
 * documents there are and the target is either whole or untouched. Closing without {@link #commit} deletes the
 * temporary file.
 */
final class ReportFile implements AutoCloseable {
  private final Path target;
  private final Path tmp;
  private final Writer writer;
  private boolean committed;

  private ReportFile(Path target, Path tmp) throws IOException {
    this.target = target;
    this.tmp = tmp;
    this.writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
  }

  static ReportFile beside(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    return new ReportFile(abs, org.stancemap.AtomicFiles.temporary(abs.getParent(), ".stancemap-"));
  }

  Writer writer() {
    return writer;
  }

  void commit() throws IOException {
    writer.close();
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      writer.close();
      Files.deleteIfExists(tmp);
    }
  }
}
