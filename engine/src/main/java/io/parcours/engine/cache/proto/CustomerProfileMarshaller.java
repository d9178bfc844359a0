package io.parcours.engine.cache.proto;

import io.parcours.domain.Activity;
import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.infinispan.protostream.MessageMarshaller;

/** {@link CustomerProfile} as {@code parcours.CustomerProfile}. */
final class CustomerProfileMarshaller implements MessageMarshaller<CustomerProfile> {

  @Override
  public CustomerProfile readFrom(ProtoStreamReader reader) throws IOException {
    String customerId = reader.readString("customer_id");
    String name = reader.readString("name");
    int age = orZero(reader.readInt("age"));
    String region = reader.readString("region");
    String segment = reader.readString("segment");
    int tenureMonths = orZero(reader.readInt("tenure_months"));
    Set<String> products = reader.readCollection("products", new HashSet<>(), String.class);
    double balance = orZero(reader.readDouble("balance"));
    double monthlyIncome = orZero(reader.readDouble("monthly_income"));
    double churnRisk = orZero(reader.readDouble("churn_risk"));
    int missedPayments = orZero(reader.readInt("missed_payments"));
    boolean openComplaint = Boolean.TRUE.equals(reader.readBoolean("open_complaint"));
    boolean travellingAbroad = Boolean.TRUE.equals(reader.readBoolean("travelling_abroad"));
    Set<Consent> consents = new HashSet<>();
    for (String code : reader.readCollection("consents", new ArrayList<String>(), String.class)) {
      consents.add(Consent.fromCode(code));
    }
    String timeZone = reader.readString("time_zone");
    Instant updatedAt = Instants.read(reader, "updated_at");
    Map<String, Object> attributes = new HashMap<>();
    for (ProfileAttribute a :
        reader.readCollection("attributes", new ArrayList<>(), ProfileAttribute.class)) {
      attributes.put(a.name(), a.value());
    }
    Activity activity =
        new Activity(reader.readCollection("activity", new ArrayList<>(), Activity.Day.class));
    return new CustomerProfile(
        customerId,
        name,
        age,
        region,
        segment,
        tenureMonths,
        products,
        balance,
        monthlyIncome,
        churnRisk,
        missedPayments,
        openComplaint,
        travellingAbroad,
        consents,
        timeZone,
        updatedAt,
        attributes,
        activity);
  }

  @Override
  public void writeTo(ProtoStreamWriter writer, CustomerProfile p) throws IOException {
    writer.writeString("customer_id", p.customerId());
    writer.writeString("name", p.name());
    writer.writeInt("age", p.age());
    writer.writeString("region", p.region());
    writer.writeString("segment", p.segment());
    writer.writeInt("tenure_months", p.tenureMonths());
    writer.writeCollection("products", p.products(), String.class);
    writer.writeDouble("balance", p.balance());
    writer.writeDouble("monthly_income", p.monthlyIncome());
    writer.writeDouble("churn_risk", p.churnRisk());
    writer.writeInt("missed_payments", p.missedPayments());
    writer.writeBoolean("open_complaint", p.openComplaint());
    writer.writeBoolean("travelling_abroad", p.travellingAbroad());
    List<String> codes = new ArrayList<>(p.consents().size());
    for (Consent c : p.consents()) {
      codes.add(c.code());
    }
    writer.writeCollection("consents", codes, String.class);
    writer.writeString("time_zone", p.timeZone());
    Instants.write(writer, "updated_at", p.updatedAt());
    List<ProfileAttribute> attributes = new ArrayList<>(p.attributes().size());
    p.attributes().forEach((k, v) -> attributes.add(new ProfileAttribute(k, v)));
    writer.writeCollection("attributes", attributes, ProfileAttribute.class);
    writer.writeCollection("activity", p.activity().days(), Activity.Day.class);
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }

  private static double orZero(Double n) {
    return n == null ? 0 : n;
  }

  @Override
  public Class<? extends CustomerProfile> getJavaClass() {
    return CustomerProfile.class;
  }

  @Override
  public String getTypeName() {
    return "parcours.CustomerProfile";
  }

  /** One custom attribute of a profile: a string, a number or a boolean. */
  record ProfileAttribute(String name, Object value) {}

  /** {@link ProfileAttribute} as {@code parcours.ProfileAttribute}. */
  static final class ProfileAttributeMarshaller implements MessageMarshaller<ProfileAttribute> {

    @Override
    public ProfileAttribute readFrom(ProtoStreamReader reader) throws IOException {
      String name = reader.readString("name");
      String text = reader.readString("text");
      Double number = reader.readDouble("number");
      Boolean flag = reader.readBoolean("flag");
      return new ProfileAttribute(name, text != null ? text : number != null ? number : flag);
    }

    @Override
    public void writeTo(ProtoStreamWriter writer, ProfileAttribute a) throws IOException {
      writer.writeString("name", a.name());
      if (a.value() instanceof String s) {
        writer.writeString("text", s);
      } else if (a.value() instanceof Double d) {
        writer.writeDouble("number", d);
      } else {
        writer.writeBoolean("flag", (Boolean) a.value());
      }
    }

    @Override
    public Class<? extends ProfileAttribute> getJavaClass() {
      return ProfileAttribute.class;
    }

    @Override
    public String getTypeName() {
      return "parcours.ProfileAttribute";
    }
  }

  /** {@link Activity.Day} as {@code parcours.ActivityDay}. */
  static final class ActivityDayMarshaller implements MessageMarshaller<Activity.Day> {

    @Override
    public Activity.Day readFrom(ProtoStreamReader reader) throws IOException {
      String feature = reader.readString("feature");
      Long day = reader.readLong("day");
      Long events = reader.readLong("events");
      Double sum = reader.readDouble("sum");
      return new Activity.Day(
          feature,
          LocalDate.ofEpochDay(day == null ? 0 : day),
          events == null ? 0 : events,
          orZero(sum));
    }

    @Override
    public void writeTo(ProtoStreamWriter writer, Activity.Day d) throws IOException {
      writer.writeString("feature", d.feature());
      writer.writeLong("day", d.day().toEpochDay());
      writer.writeLong("events", d.events());
      writer.writeDouble("sum", d.sum());
    }

    @Override
    public Class<? extends Activity.Day> getJavaClass() {
      return Activity.Day.class;
    }

    @Override
    public String getTypeName() {
      return "parcours.ActivityDay";
    }
  }
}
