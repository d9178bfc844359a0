package io.parcours.engine.cache.proto;

import io.parcours.engine.cache.CurrentStages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.infinispan.protostream.MessageMarshaller;

/**
 * {@link CurrentStages} as {@code parcours.CurrentStages}: a repeated {@code StageOfJourney}, each
 * written by {@link StageOfJourneyMarshaller}.
 */
final class CurrentStagesMarshaller implements MessageMarshaller<CurrentStages> {

  @Override
  public CurrentStages readFrom(ProtoStreamReader reader) throws IOException {
    Map<String, String> byJourney = new HashMap<>();
    for (StageOfJourney s :
        reader.readCollection("stages", new ArrayList<>(), StageOfJourney.class)) {
      byJourney.put(s.journey(), s.stage());
    }
    return new CurrentStages(byJourney);
  }

  @Override
  public void writeTo(ProtoStreamWriter writer, CurrentStages stages) throws IOException {
    List<StageOfJourney> list = new ArrayList<>(stages.byJourney().size());
    stages.byJourney().forEach((journey, stage) -> list.add(new StageOfJourney(journey, stage)));
    writer.writeCollection("stages", list, StageOfJourney.class);
  }

  @Override
  public Class<? extends CurrentStages> getJavaClass() {
    return CurrentStages.class;
  }

  @Override
  public String getTypeName() {
    return "parcours.CurrentStages";
  }

  /** One journey and the customer's stage in it. */
  record StageOfJourney(String journey, String stage) {}

  /** {@link StageOfJourney} as {@code parcours.StageOfJourney}. */
  static final class StageOfJourneyMarshaller implements MessageMarshaller<StageOfJourney> {

    @Override
    public StageOfJourney readFrom(ProtoStreamReader reader) throws IOException {
      return new StageOfJourney(reader.readString("journey"), reader.readString("stage"));
    }

    @Override
    public void writeTo(ProtoStreamWriter writer, StageOfJourney s) throws IOException {
      writer.writeString("journey", s.journey());
      writer.writeString("stage", s.stage());
    }

    @Override
    public Class<? extends StageOfJourney> getJavaClass() {
      return StageOfJourney.class;
    }

    @Override
    public String getTypeName() {
      return "parcours.StageOfJourney";
    }
  }
}
