package io.parcours.engine.cache.proto;

import io.parcours.domain.Consent;
import io.parcours.domain.CustomerProfile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    return new CustomerProfile(
        customerId, name, age, region, segment, tenureMonths, products, balance, monthlyIncome,
        churnRisk, missedPayments, openComplaint, travellingAbroad, consents, timeZone,
        Instants.read(reader, "updated_at"));
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
}
