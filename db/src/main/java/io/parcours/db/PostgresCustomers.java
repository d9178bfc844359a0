package io.parcours.db;

import io.parcours.domain.Activity;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.CustomerSummary;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Customer profiles in PostgreSQL. */
public final class PostgresCustomers {

  static final String COLUMNS =
      "customer_id, name, age, region, segment, tenure_months, products, balance, monthly_income,"
          + " churn_risk, missed_payments, open_complaint, travelling_abroad, consents, time_zone,"
          + " updated_at, attributes";

  private final DataSource dataSource;

  public PostgresCustomers(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The profile of {@code customerId}, if there is one. */
  public Optional<CustomerProfile> find(String customerId) {
    String sql = "select " + COLUMNS + " from customers where customer_id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, customerId);
      CustomerProfile found;
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        found = read(r);
      }
      return Optional.of(
          found.withActivity(
              activities(c, List.of(customerId)).getOrDefault(customerId, Activity.NONE)));
    } catch (SQLException e) {
      throw new PersistenceException("reading customer " + customerId, e);
    }
  }

  /**
   * A sample of {@code size} stored customer ids, the same for the same {@code seed} while the
   * customers stay the same: the ids in the order of a hash of each id with the seed. All of them
   * when {@code size} is at least their number.
   */
  public List<String> sample(int size, long seed) {
    String sql =
        "select customer_id from customers order by md5(customer_id || ?), customer_id limit ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, Long.toString(seed));
      s.setInt(2, size);
      List<String> ids = new ArrayList<>(Math.min(size, 100_000));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new PersistenceException("drawing a sample of " + size + " customers", e);
    }
  }

  /** The profiles of those of {@code customerIds} that have one, in no particular order. */
  public List<CustomerProfile> findMany(List<String> customerIds) {
    String sql = "select " + COLUMNS + " from customers where customer_id = any (?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setArray(1, c.createArrayOf("text", customerIds.toArray()));
      List<CustomerProfile> found = new ArrayList<>(customerIds.size());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(read(r));
        }
      }
      Map<String, Activity> activity = activities(c, customerIds);
      List<CustomerProfile> profiles = new ArrayList<>(found.size());
      for (CustomerProfile p : found) {
        profiles.add(p.withActivity(activity.getOrDefault(p.customerId(), Activity.NONE)));
      }
      return profiles;
    } catch (SQLException e) {
      throw new PersistenceException("reading " + customerIds.size() + " customers", e);
    }
  }

  /** A page of customers in id order. */
  public List<CustomerSummary> page(int limit, int offset) {
    String sql =
        "select customer_id, name, segment from customers order by customer_id limit ? offset ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, limit);
      s.setInt(2, offset);
      List<CustomerSummary> page = new ArrayList<>(limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          page.add(new CustomerSummary(r.getString(1), r.getString(2), r.getString(3)));
        }
      }
      return page;
    } catch (SQLException e) {
      throw new PersistenceException("listing customers", e);
    }
  }

  /** How many customers there are. */
  public long count() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select count(*) from customers");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new PersistenceException("counting customers", e);
    }
  }

  /**
   * Inserts profiles that are not stored yet (an existing id is left as it is), in batches of 1,000
   * rows, in one transaction; returns how many were new.
   */
  public int insertMissing(Iterator<CustomerProfile> profiles) {
    String sql =
        "insert into customers ("
            + COLUMNS
            + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict do nothing";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      int inserted = 0;
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int pending = 0;
        while (profiles.hasNext()) {
          bind(c, s, profiles.next());
          s.addBatch();
          if (++pending == 1000) {
            inserted += sum(s.executeBatch());
            pending = 0;
          }
        }
        if (pending > 0) {
          inserted += sum(s.executeBatch());
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
      return inserted;
    } catch (SQLException e) {
      throw new PersistenceException("storing customer profiles", e);
    }
  }

  /**
   * What one batch of an import did: the customers it created and those it updated, in the batch's
   * order.
   */
  public record Upserted(List<String> inserted, List<String> updated) {}

  /** The profile fields an import may set, by their API names, and their columns. */
  public static final Map<String, String> IMPORTABLE =
      Map.of(
          "name",
          "name",
          "age",
          "age",
          "region",
          "region",
          "segment",
          "segment",
          "tenureMonths",
          "tenure_months",
          "balance",
          "balance",
          "monthlyIncome",
          "monthly_income",
          "churnRisk",
          "churn_risk",
          "timeZone",
          "time_zone",
          "products",
          "products");

  /**
   * Stores a batch of imported profiles in one transaction and one statement: a new customer is
   * inserted as it is (without consents, which have their own history); an existing one takes the
   * fields named in {@code fields} from it, and its custom attributes are merged into the stored
   * ones (an attribute the import sets replaces the stored value, the others stay). Event tallies
   * are not touched.
   *
   * @param batch at most one profile per customer
   * @param fields the {@link #IMPORTABLE} fields an existing profile takes from the import
   * @throws IllegalArgumentException when a customer appears twice or a field is not importable
   */
  public Upserted upsert(List<CustomerProfile> batch, Set<String> fields, java.time.Instant at) {
    // In customer order, so that two imports touching the same customers lock them in the same
    // order
    // and cannot wait for each other.
    List<CustomerProfile> profiles = new ArrayList<>(batch);
    profiles.sort(java.util.Comparator.comparing(CustomerProfile::customerId));
    int n = profiles.size();
    String[] ids = new String[n];
    String[] names = new String[n];
    Integer[] ages = new Integer[n];
    String[] regions = new String[n];
    String[] segments = new String[n];
    Integer[] tenures = new Integer[n];
    String[] products = new String[n];
    Double[] balances = new Double[n];
    Double[] incomes = new Double[n];
    Double[] churns = new Double[n];
    String[] zones = new String[n];
    String[] attributes = new String[n];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      CustomerProfile p = profiles.get(i);
      if (!seen.add(p.customerId())) {
        throw new IllegalArgumentException(
            "customer " + p.customerId() + " appears twice in one batch");
      }
      ids[i] = p.customerId();
      names[i] = p.name();
      ages[i] = p.age();
      regions[i] = p.region();
      segments[i] = p.segment();
      tenures[i] = p.tenureMonths();
      for (String code : p.products()) {
        if (code.contains(",")) {
          throw new IllegalArgumentException("a product code cannot hold a comma: " + code);
        }
      }
      products[i] = String.join(",", p.products().stream().sorted().toList());
      balances[i] = p.balance();
      incomes[i] = p.monthlyIncome();
      churns[i] = p.churnRisk();
      zones[i] = p.timeZone();
      attributes[i] = AttributesJson.write(p.attributes());
    }
    StringBuilder set =
        new StringBuilder(
            "updated_at = excluded.updated_at,"
                + " attributes = customers.attributes || excluded.attributes");
    for (String f : fields) {
      String column = IMPORTABLE.get(f);
      if (column == null) {
        throw new IllegalArgumentException(
            "'" + f + "' is not a field an import sets; it sets " + IMPORTABLE.keySet());
      }
      set.append(", ").append(column).append(" = excluded.").append(column);
    }
    String sql =
        "insert into customers ("
            + COLUMNS
            + ")"
            + " select u.id, u.name, u.age, u.region, u.segment, u.tenure,"
            + " case when u.products = '' then '{}'::text[] else string_to_array(u.products, ',') end,"
            + " u.balance, u.income, u.churn, 0, false, false, '{}'::text[], u.zone, ?, u.attributes::jsonb"
            + " from unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::int[], ?::text[], ?::float8[],"
            + " ?::float8[], ?::float8[], ?::text[], ?::text[])"
            + " as u(id, name, age, region, segment, tenure, products, balance, income, churn, zone, attributes)"
            + " on conflict (customer_id) do update set "
            + set
            + " returning customer_id, (xmax = 0)";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setTimestamp(1, Timestamp.from(at));
        s.setArray(2, c.createArrayOf("text", ids));
        s.setArray(3, c.createArrayOf("text", names));
        s.setArray(4, c.createArrayOf("int4", ages));
        s.setArray(5, c.createArrayOf("text", regions));
        s.setArray(6, c.createArrayOf("text", segments));
        s.setArray(7, c.createArrayOf("int4", tenures));
        s.setArray(8, c.createArrayOf("text", products));
        s.setArray(9, c.createArrayOf("float8", balances));
        s.setArray(10, c.createArrayOf("float8", incomes));
        s.setArray(11, c.createArrayOf("float8", churns));
        s.setArray(12, c.createArrayOf("text", zones));
        s.setArray(13, c.createArrayOf("text", attributes));
        Set<String> inserted = new HashSet<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            if (r.getBoolean(2)) {
              inserted.add(r.getString(1));
            }
          }
        }
        c.commit();
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (CustomerProfile p : batch) {
          (inserted.contains(p.customerId()) ? created : updated).add(p.customerId());
        }
        return new Upserted(created, updated);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceException("importing " + n + " customer profile(s)", e);
    }
  }

  private static int sum(int[] counts) {
    int n = 0;
    for (int count : counts) {
      n += Math.max(count, 0);
    }
    return n;
  }

  private static void bind(Connection c, PreparedStatement s, CustomerProfile p)
      throws SQLException {
    s.setString(1, p.customerId());
    s.setString(2, p.name());
    s.setInt(3, p.age());
    s.setString(4, p.region());
    s.setString(5, p.segment());
    s.setInt(6, p.tenureMonths());
    s.setArray(7, PostgresDatabase.textArray(c, p.products().stream().sorted().toList()));
    s.setDouble(8, p.balance());
    s.setDouble(9, p.monthlyIncome());
    s.setDouble(10, p.churnRisk());
    s.setInt(11, p.missedPayments());
    s.setBoolean(12, p.openComplaint());
    s.setBoolean(13, p.travellingAbroad());
    s.setArray(
        14,
        PostgresDatabase.textArray(c, p.consents().stream().sorted().map(Consent::code).toList()));
    s.setString(15, p.timeZone());
    s.setTimestamp(16, Timestamp.from(p.updatedAt()));
    s.setString(17, AttributesJson.write(p.attributes()));
  }

  /** Inserts one profile on {@code c}, anonymous or known. */
  static void insert(Connection c, CustomerProfile p, boolean anonymous) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into customers ("
                + COLUMNS
                + ", anonymous)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
      bind(c, s, p);
      s.setBoolean(18, anonymous);
      s.executeUpdate();
    }
  }

  /**
   * Writes every field of a stored profile on {@code c} (its custom attributes included, its event
   * tallies not: they are rows of their own), and whether it is anonymous.
   */
  static void replace(Connection c, CustomerProfile p, boolean anonymous) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "update customers set name = ?, age = ?, region = ?, segment = ?, tenure_months = ?, products = ?,"
                + " balance = ?, monthly_income = ?, churn_risk = ?, missed_payments = ?, open_complaint = ?,"
                + " travelling_abroad = ?, consents = ?, time_zone = ?, updated_at = ?, anonymous = ?,"
                + " attributes = ?::jsonb where customer_id = ?")) {
      s.setString(1, p.name());
      s.setInt(2, p.age());
      s.setString(3, p.region());
      s.setString(4, p.segment());
      s.setInt(5, p.tenureMonths());
      s.setArray(6, PostgresDatabase.textArray(c, p.products().stream().sorted().toList()));
      s.setDouble(7, p.balance());
      s.setDouble(8, p.monthlyIncome());
      s.setDouble(9, p.churnRisk());
      s.setInt(10, p.missedPayments());
      s.setBoolean(11, p.openComplaint());
      s.setBoolean(12, p.travellingAbroad());
      s.setArray(
          13,
          PostgresDatabase.textArray(
              c, p.consents().stream().sorted().map(Consent::code).toList()));
      s.setString(14, p.timeZone());
      s.setTimestamp(15, Timestamp.from(p.updatedAt()));
      s.setBoolean(16, anonymous);
      s.setString(17, AttributesJson.write(p.attributes()));
      s.setString(18, p.customerId());
      s.executeUpdate();
    }
  }

  /**
   * Writes the fields events may change (segment, products, balance, income, churn risk, missed
   * payments, open complaint, travelling abroad) and the time of the change, on {@code c}.
   */
  static void update(Connection c, CustomerProfile p) throws SQLException {
    update(c, List.of(p));
  }

  /** Writes the profiles' attributes (not their tallies), in one batch, on {@code c}. */
  static void update(Connection c, Collection<CustomerProfile> profiles) throws SQLException {
    if (profiles.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "update customers set segment = ?, products = ?, balance = ?, monthly_income = ?, churn_risk = ?,"
                + " missed_payments = ?, open_complaint = ?, travelling_abroad = ?, updated_at = ? where customer_id = ?")) {
      for (CustomerProfile p : profiles) {
        s.setString(1, p.segment());
        s.setArray(2, PostgresDatabase.textArray(c, p.products().stream().sorted().toList()));
        s.setDouble(3, p.balance());
        s.setDouble(4, p.monthlyIncome());
        s.setDouble(5, p.churnRisk());
        s.setInt(6, p.missedPayments());
        s.setBoolean(7, p.openComplaint());
        s.setBoolean(8, p.travellingAbroad());
        s.setTimestamp(9, Timestamp.from(p.updatedAt()));
        s.setString(10, p.customerId());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /**
   * The stored tallies of the customers {@code ids}, by customer; a customer without any is absent.
   */
  static Map<String, Activity> activities(Connection c, Collection<String> ids)
      throws SQLException {
    Map<String, List<Activity.Day>> days = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select customer_id, feature, day, events, total from customer_activity where customer_id = any (?)")) {
      s.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          days.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
              .add(
                  new Activity.Day(
                      r.getString(2),
                      r.getObject(3, LocalDate.class),
                      r.getLong(4),
                      r.getDouble(5)));
        }
      }
    }
    Map<String, Activity> activities = new HashMap<>();
    days.forEach((id, list) -> activities.put(id, new Activity(list)));
    return activities;
  }

  /**
   * Writes what changed between two tallies of the customer {@code customerId}, on {@code c}: days
   * gone are deleted, days new or changed are written.
   */
  static void updateActivity(Connection c, String customerId, Activity before, Activity after)
      throws SQLException {
    updateActivities(c, Map.of(customerId, new Activity[] {before, after}));
  }

  /**
   * Writes what changed between two tallies of each customer, {@code [before, after]} by customer
   * id, on {@code c}, in one batch of upserts and one of deletions: days gone are deleted, days new
   * or changed are written.
   */
  static void updateActivities(Connection c, Map<String, Activity[]> changes) throws SQLException {
    try (PreparedStatement upsert =
            c.prepareStatement(
                "insert into customer_activity (customer_id, feature, day, events, total) values (?, ?, ?, ?, ?)"
                    + " on conflict (customer_id, feature, day) do update set events = excluded.events,"
                    + " total = excluded.total");
        PreparedStatement delete =
            c.prepareStatement(
                "delete from customer_activity where customer_id = ? and feature = ? and day = ?")) {
      boolean upserts = false;
      boolean deletes = false;
      for (Map.Entry<String, Activity[]> change : changes.entrySet()) {
        String customerId = change.getKey();
        Map<List<Object>, Activity.Day> old = new HashMap<>();
        change.getValue()[0].days().forEach(d -> old.put(List.of(d.feature(), d.day()), d));
        for (Activity.Day d : change.getValue()[1].days()) {
          Activity.Day was = old.remove(List.of(d.feature(), d.day()));
          if (!d.equals(was)) {
            upsert.setString(1, customerId);
            upsert.setString(2, d.feature());
            upsert.setObject(3, d.day());
            upsert.setLong(4, d.events());
            upsert.setDouble(5, d.sum());
            upsert.addBatch();
            upserts = true;
          }
        }
        for (Activity.Day gone : old.values()) {
          delete.setString(1, customerId);
          delete.setString(2, gone.feature());
          delete.setObject(3, gone.day());
          delete.addBatch();
          deletes = true;
        }
      }
      if (upserts) {
        upsert.executeBatch();
      }
      if (deletes) {
        delete.executeBatch();
      }
    }
  }

  static CustomerProfile read(ResultSet r) throws SQLException {
    Set<Consent> consents = new HashSet<>();
    for (String code : strings(r.getArray(14))) {
      consents.add(Consent.fromCode(code));
    }
    return new CustomerProfile(
        r.getString(1),
        r.getString(2),
        r.getInt(3),
        r.getString(4),
        r.getString(5),
        r.getInt(6),
        Arrays.stream(strings(r.getArray(7))).collect(Collectors.toSet()),
        r.getDouble(8),
        r.getDouble(9),
        r.getDouble(10),
        r.getInt(11),
        r.getBoolean(12),
        r.getBoolean(13),
        consents,
        r.getString(15),
        r.getTimestamp(16).toInstant(),
        AttributesJson.read(r.getString(17)),
        Activity.NONE);
  }

  static String[] strings(Array array) throws SQLException {
    return array == null ? new String[0] : (String[]) array.getArray();
  }
}
