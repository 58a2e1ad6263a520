package org.stancemap.sources.files;

import java.nio.file.Path;

/** Source names of local files. */
final class Paths {
  private Paths() {}

  /** The name of the folder a file is in (as {@code Sources} names local files), or {@code local}. */
  static String sourceName(Path file) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    return parent == null || parent.getFileName() == null ? "local" : parent.getFileName().toString();
  }
}
