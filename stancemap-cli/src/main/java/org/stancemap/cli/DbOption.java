package org.stancemap.cli;

import org.stancemap.InvalidInputException;
import org.stancemap.store.Store;
import org.stancemap.store.StoreException;
import picocli.CommandLine.Option;

/** The {@code --db} option of the commands that work on a corpus store. */
final class DbOption {
  @Option(names = "--db", paramLabel = "DB", defaultValue = Store.DEFAULT_DB,
      description = "The corpus: an SQLite file (created when missing), or a jdbc:postgresql://HOST[:PORT]/DB URL "
          + "(password from $STANCEMAP_DB_PASSWORD). Default: ${DEFAULT-VALUE}.")
  String db = Store.DEFAULT_DB;

  /** Opens the store; a database that cannot be opened is the user's input to fix (exit code 2). */
  Store open() {
    try {
      return Store.open(db);
    } catch (StoreException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }
}
