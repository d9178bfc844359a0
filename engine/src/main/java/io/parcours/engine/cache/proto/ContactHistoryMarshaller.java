package io.parcours.engine.cache.proto;

import io.parcours.domain.ContactHistory;
import io.parcours.domain.ContactHistory.ResponseEvent;
import io.parcours.domain.Impression;
import java.io.IOException;
import java.util.ArrayList;
import org.infinispan.protostream.MessageMarshaller;

/** {@link ContactHistory} as {@code parcours.ContactHistory}. */
final class ContactHistoryMarshaller implements MessageMarshaller<ContactHistory> {

  @Override
  public ContactHistory readFrom(ProtoStreamReader reader) throws IOException {
    return new ContactHistory(
        reader.readString("customer_id"),
        reader.readCollection("impressions", new ArrayList<>(), Impression.class),
        reader.readCollection("responses", new ArrayList<>(), ResponseEvent.class));
  }

  @Override
  public void writeTo(ProtoStreamWriter writer, ContactHistory h) throws IOException {
    writer.writeString("customer_id", h.customerId());
    writer.writeCollection("impressions", h.impressions(), Impression.class);
    writer.writeCollection("responses", h.responses(), ResponseEvent.class);
  }

  @Override
  public Class<? extends ContactHistory> getJavaClass() {
    return ContactHistory.class;
  }

  @Override
  public String getTypeName() {
    return "parcours.ContactHistory";
  }
}
