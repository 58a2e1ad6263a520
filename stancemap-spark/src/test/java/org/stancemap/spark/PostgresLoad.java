package org.stancemap.spark;

import org.stancemap.store.PostgresServer;

/** A new database on the store tests' private PostgreSQL server, or null (saying why) when there is none. */
final class PostgresLoad {
  private PostgresLoad() {}

  static String url() {
    PostgresServer s = PostgresServer.get();
    if (s == null) {
      System.err.println("PostgreSQL part skipped: " + PostgresServer.whyUnavailable());
      return null;
    }
    try {
      return s.newDatabase();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
