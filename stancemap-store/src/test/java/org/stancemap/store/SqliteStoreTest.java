package org.stancemap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancemap.StoreException;

/** The store contract on an SQLite file, plus what is particular to SQLite. */
class SqliteStoreTest extends StoreContract {
  @TempDir Path dir;
  private int made;

  @Override
  String newDatabase() {
    return dir.resolve("sub").resolve(made++ == 0 ? "corpus.db" : "corpus-" + made + ".db").toString();
  }

  @Test
  void theFileIsInWalModeWithForeignKeysAndIntact() {
    JdbcStore s = (JdbcStore) store;
    assertEquals(List.of("wal"), s.query("PRAGMA journal_mode"));
    assertEquals(List.of("1"), s.query("PRAGMA foreign_keys"));
    assertEquals(List.of("ok"), s.query("PRAGMA integrity_check"));
    assertTrue(Files.isRegularFile(Path.of(db)));
  }

  @Test
  void twoStoresOnOneFileWaitForEachOtherInsteadOfFailing() throws Exception {
    int n = 150;
    try (Store other = Store.open(db)) {
      long r1 = store.beginRun("one").id();
      long r2 = other.beginRun("two").id();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          for (int i = 0; i < n; i++) {
            other.put(r2, Samples.item("two-" + i, "Second writer, text " + i + "."));
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      t.start();
      for (int i = 0; i < n; i++) {
        store.put(r1, Samples.item("one-" + i, "First writer, text " + i + "."));
      }
      t.join();
      assertEquals(null, failure.get());
      assertEquals(2L * n, store.countDocuments(false));
      assertEquals(List.of("ok"), ((JdbcStore) store).query("PRAGMA integrity_check"));
    }
  }

  @Test
  void aDirectoryOrAnUnknownUrlIsRefusedWithAMessage() {
    StoreException e = assertThrows(StoreException.class, () -> Store.open(dir.toString()));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    StoreException u = assertThrows(StoreException.class, () -> Store.open("jdbc:mysql://localhost/x"));
    assertTrue(u.getMessage().contains("unsupported database"), u.getMessage());
  }
}
