package org.stancemap.search.store;

import java.nio.file.Path;
import java.util.Locale;

/** Where the search index of a corpus database lives by default. */
public final class StoreIndexes {
  private StoreIndexes() {}

  /**
   * The index folder for {@code db}: {@code <file>.index} beside an SQLite file (also for a {@code jdbc:sqlite:}
   * URL); for a server URL such as {@code jdbc:postgresql://host/corpus}, {@code stancemap-<host>-<db>.index} in
   * the working directory (give another with {@code --index}).
   */
  public static Path defaultFor(String db) {
    String s = db.trim();
    if (s.startsWith("jdbc:sqlite:")) {
      s = s.substring("jdbc:sqlite:".length());
      int q = s.indexOf('?');
      s = q >= 0 ? s.substring(0, q) : s;
    } else if (s.startsWith("jdbc:")) {
      String rest = s.replaceFirst("^jdbc:[a-z0-9]+:(//)?", "");
      int q = rest.indexOf('?');
      rest = q >= 0 ? rest.substring(0, q) : rest;
      String name = rest.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "").toLowerCase(Locale.ROOT);
      return Path.of("stancemap-" + name + ".index");
    }
    Path p = Path.of(s);
    Path file = p.getFileName();
    return p.resolveSibling((file == null ? "stancemap.db" : file.toString()) + ".index");
  }
}
