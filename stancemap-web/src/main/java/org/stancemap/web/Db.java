package org.stancemap.web;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.stancemap.store.JdbcStore;

/**
 * The web module's own JDBC connections to the corpus database (the same URL {@code Store.open} uses), pooled:
 * listing filters and dashboards are SQL over the store's tables, and reviews live in the web module's own
 * table. Thread-safe.
 */
final class Db implements AutoCloseable {
  /** The dialect: the SQL written here runs on both, but a few functions differ. */
  enum Dialect { SQLITE, POSTGRESQL }

  /** Work with a connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final String url;
  private final Properties props = new Properties();
  private final Dialect dialect;
  private final BlockingQueue<Connection> idle;
  private volatile boolean closed;

  private Db(String url, Dialect dialect, int size) {
    this.url = url;
    this.dialect = dialect;
    this.idle = new ArrayBlockingQueue<>(size);
    if (dialect == Dialect.POSTGRESQL) {
      String pw = System.getenv(JdbcStore.PASSWORD_ENV);
      if (pw != null && !url.contains("password=")) {
        props.setProperty("password", pw);
      }
    }
  }

  /** The connections for {@code db} as given to {@code --db} (a file path, a jdbc:sqlite: or jdbc:postgresql: URL). */
  static Db of(String db, int poolSize) {
    if (db.startsWith("jdbc:postgresql:")) {
      return new Db(db, Dialect.POSTGRESQL, poolSize);
    }
    if (db.startsWith("jdbc:sqlite:")) {
      return new Db(db, Dialect.SQLITE, poolSize);
    }
    return new Db("jdbc:sqlite:" + Path.of(db).toAbsolutePath().normalize(), Dialect.SQLITE, poolSize);
  }

  String url() {
    return url;
  }

  Dialect dialect() {
    return dialect;
  }

  /** Runs {@code work} on a pooled connection (auto-commit on). */
  <T> T with(Work<T> work) {
    if (closed) {
      throw new IllegalStateException("the database connections are closed");
    }
    Connection c = idle.poll();
    try {
      if (c == null || c.isClosed()) {
        c = connect();
      }
      T result = work.run(c);
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      if (closed || !idle.offer(c)) {
        c.close();
      }
      c = null;
      return result;
    } catch (SQLException e) {
      throw new WebException.Failure("the database could not be read or written", e);
    } finally {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // the connection is discarded anyway
        }
      }
    }
  }

  /** A new connection outside the pool (the caller closes it). */
  Connection connectFresh() throws SQLException {
    return connect();
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, props);
    if (dialect == Dialect.SQLITE) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout=30000");
        st.execute("PRAGMA foreign_keys=ON");
      }
    }
    return c;
  }

  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }
}
