package org.stancemap.store.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;
import org.stancemap.codebook.Codebook;
import org.stancemap.store.Store;

/** Runs an export into a file atomically and says how much it wrote. */
public final class Exports {
  private Exports() {}

  /** The export formats. */
  public enum Format {
    CSV, JSONL, HTML, QDPX;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What an export wrote: documents, rows (units for CSV), and documents left out because not analysed. */
  public record Summary(long documents, long rows, long unanalysed) {}

  /** Writes to a stream. */
  @FunctionalInterface
  interface Body {
    Summary write(OutputStream out) throws IOException;
  }

  /**
   * Exports {@code store} to {@code out} in {@code format}; {@code codebook} names the QDPX codes.
   *
   * @throws IOException if the file cannot be written (the target is then left as it was)
   */
  public static Summary export(Store store, Format format, Path out, Codebook codebook) throws IOException {
    Objects.requireNonNull(store, "store");
    return atomically(out, os -> switch (format) {
      case CSV -> CsvExport.write(store, os);
      case JSONL -> JsonlExport.write(store, os);
      case HTML -> HtmlExport.write(store, os);
      case QDPX -> QdpxExport.write(store, codebook, os);
    });
  }

  static Summary atomically(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = org.stancemap.AtomicFiles.temporary(dir, "." + abs.getFileName() + "-");
    try {
      Summary s;
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        s = body.write(os);
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return s;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
