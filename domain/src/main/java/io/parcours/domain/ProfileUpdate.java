package io.parcours.domain;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One change an event makes to a profile field: set it to a constant or to an attribute of the
 * event, add to it, or add or remove a product.
 *
 * @param field the profile field changed
 * @param operation how
 * @param value the constant used, when {@code fromAttribute} is null
 * @param fromAttribute the event attribute whose value is used; null: {@code value}
 */
public record ProfileUpdate(Field field, Operation operation, Object value, String fromAttribute) {

  public ProfileUpdate {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(operation, "operation");
    if (value == null && fromAttribute == null) {
      throw new IllegalArgumentException(
          "the update of " + field.code() + " needs a value or an attribute");
    }
    if (!field.allows(operation)) {
      throw new IllegalArgumentException(
          "the field "
              + field.code()
              + " cannot be changed by "
              + operation.code()
              + "; it allows "
              + field.operations.stream().map(Operation::code).sorted().toList());
    }
  }

  /** How a field changes. */
  public enum Operation {
    SET("set"),
    INCREMENT("increment"),
    ADD("add"),
    REMOVE("remove");

    private final String code;

    Operation(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    /**
     * @throws IllegalArgumentException naming the operations
     */
    public static Operation fromCode(String code) {
      for (Operation o : values()) {
        if (o.code.equals(code)) {
          return o;
        }
      }
      throw new IllegalArgumentException(
          "unknown operation '" + code + "'; use set, increment, add or remove");
    }
  }

  /** The profile fields events may change, with the operations each allows. */
  public enum Field {
    MISSED_PAYMENTS("missedPayments", Set.of(Operation.SET, Operation.INCREMENT)),
    OPEN_COMPLAINT("openComplaint", Set.of(Operation.SET)),
    TRAVELLING_ABROAD("travellingAbroad", Set.of(Operation.SET)),
    CHURN_RISK("churnRisk", Set.of(Operation.SET)),
    BALANCE("balance", Set.of(Operation.SET, Operation.INCREMENT)),
    MONTHLY_INCOME("monthlyIncome", Set.of(Operation.SET)),
    SEGMENT("segment", Set.of(Operation.SET)),
    PRODUCTS("products", Set.of(Operation.ADD, Operation.REMOVE));

    private final String code;
    private final Set<Operation> operations;

    Field(String code, Set<Operation> operations) {
      this.code = code;
      this.operations = operations;
    }

    public String code() {
      return code;
    }

    boolean allows(Operation operation) {
      return operations.contains(operation);
    }

    /**
     * @throws IllegalArgumentException naming the fields
     */
    public static Field fromCode(String code) {
      for (Field f : values()) {
        if (f.code.equals(code)) {
          return f;
        }
      }
      StringBuilder known = new StringBuilder();
      for (Field f : values()) {
        known.append(known.length() == 0 ? "" : ", ").append(f.code);
      }
      throw new IllegalArgumentException(
          "unknown profile field '" + code + "'; events can change " + known);
    }
  }

  /** The profile after this update for {@code event}. */
  public CustomerProfile apply(CustomerProfile p, CustomerEvent event) {
    Object v = fromAttribute == null ? value : event.attributes().get(fromAttribute);
    if (v == null) {
      return p; // an optional attribute the event does not carry: nothing to change
    }
    int missed = p.missedPayments();
    boolean complaint = p.openComplaint();
    boolean abroad = p.travellingAbroad();
    double churn = p.churnRisk();
    double balance = p.balance();
    double income = p.monthlyIncome();
    String segment = p.segment();
    Set<String> products = p.products();
    switch (field) {
      case MISSED_PAYMENTS ->
          missed =
              Math.max(
                  0,
                  operation == Operation.SET
                      ? number(v).intValue()
                      : missed + number(v).intValue());
      case OPEN_COMPLAINT -> complaint = (Boolean) v;
      case TRAVELLING_ABROAD -> abroad = (Boolean) v;
      case CHURN_RISK -> churn = Math.max(0, Math.min(1, number(v)));
      case BALANCE -> balance = operation == Operation.SET ? number(v) : balance + number(v);
      case MONTHLY_INCOME -> income = number(v);
      case SEGMENT -> segment = v.toString();
      case PRODUCTS -> {
        Set<String> next = new HashSet<>(products);
        if (operation == Operation.ADD) {
          next.add(v.toString());
        } else {
          next.remove(v.toString());
        }
        products = next;
      }
    }
    return new CustomerProfile(
        p.customerId(),
        p.name(),
        p.age(),
        p.region(),
        segment,
        p.tenureMonths(),
        products,
        balance,
        income,
        churn,
        missed,
        complaint,
        abroad,
        p.consents(),
        p.timeZone(),
        event.occurredAt().isAfter(p.updatedAt()) ? event.occurredAt() : p.updatedAt(),
        p.attributes(),
        p.activity());
  }

  private static Double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.valueOf(v.toString());
  }
}
