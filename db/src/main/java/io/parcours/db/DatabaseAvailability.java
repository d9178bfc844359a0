package io.parcours.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Whether PostgreSQL answers, and a data source that fails at once while it does not.
 *
 * <p>When PostgreSQL is away (stopped, restarting after a crash, unreachable), a request must not
 * wait for a connection that cannot come: callers get an answer within a second and retry. So the
 * pool's data source is wrapped: the first connection problem (SQLState class {@code 08}, or
 * PostgreSQL's {@code 57P01}–{@code 57P03}: shut down, crashed, still starting) marks the database
 * down, and while it is down every {@link DataSource#getConnection()} fails at once with an {@link
 * SQLTransientConnectionException} saying since when, without touching the pool. A probe of its own
 * ({@code select 1} every {@value #PROBE_MILLIS} ms) marks it up again, and also notices a database
 * that went away while nobody was asking. When the database goes down, the pool's connections are
 * evicted, so that none broken by a crash is handed out after it comes back, and the pool opens no
 * new one: the pool retries a connection that fails with a growing pause, up to seconds, and would
 * still be pausing when the database is back. While it is down the probe asks on a connection of
 * its own, outside the pool, and once the database answers the pool opens connections again, at the
 * first request for one.
 */
public final class DatabaseAvailability implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DatabaseAvailability.class.getName());

  /** How often the probe asks PostgreSQL whether it answers. */
  static final long PROBE_MILLIS = 250;

  /** Where the database's state stands: up, or down since when and why. */
  public record State(boolean up, Instant since, String problem) {}

  /** The pool behind the availability, as it is steered while the database is away. */
  interface Pool {

    /**
     * Drops the pooled connections (the database is away: they are broken) and opens none until
     * {@link #resume}.
     */
    void pause();

    /** Opens connections again, from the next request for one. */
    void resume();

    /**
     * A connection outside the pool, to ask the database whether it answers; the caller closes it.
     */
    Connection direct() throws SQLException;
  }

  private final DataSource pool;
  private final Pool control;
  private final Clock clock;
  private final ScheduledExecutorService probe;
  private final DataSource guarded;
  private volatile State state;

  DatabaseAvailability(DataSource pool, Pool control, Clock clock) {
    this.pool = pool;
    this.control = control;
    this.clock = clock;
    this.state = new State(true, clock.instant(), null);
    this.guarded = new Guarded();
    this.probe =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "parcours-database-probe");
              t.setDaemon(true);
              return t;
            });
    probe.scheduleWithFixedDelay(this::probe, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The data source that fails at once while the database is down. */
  public DataSource dataSource() {
    return guarded;
  }

  /** Whether the database answered the last time it was asked. */
  public boolean up() {
    return state.up();
  }

  /** The database's state now. */
  public State state() {
    return state;
  }

  /**
   * Whether {@code failure}, or one of its causes, says that the database cannot be reached (as
   * opposed to a statement it refused).
   */
  public static boolean isUnreachable(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0;
        t != null && depth < 32;
        depth++, t = t.getCause()) { // bounded: causes may loop
      // not every SQLTransientConnectionException: the pool's own timeout with every connection
      // busy
      // has no SQLState, and a busy database is not a database away
      if (t instanceof SQLException e && unreachableState(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static boolean unreachableState(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08")
            || sqlState.equals("57P01") // admin shutdown
            || sqlState.equals("57P02") // crash shutdown
            || sqlState.equals("57P03")); // cannot connect now (starting, recovering)
  }

  private void probe() {
    if (state.up()) {
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        s.execute("select 1");
      } catch (SQLException | RuntimeException e) {
        // the pool's own time-out with every connection busy is a busy database, not one away
        if (isUnreachable(e)) {
          down(e);
        }
      }
      return;
    }
    try (Connection c = control.direct();
        Statement s = c.createStatement()) {
      s.execute("select 1");
    } catch (SQLException | RuntimeException stillAway) {
      return;
    }
    answersAgain();
  }

  private synchronized void answersAgain() {
    if (!state.up()) {
      control.resume();
      LOG.info("database: answers again after being down since " + state.since());
      state = new State(true, clock.instant(), null);
    }
  }

  private synchronized void down(Throwable cause) {
    if (state.up()) {
      String problem = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      state = new State(false, clock.instant(), problem);
      LOG.warning(
          "database: down (" + problem + "); requests are answered 503 until it answers again");
      control.pause();
    }
  }

  private SQLException unavailable() {
    State s = state;
    return new SQLTransientConnectionException(
        "the database has not answered since " + s.since() + " (" + s.problem() + "); retry",
        "08001");
  }

  @Override
  public void close() {
    probe.shutdownNow();
  }

  /** The pool, behind the availability check. */
  private final class Guarded implements DataSource {

    @Override
    public Connection getConnection() throws SQLException {
      if (!state.up()) {
        throw unavailable();
      }
      try {
        return pool.getConnection();
      } catch (SQLException e) {
        if (isUnreachable(e)) {
          down(e);
        }
        throw e;
      }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("the pool's connections have the pool's user");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return pool.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      if (type.isInstance(this)) {
        return type.cast(this);
      }
      return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return type.isInstance(this) || pool.isWrapperFor(type);
    }
  }
}
