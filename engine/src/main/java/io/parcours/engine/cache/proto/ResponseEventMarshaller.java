package io.parcours.engine.cache.proto;

import io.parcours.domain.Channel;
import io.parcours.domain.ContactHistory.ResponseEvent;
import io.parcours.domain.Outcome;
import java.io.IOException;
import org.infinispan.protostream.MessageMarshaller;

/** {@link ResponseEvent} as {@code parcours.ResponseEvent}. */
final class ResponseEventMarshaller implements MessageMarshaller<ResponseEvent> {

  @Override
  public ResponseEvent readFrom(ProtoStreamReader reader) throws IOException {
    String actionId = reader.readString("action_id");
    Channel channel = Channel.fromCode(reader.readString("channel"));
    Outcome outcome = Outcome.fromCode(reader.readString("outcome"));
    return new ResponseEvent(actionId, channel, outcome, Instants.read(reader, "at"));
  }

  @Override
  public void writeTo(ProtoStreamWriter writer, ResponseEvent r) throws IOException {
    writer.writeString("action_id", r.actionId());
    writer.writeString("channel", r.channel().code());
    writer.writeString("outcome", r.outcome().code());
    Instants.write(writer, "at", r.at());
  }

  @Override
  public Class<? extends ResponseEvent> getJavaClass() {
    return ResponseEvent.class;
  }

  @Override
  public String getTypeName() {
    return "parcours.ResponseEvent";
  }
}
