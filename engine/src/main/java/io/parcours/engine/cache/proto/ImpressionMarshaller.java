package io.parcours.engine.cache.proto;

import io.parcours.domain.Channel;
import io.parcours.domain.Impression;
import java.io.IOException;
import org.infinispan.protostream.MessageMarshaller;

/** {@link Impression} as {@code parcours.Impression}. */
final class ImpressionMarshaller implements MessageMarshaller<Impression> {

  @Override
  public Impression readFrom(ProtoStreamReader reader) throws IOException {
    String actionId = reader.readString("action_id");
    Channel channel = Channel.fromCode(reader.readString("channel"));
    return new Impression(actionId, channel, Instants.read(reader, "at"));
  }

  @Override
  public void writeTo(ProtoStreamWriter writer, Impression i) throws IOException {
    writer.writeString("action_id", i.actionId());
    writer.writeString("channel", i.channel().code());
    Instants.write(writer, "at", i.at());
  }

  @Override
  public Class<? extends Impression> getJavaClass() {
    return Impression.class;
  }

  @Override
  public String getTypeName() {
    return "parcours.Impression";
  }
}
