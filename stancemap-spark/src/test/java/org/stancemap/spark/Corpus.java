package org.stancemap.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.stancemap.cli.StancemapTool;
import org.stancemap.json.Json;
import org.stancemap.json.JsonParser;
import org.stancemap.json.JsonWriter;

/** A small mixed corpus written for these tests: texts, posts as CSV and JSON Lines, with bad records among them. */
final class Corpus {
  private Corpus() {}

  static final String ESSAY = """
      Why the Left Must Stand With Ukraine

      Russian troops crossed the border to conquer a neighbour, and no talk of encirclement changes that. \
      Ukrainian workers are defending their homes, their unions and their right to choose their own government.

      Some on the left say that NATO provoked the war. It did not: no alliance forced the Kremlin to bomb \
      maternity wards. Solidarity means sending what the resistance asks for.
      """;

  static final String CAMPIST = """
      # Who Really Wanted This War?

      For thirty years Washington pushed its military alliance toward Russia's border. The coup in Kyiv put a \
      Western puppet in power, and Moscow had no choice but to defend itself.

      Anti-imperialists should oppose the real aggressor: the United States and its European vassals.
      """;

  static final String THIRD_CAMP = """
      <html><head><title>Neither Washington nor Moscow</title></head><body>
      <article><h1>Neither Washington nor Moscow</h1>
      <p>This is a war between rival imperialist blocs. We condemn the Russian invasion and we reject NATO's \
      arms race with equal force.</p>
      <p>Workers in Russia and in Ukraine have a common enemy: the ruling classes that send them to die.</p>
      </article></body></html>
      """;

  static final String CSV = """
      id,author,created_at,body,channel
      p1,ana,2024-03-02T10:00:00Z,"Putin's army is shelling Kharkiv again, and the world looks away.",forum-a
      p2,ben,2024-03-05T08:30:00Z,"NATO expansion caused this war, everyone knows it.",forum-a
      p3,cal,2024-04-11T17:45:00Z,,forum-b
      p4,dee,2024-04-12T09:15:00Z,"Arms for Ukraine now; the occupiers must leave.",forum-b
      p5,eve,2024-04-13T11:00:00Z,"An unterminated quote starts here and never ends,forum-b
      """;

  static final String JSONL = """
      {"id": "m1", "text": "Sanctions hurt ordinary Russians more than the Kremlin.", "date": "2023-11-20"}
      this line is not JSON
      {"id": "m2", "text": "Ukraine has every right to defend itself against the invasion.", "date": "2023-12-01"}
      """;

  /** Writes the text corpus (three good documents, one empty file) under {@code dir}; returns the folder. */
  static Path texts(Path dir) throws IOException {
    Path t = Files.createDirectories(dir.resolve("texts"));
    write(t.resolve("solidarity.txt"), ESSAY);
    write(t.resolve("campist.md"), CAMPIST);
    write(t.resolve("third-camp.html"), THIRD_CAMP);
    write(t.resolve("empty.txt"), "");
    return t;
  }

  /** Writes the posts (CSV with an empty text and a broken row, JSON Lines with a bad line) under {@code dir}. */
  static Path posts(Path dir) throws IOException {
    Path p = Files.createDirectories(dir.resolve("posts"));
    write(p.resolve("forum.csv"), CSV);
    return p;
  }

  static Path jsonl(Path dir) throws IOException {
    Path p = Files.createDirectories(dir.resolve("messages"));
    write(p.resolve("channel.jsonl"), JSONL);
    return p;
  }

  /** The documents of the job's {@code json/} output under {@code out}, by source, as compact JSON. */
  static Map<String, String> jobJson(Path out) throws IOException {
    Map<String, String> bySource = new TreeMap<>();
    try (Stream<Path> parts = Files.list(out.resolve("json"))) {
      for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(p)) {
          Json d = JsonParser.parse(line);
          bySource.put(d.asObj("doc").get("source").asString("source"), JsonWriter.compact(d));
        }
      }
    }
    return bySource;
  }

  /** The documents of {@code stancemap analyze --format json FILES}, by source, as compact JSON. */
  static Map<String, String> cliJson(Collection<String> files) {
    List<String> args = new ArrayList<>(List.of("analyze", "-q", "--format", "json"));
    args.addAll(files);
    StringWriter out = new StringWriter();
    new StancemapTool().run(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
    Map<String, String> bySource = new TreeMap<>();
    for (Json d : JsonParser.parse(out.toString()).asObj("report").get("documents").asList("documents")) {
      bySource.put(d.asObj("doc").get("source").asString("source"), JsonWriter.compact(d));
    }
    return bySource;
  }

  private static void write(Path p, String s) throws IOException {
    Files.writeString(p, s, StandardCharsets.UTF_8);
  }
}
