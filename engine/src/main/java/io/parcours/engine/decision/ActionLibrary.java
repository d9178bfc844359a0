package io.parcours.engine.decision;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.models.PropensityFeatures;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The active actions, indexed by id and by channel; immutable, so decisions read it without locks.
 */
public final class ActionLibrary {

  private final Map<String, Action> byId;
  private final Map<Channel, List<Action>> byChannel;

  public ActionLibrary(List<Action> actions) {
    Map<String, Action> ids = new LinkedHashMap<>();
    Map<Channel, List<Action>> channels = new EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      channels.put(c, new ArrayList<>());
    }
    for (Action a : actions) {
      ids.put(a.id(), a);
      for (Channel c : a.channels()) {
        channels.get(c).add(a);
      }
    }
    channels.replaceAll((c, list) -> List.copyOf(list));
    this.byId = Map.copyOf(ids);
    this.byChannel = channels;
    this.all = List.copyOf(ids.values());
  }

  private final List<Action> all;

  /** All actions, in library order. */
  public List<Action> all() {
    return all;
  }

  /** The actions with a treatment on {@code channel}: a decision's candidates. */
  public List<Action> candidates(Channel channel) {
    return byChannel.get(channel);
  }

  /** The action with {@code id}, if in the library. */
  public Optional<Action> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The features an adaptive model sees for {@code actionId} in a decision's {@code context}; an
   * action no longer in the library keeps its own id, with an unknown group and issue.
   */
  public List<String> modelFeatures(String actionId, List<String> context) {
    return find(actionId)
        .map(a -> PropensityFeatures.of(a, context))
        .orElseGet(() -> PropensityFeatures.of(actionId, "unknown", "unknown", context));
  }
}
