package io.parcours.server.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What PostgreSQL did for a benchmark's decisions, read from its own statistics: the statements by
 * total execution time ({@code pg_stat_statements}, which {@link
 * io.parcours.server.EmbeddedDatabase#STATEMENT_STATISTICS} loads), the rows each table took
 * (inserted, updated, deleted, HOT) with the index entries that cost, the write-ahead log and the
 * commits, all per decision.
 *
 * <p>PostgreSQL's backends publish their table and WAL counters at most once a second, and an idle
 * one only after up to ten seconds; {@link #begin} and {@link #report} wait for that, so the counts
 * are those of the measured decisions alone (and of the benchmark's own few queries).
 */
final class StatementStatistics {

  /** How long an idle backend may keep its counters to itself (PGSTAT_IDLE_INTERVAL, and some). */
  private static final long FLUSH_MILLIS = 11_000;

  /** Rows per table, as pg_stat_all_tables counts them, with the table's number of indexes. */
  private record TableCounts(long inserted, long updated, long hot, long deleted, int indexes) {}

  /** The WAL and the commits of the whole server. */
  private record Totals(long walRecords, long walFpi, long walBytes, long walSyncs, long commits) {}

  private final String jdbcUrl;
  private Map<String, TableCounts> tablesBefore = Map.of();
  private Totals totalsBefore;

  private StatementStatistics(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * Creates the extension in the benchmark's database.
   *
   * @throws IllegalStateException when pg_stat_statements is not loaded
   */
  static StatementStatistics on(String jdbcUrl) {
    try (Connection c = connect(jdbcUrl);
        Statement s = c.createStatement()) {
      s.execute("create extension if not exists pg_stat_statements");
      return new StatementStatistics(jdbcUrl);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "pg_stat_statements is not available (is shared_preload_libraries set?): "
              + e.getMessage(),
          e);
    }
  }

  /** Forgets what came before: after the warm-up. */
  void begin() {
    pause();
    try (Connection c = connect(jdbcUrl);
        Statement s = c.createStatement()) {
      s.execute("select pg_stat_statements_reset()");
      tablesBefore = tables(s);
      totalsBefore = totals(s);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reset pg_stat_statements: " + e.getMessage(), e);
    }
  }

  /** Prints what happened since {@link #begin}, per decision. */
  void report(int decisions, PrintStream out) {
    pause();
    try (Connection c = connect(jdbcUrl);
        Statement s = c.createStatement()) {
      double n = decisions;
      out.println();
      out.println(
          "PostgreSQL statements by total execution time (pg_stat_statements), per decision:");
      out.println("  calls    rows    µs exec  µs/call  WAL B   blks hit  statement");
      try (ResultSet r =
          s.executeQuery(
              "select calls, rows, total_exec_time, shared_blks_hit, wal_bytes, query"
                  + " from pg_stat_statements where dbid = (select oid from pg_database where"
                  + " datname = current_database()) order by total_exec_time desc limit 25")) {
        while (r.next()) {
          long calls = r.getLong(1);
          out.printf(
              Locale.ROOT,
              "  %6.3f %7.3f %9.1f %8.1f %7.0f %9.2f  %s%n",
              calls / n,
              r.getLong(2) / n,
              r.getDouble(3) * 1000 / n,
              calls == 0 ? 0 : r.getDouble(3) * 1000 / calls,
              r.getDouble(5) / n,
              r.getLong(4) / n,
              shorten(r.getString(6)));
        }
      }
      out.println();
      out.println(
          "Rows per decision, by table (index entries: inserts and non-HOT updates × indexes):");
      out.println("  inserted  updated  (HOT)  deleted  indexes  index entries  table");
      Map<String, TableCounts> after = tables(s);
      double entries = 0;
      for (Map.Entry<String, TableCounts> t : after.entrySet()) {
        TableCounts a = t.getValue();
        TableCounts b =
            tablesBefore.getOrDefault(t.getKey(), new TableCounts(0, 0, 0, 0, a.indexes()));
        long ins = a.inserted() - b.inserted();
        long upd = a.updated() - b.updated();
        long hot = a.hot() - b.hot();
        long del = a.deleted() - b.deleted();
        if (ins + upd + del == 0) {
          continue;
        }
        double e = (ins + upd - hot) * (double) a.indexes() / n;
        entries += e;
        out.printf(
            Locale.ROOT,
            "  %8.3f %8.3f %6.3f %8.3f %8d %14.3f  %s%n",
            ins / n,
            upd / n,
            hot / n,
            del / n,
            a.indexes(),
            e,
            t.getKey());
      }
      out.printf(Locale.ROOT, "  index entries in all: %.3f per decision%n", entries);
      Totals t = totals(s);
      out.printf(
          Locale.ROOT,
          "WAL per decision: %.2f records, %.3f full-page images, %.0f bytes; %.3f WAL syncs"
              + " and %.3f commits per decision%n",
          (t.walRecords() - totalsBefore.walRecords()) / n,
          (t.walFpi() - totalsBefore.walFpi()) / n,
          (t.walBytes() - totalsBefore.walBytes()) / n,
          (t.walSyncs() - totalsBefore.walSyncs()) / n,
          (t.commits() - totalsBefore.commits()) / n);
      try (ResultSet r =
          s.executeQuery(
              "select avg(octet_length(record::text)), avg(pg_column_size(record))"
                  + " from (select record from audit_records order by seq desc limit 1000) a")) {
        r.next();
        out.printf(
            Locale.ROOT,
            "Audit record: %.0f bytes of text, %.0f bytes stored (the last 1,000)%n",
            r.getDouble(1),
            r.getDouble(2));
      }
      try (ResultSet r =
          s.executeQuery(
              "select avg(pg_column_size(d.*)), avg(pg_column_size(model_features)),"
                  + " avg(coalesce(pg_column_size(candidate_actions), 0)"
                  + " + coalesce(pg_column_size(candidate_propensities), 0) * 4)"
                  + " from decisions d")) {
        r.next();
        out.printf(
            Locale.ROOT,
            "Decision row: %.0f bytes stored, of which model features %.0f and candidates %.0f%n",
            r.getDouble(1),
            r.getDouble(2),
            r.getDouble(3));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pg_stat_statements: " + e.getMessage(), e);
    }
  }

  private static Map<String, TableCounts> tables(Statement s) throws SQLException {
    Map<String, TableCounts> tables = new HashMap<>();
    try (ResultSet r =
        s.executeQuery(
            "select t.schemaname || '.' || t.relname, t.n_tup_ins, t.n_tup_upd, t.n_tup_hot_upd,"
                + " t.n_tup_del, (select count(*) from pg_index i where i.indrelid = t.relid)"
                + " from pg_stat_all_tables t where t.schemaname not in ('pg_catalog',"
                + " 'information_schema')")) {
      while (r.next()) {
        tables.put(
            r.getString(1),
            new TableCounts(r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getInt(6)));
      }
    }
    return new java.util.TreeMap<>(tables);
  }

  private static Totals totals(Statement s) throws SQLException {
    try (ResultSet r =
        s.executeQuery(
            "select w.wal_records, w.wal_fpi, w.wal_bytes, w.wal_sync, d.xact_commit"
                + " from pg_stat_wal w, pg_stat_database d where d.datname = current_database()")) {
      r.next();
      return new Totals(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5));
    }
  }

  private static String shorten(String query) {
    String q = query.replaceAll("\\s+", " ").trim();
    return q.length() > 150 ? q.substring(0, 147) + "…" : q;
  }

  private static Connection connect(String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
  }

  private static void pause() {
    try {
      Thread.sleep(FLUSH_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
