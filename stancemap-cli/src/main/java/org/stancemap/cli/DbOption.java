package org.stancemap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stancemap.InvalidInputException;
import org.stancemap.StoreException;
import org.stancemap.store.Store;
import picocli.CommandLine.Option;

/** The {@code --db} option of the commands that work on a corpus store. */
final class DbOption {
  @Option(names = "--db", paramLabel = "DB", defaultValue = Store.DEFAULT_DB,
      description = "The corpus: an SQLite file (created when missing), or a jdbc:postgresql://HOST[:PORT]/DB URL "
          + "(password from $STANCEMAP_DB_PASSWORD). Default: ${DEFAULT-VALUE}.")
  String db = Store.DEFAULT_DB;

  /**
   * {@link #open()}, saying on {@code err} when the store is the default SQLite file and does not exist yet, so that
   * nobody wonders where a {@code stancemap.db} in the current folder came from.
   */
  Store open(PrintWriter err) {
    if (db.equals(Store.DEFAULT_DB) && !Files.exists(Path.of(db))) {
      err.println("stancemap: no --db given: creating the corpus store " + Path.of(db).toAbsolutePath()
          + " (pass --db FILE or a jdbc:postgresql:// URL to choose another)");
      err.flush();
    }
    return open();
  }

  /** Opens the store; a database that cannot be opened is the user's input to fix (exit code 2). */
  Store open() {
    try {
      return Store.open(db);
    } catch (StoreException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }
}
