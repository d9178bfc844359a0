package io.parcours.models;

import io.parcours.domain.Action;
import java.util.List;
import java.util.Objects;

/**
 * What an adaptive model sees of an action, whatever the decision: the names of its own features
 * ({@code action=loan}, {@code group=credit}, {@code issue=grow}), built once per action rather
 * than once per decision. In a decision they come after the context's features, and the first two
 * are crossed with it ({@link PropensityFeatures#of(ActionFeatures, List)}).
 *
 * @param actionId the action's id, by which models that learn per action alone know it
 * @param own the action's own features: the action, its product line, its issue
 */
public record ActionFeatures(String actionId, List<String> own) {

  public ActionFeatures {
    Objects.requireNonNull(actionId, "actionId");
    own = List.copyOf(own);
  }

  /** The features of {@code action}. */
  public static ActionFeatures of(Action action) {
    return of(action.id(), action.group(), action.issue().code());
  }

  /** The features of an action known by its id, group and issue codes. */
  public static ActionFeatures of(String actionId, String group, String issue) {
    return new ActionFeatures(
        actionId, List.of("action=" + actionId, "group=" + group, "issue=" + issue));
  }
}
