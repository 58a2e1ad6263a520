package org.stancemap.ingest.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Resolves import arguments to sources: a {@link SourceFactory} that claims the argument (URLs, feeds), else a local
 * file or directory read with the {@link FileParser}s found on the class path (walked recursively in name order,
 * hidden paths skipped; files without a parser are reported as skipped, not silently dropped).
 */
public final class Sources {
  private final List<SourceFactory> factories;
  private final Map<String, FileParser> parsers;

  public Sources(List<SourceFactory> factories, List<FileParser> fileParsers) {
    this.factories = factories.stream().sorted(Comparator.comparingInt(SourceFactory::priority).reversed()).toList();
    Map<String, FileParser> byExt = new HashMap<>();
    for (FileParser p : fileParsers) {
      for (String ext : p.extensions()) {
        byExt.merge(ext, p, (a, b) -> b.priority() > a.priority() ? b : a);
      }
    }
    this.parsers = Map.copyOf(byExt);
  }

  /** The factories and parsers found with {@link ServiceLoader}, plus the built-in text parser. */
  public static Sources discover() {
    List<SourceFactory> f = new ArrayList<>();
    ServiceLoader.load(SourceFactory.class).forEach(f::add);
    List<FileParser> p = new ArrayList<>();
    p.add(new TextFileParser());
    ServiceLoader.load(FileParser.class).forEach(p::add);
    return new Sources(f, p);
  }

  /** The parser of files with extension {@code ext} (lower case, no dot), if any reads them. */
  public Optional<FileParser> parser(String ext) {
    return Optional.ofNullable(parsers.get(ext));
  }

  /** The extensions a directory walk imports. */
  public Set<String> extensions() {
    return parsers.keySet();
  }

  public Source open(String argument, ImportContext context) {
    for (SourceFactory f : factories) {
      Optional<Source> s = f.open(argument, context);
      if (s.isPresent()) {
        return s.get();
      }
    }
    return new FileTree(Path.of(argument));
  }

  /** The name of the source a local file belongs to: its parent directory's name. */
  static String sourceNameOf(Path file) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    return parent == null || parent.getFileName() == null ? "local" : parent.getFileName().toString();
  }

  private final class FileTree implements Source {
    private final Path root;

    FileTree(Path root) {
      this.root = root;
    }

    @Override
    public String describe() {
      return (Files.isDirectory(root) ? "directory " : "file ") + root;
    }

    @Override
    public void read(ImportContext context, Consumer<SourceEvent> sink) {
      if (!Files.exists(root)) {
        sink.accept(new SourceEvent.Failure(root.toString(), root + ": no such file or directory"));
        return;
      }
      if (!Files.isDirectory(root)) {
        FileParser p = parsers.get(ext(root));
        (p != null ? p : new TextFileParser()).parse(root, context, sink);
        return;
      }
      List<Path> files;
      try (Stream<Path> s = Files.walk(root)) {
        files = s.filter(Files::isRegularFile).filter(f -> !hidden(root.relativize(f))).sorted().toList();
      } catch (IOException | UncheckedIOException e) {
        sink.accept(new SourceEvent.Failure(root.toString(), root + ": cannot list the directory: " + e.getMessage()));
        return;
      }
      for (Path f : files) {
        FileParser p = parsers.get(ext(f));
        if (p == null) {
          sink.accept(new SourceEvent.Failure(f.toString(), f + ": skipped: no reader for files of type '"
              + (ext(f).isEmpty() ? "(none)" : ext(f)) + "' (readable: " + String.join(", ",
              new TreeSet<>(parsers.keySet())) + ")"));
          continue;
        }
        try {
          p.parse(f, context, sink);
        } catch (RuntimeException e) {
          sink.accept(new SourceEvent.Failure(f.toString(), f + ": could not be processed: " + e));
        }
      }
    }
  }

  private static boolean hidden(Path rel) {
    for (Path part : rel) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static String ext(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }
}
