package org.stancemap.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.stancemap.StoreException;

/**
 * The connections and transactions of a {@link JdbcStore}: opening and migrating the database, one writer
 * connection under a lock (SQLite: explicit {@code BEGIN IMMEDIATE}), pooled readers in read transactions, the
 * writer's prepared-statement cache and the small JDBC helpers the other parts share.
 */
final class JdbcConnections {
  /** The database families this store speaks. */
  enum Dialect { SQLITE, POSTGRESQL }

  private final String url;
  private final Properties props;
  private final Dialect dialect;
  private final String description;
  private final Connection writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final List<Connection> opened = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean closed;

  JdbcConnections(String url, Properties props, Dialect dialect, String description) {
    this.url = url;
    this.props = props;
    this.dialect = dialect;
    this.description = description;
    try {
      if (dialect == Dialect.SQLITE) {
        // Two processes that create the same new file at once would both run Flyway's first migration, and one
        // would fail with SQLITE_BUSY (a deferred transaction cannot wait for the other's write lock). Opening and
        // migrating therefore hold an exclusive lock on a file beside the database (DB.lock), across processes.
        synchronized (JdbcConnections.class) {
          Path lockFile = Path.of(url.substring("jdbc:sqlite:".length()) + ".lock");
          try (FileChannel ch = FileChannel.open(lockFile,
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
              FileLock held = ch.lock()) {
            assert held.isValid();
            this.writer = connect();
            try (Statement st = writer.createStatement()) {
              st.execute("PRAGMA journal_mode=WAL");
            }
            migrate();
          } catch (IOException e) {
            throw new StoreException("cannot lock " + lockFile + " while opening " + description + ": "
                + e.getMessage(), e);
          }
        }
      } else {
        this.writer = connect();
        migrate();
      }
      // SQLite: the writer stays in auto-commit mode and writes in explicit BEGIN IMMEDIATE transactions (see
      // write()); the driver's own transactions would hold a lock between writes. PostgreSQL: JDBC transactions.
      writer.setAutoCommit(dialect == Dialect.SQLITE);
    } catch (SQLException e) {
      closeAll();
      throw new StoreException("cannot open " + description + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll();
      throw e instanceof StoreException se ? se
          : new StoreException("cannot open " + description + ": " + e.getMessage(), e);
    }
  }

  /** A new connection (the writer's, or one for reading or migrating), with the SQLite settings applied. */
  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, props);
    opened.add(c);
    if (dialect == Dialect.SQLITE) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA foreign_keys=ON");
        st.execute("PRAGMA busy_timeout=30000");
        st.execute("PRAGMA synchronous=NORMAL");
      }
    }
    return c;
  }

  /** Flyway reports every migration at INFO through java.util.logging; a command-line tool keeps quiet. */
  private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

  static {
    FLYWAY_LOG.setLevel(Level.WARNING);
  }

  private void migrate() {
    Flyway.configure(JdbcStore.class.getClassLoader())
        .dataSource(new Source())
        .locations("classpath:db/migration/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql"))
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  /** What the database is, for messages. */
  String description() {
    return description;
  }

  /** A JDBC step that may throw. */
  @FunctionalInterface
  interface Sql<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code body} in one transaction on the writer, under the write lock; rolled back when it fails. */
  <T> T write(String what, Sql<T> body) {
    lock.lock();
    try {
      ensureOpen();
      boolean begun = false;
      try {
        T t;
        if (dialect == Dialect.SQLITE) {
          // IMMEDIATE takes the write lock at BEGIN, so that a second writer on the same file waits (busy timeout)
          // instead of failing when its read would have to become a write.
          sqlite("BEGIN IMMEDIATE");
          begun = true;
          t = body.run(writer);
          sqlite("COMMIT");
          begun = false;
        } else {
          t = body.run(writer);
          writer.commit();
        }
        return t;
      } catch (SQLException | RuntimeException e) {
        try {
          if (dialect == Dialect.SQLITE) {
            if (begun) {
              sqlite("ROLLBACK");
            }
          } else {
            writer.rollback();
          }
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        if (e instanceof StoreException se) {
          throw se;
        }
        throw new StoreException(description + ": cannot " + what + ": " + e.getMessage(), e);
      }
    } finally {
      lock.unlock();
    }
  }

  private final Statement[] control = new Statement[1];

  private void sqlite(String sql) throws SQLException {
    if (control[0] == null) {
      control[0] = writer.createStatement();
    }
    control[0].execute(sql);
  }

  /** Runs {@code body} in a read transaction on a pooled reader connection. */
  <T> T read(String what, Sql<T> body) {
    ensureOpen();
    Connection c = idle.poll();
    try {
      if (c == null) {
        c = connect();
        c.setAutoCommit(false);
        if (dialect == Dialect.POSTGRESQL) {
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          c.setReadOnly(true);
        }
      }
      try {
        T t = body.run(c);
        c.commit();
        return t;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(description + ": cannot " + what + ": " + e.getMessage(), e);
    } finally {
      if (c != null) {
        if (closed) {
          closeQuietly(c);
        } else {
          idle.offer(c);
        }
      }
    }
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Store contract violation: " + description + " is closed");
    }
  }

  static String now() {
    return Instant.now().toString();
  }

  static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }

  /**
   * The writer's prepared statements, kept for reuse (an import runs the same few statements for every item);
   * used under the write lock only.
   */
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  /** A statement to run and close: a cached one (closing it does nothing) on the writer, else a new one. */
  PreparedStatement statement(Connection c, String sql) throws SQLException {
    if (c != writer) {
      return c.prepareStatement(sql);
    }
    PreparedStatement ps = prepared.get(sql);
    if (ps == null) {
      ps = writer.prepareStatement(sql);
      prepared.put(sql, ps);
    }
    PreparedStatement cached = ps;
    cached.clearParameters();
    return new Kept(cached).proxy();
  }

  /** Wraps a cached statement so that try-with-resources leaves it open. */
  private record Kept(PreparedStatement ps) implements InvocationHandler {
    PreparedStatement proxy() {
      return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      if (m.getName().equals("close") && m.getParameterCount() == 0) {
        return null;
      }
      try {
        return m.invoke(ps, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  long insertReturningId(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = statement(c, sql + " RETURNING id")) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("insert returned no id: " + sql);
        }
        return rs.getLong(1);
      }
    }
  }

  int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = statement(c, sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        ps.setObject(i + 1, null);
      } else if (a instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (a instanceof Long n) {
        ps.setLong(i + 1, n);
      } else if (a instanceof Double n) {
        ps.setDouble(i + 1, n);
      } else if (a instanceof Boolean b) {
        ps.setInt(i + 1, b ? 1 : 0);
      } else if (a instanceof byte[] b) {
        ps.setBytes(i + 1, b);
      } else {
        ps.setString(i + 1, a.toString());
      }
    }
  }

  /** The first column of the first row as a long, or null when there is no row. */
  Long queryLong(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = statement(c, sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /** Closes every connection; reads and writes fail afterwards. */
  void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (dialect == Dialect.SQLITE) {
        try (Statement st = writer.createStatement()) {
          st.execute("PRAGMA optimize");
        } catch (SQLException ignored) {
          // optimisation only
        }
      }
      closeAll();
    } finally {
      lock.unlock();
    }
  }

  private void closeAll() {
    synchronized (opened) {
      for (Connection c : opened) {
        closeQuietly(c);
      }
      opened.clear();
    }
    idle.clear();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing: nothing left to do
    }
  }

  /** Hands Flyway connections made like the store's own. */
  private final class Source implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return connect();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return connect();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
