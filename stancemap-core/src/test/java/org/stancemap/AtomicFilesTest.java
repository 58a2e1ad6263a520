package org.stancemap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @Test
  void writtenFilesFollowTheUmaskNotPrivateTemporaryPermissions(@TempDir Path dir) throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path plain = Files.createFile(dir.resolve("plain.txt")); // what the umask gives a file the user creates
    Path target = dir.resolve("report.html");
    AtomicFiles.write(target, "x".getBytes(StandardCharsets.UTF_8));
    org.junit.jupiter.api.Assertions.assertEquals(Files.getPosixFilePermissions(plain),
        Files.getPosixFilePermissions(target));
  }

  @Test
  void writesWholeFilesIntoNewFoldersAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("a").resolve("b").resolve("out.bin");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    AtomicFiles.write(target, "replaced".getBytes(StandardCharsets.UTF_8));
    assertEquals("replaced", Files.readString(target));
    try (var s = Files.list(target.getParent())) {
      assertEquals(List.of(target), s.toList());
    }
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndRemovesTheTemporaryOne(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("model.json");
    Files.writeString(target, "old");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
      Files.writeString(tmp, "half");
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(target));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(target), s.toList());
    }
  }
}
