package org.stancemap.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.util.SerializableConfiguration;
import org.stancemap.InvalidInputException;
import org.stancemap.ingest.DocumentReader;

/**
 * The files of a {@code --input}, listed on the driver and read on the executors: local paths with java.nio, any
 * other file system (HDFS, S3, …) through Hadoop's {@link FileSystem} with the job's Hadoop configuration. Files and
 * folders whose names start with {@code .} or {@code _} are left out, as Spark and Hadoop leave them out.
 *
 * <p>Design decision: not {@code SparkContext.binaryFiles}. It packs many small files into one split (a folder of
 * 1,667 texts was parsed by one task), and on the local file system Hadoop asks a shell for every file's permissions
 * (15 s for those 1,667 files). Listing here and spreading the names over the cluster's cores parses on all of them.
 */
final class InputFiles {
  private InputFiles() {}

  /** The files under {@code input} (itself when it is a file), sorted, as plain local paths or URIs. */
  static List<String> list(String input, Configuration conf) {
    if (isLocal(input)) {
      Path root = localPath(input);
      if (!Files.exists(root)) {
        throw new InvalidInputException("--input " + input + ": no such file or folder");
      }
      if (Files.isRegularFile(root)) {
        return List.of(root.toString());
      }
      try (Stream<Path> s = Files.walk(root)) {
        return s.filter(Files::isRegularFile).filter(f -> !hidden(root.relativize(f))).map(Path::toString).sorted()
            .toList();
      } catch (IOException | UncheckedIOException e) {
        throw new InvalidInputException("--input " + input + ": cannot list the folder: " + e.getMessage());
      }
    }
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(input);
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        throw new InvalidInputException("--input " + input + ": no such file or folder");
      }
      List<String> out = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      String prefix = fs.getFileStatus(root).getPath().toString();
      while (it.hasNext()) {
        String p = it.next().getPath().toString();
        String rel = p.length() > prefix.length() ? p.substring(prefix.length()) : "";
        if (!hidden(rel)) {
          out.add(p);
        }
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new InvalidInputException("--input " + input + ": cannot list it: " + e.getMessage());
    }
  }

  /** A file's bytes, or why they cannot be had (over the size limit, unreadable), on an executor. */
  static Raw read(String location, SerializableConfiguration conf, long maxBytes) {
    String source = AnalyzeJob.folderName(location);
    try (InputStream in = isLocal(location) ? Files.newInputStream(localPath(location))
        : new org.apache.hadoop.fs.Path(location).getFileSystem(conf.value()).open(
            new org.apache.hadoop.fs.Path(location))) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (b.length > maxBytes) {
        return new Raw.File(location, source, null, location + ": is over the limit of "
            + DocumentReader.mb(maxBytes) + " per file; split it, or raise the limit with --max-bytes");
      }
      return new Raw.File(location, source, b, null);
    } catch (IOException | RuntimeException e) {
      return new Raw.File(location, source, null, location + ": cannot read: " + e.getMessage());
    }
  }

  /** Whether {@code input} names the local file system: a plain path or a {@code file:} URI. */
  static boolean isLocal(String input) {
    if (input.startsWith("file:")) {
      return true;
    }
    int colon = input.indexOf(':');
    int slash = input.indexOf('/');
    return colon < 0 || (slash >= 0 && slash < colon);
  }

  private static Path localPath(String input) {
    return input.startsWith("file:") ? Path.of(URI.create(input)) : Path.of(input).toAbsolutePath().normalize();
  }

  private static boolean hidden(Object relative) {
    for (String part : relative.toString().split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
