package org.stancemap.spark;

import java.sql.SQLException;
import org.stancemap.store.PostgresServer;

/** A new database on the store tests' private PostgreSQL server, or null (saying why) when there is none. */
final class PostgresLoad {
  private PostgresLoad() {}

  static String url() {
    PostgresServer s = PostgresServer.get();
    if (s == null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("no PostgreSQL server (" + PostgresServer.whyUnavailable() + "); under CI "
            + "it must be available: .ci/run installs it");
      }
      System.err.println("PostgreSQL part skipped: " + PostgresServer.whyUnavailable());
      return null;
    }
    try {
      return s.newDatabase();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
