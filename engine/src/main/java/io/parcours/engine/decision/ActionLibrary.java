package io.parcours.engine.decision;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.models.ActionFeatures;
import io.parcours.models.PropensityModels;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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

  /** Each action's model features, built once rather than once per decision. */
  private final Map<String, ActionFeatures> modelFeatures;

  public ActionLibrary(List<Action> actions) {
    Map<String, Action> ids = new LinkedHashMap<>();
    Map<String, ActionFeatures> own = new HashMap<>();
    Map<Channel, List<Action>> channels = new EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      channels.put(c, new ArrayList<>());
    }
    for (Action a : actions) {
      ids.put(a.id(), a);
      own.put(a.id(), ActionFeatures.of(a));
      for (Channel c : a.channels()) {
        channels.get(c).add(a);
      }
    }
    channels.replaceAll((c, list) -> List.copyOf(list));
    this.byId = Map.copyOf(ids);
    this.modelFeatures = Map.copyOf(own);
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
   * What an adaptive model sees of {@code actionId} ({@link PropensityModels#learn(ActionFeatures,
   * Channel, List, io.parcours.domain.Outcome, long)}); an action no longer in the library keeps
   * its own id, with an unknown group and issue.
   */
  public ActionFeatures modelFeatures(String actionId) {
    ActionFeatures known = modelFeatures.get(actionId);
    return known != null ? known : ActionFeatures.of(actionId, "unknown", "unknown");
  }
}
