package org.stancemap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL server (see {@link PostgresServer}). Skipped, saying why, when no
 * server can be had; under CI ({@code CI=true}) that is a failure instead, because CI installs PostgreSQL.
 */
class PostgresStoreTest extends StoreContract {
  @BeforeAll
  static void server() {
    PostgresServer s = PostgresServer.get();
    if (s == null) {
      String why = "PostgreSQL contract tests skipped: " + PostgresServer.whyUnavailable();
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why + " (under CI PostgreSQL must be available: .ci/run installs it)");
      }
      Assumptions.assumeTrue(false, why);
    }
  }

  @Override
  String newDatabase() throws Exception {
    return PostgresServer.get().newDatabase();
  }

  @Test
  void itReallyIsPostgres() {
    String v = ((JdbcStore) store).query("SELECT version()").get(0);
    assertTrue(v.startsWith("PostgreSQL"), v);
    assertEquals("PostgreSQL", store.describe().substring(0, 10));
  }
}
