package org.stancemap;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * Files written whole or not at all: the content goes into a temporary file in the target's folder, which is moved
 * over the target (atomically) only when complete and deleted otherwise. A reader never sees half a file, and a
 * failed write leaves the old target, if any, untouched.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file's whole content into the temporary file it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Path tmp) throws IOException;
  }

  /** Writes {@code target} (creating its folder if needed) with {@code content}. */
  public static void write(Path target, Content content) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = temporary(dir, "." + abs.getFileName() + "-");
    try {
      content.writeTo(tmp);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A new empty file {@code dir/PREFIX<random>.tmp} created with the default permissions, so that the file it
   * becomes follows the user's umask like any file they write ({@code Files.createTempFile} would make it 0600).
   */
  public static Path temporary(Path dir, String prefix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path p = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
      try {
        return Files.createFile(p);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  /** Writes {@code bytes} as the whole of {@code target}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, tmp -> Files.write(tmp, bytes));
  }
}
