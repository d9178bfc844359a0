package io.parcours.domain;

import java.util.List;
import java.util.Objects;

/**
 * A purpose-driven path a customer may travel, made of stages in their usual order. The order is
 * for people reading it: the current stage is found afresh at every decision, and customers skip,
 * go back and stall.
 *
 * @param id stable identifier, used by actions and rules (for example {@code retention})
 * @param name what a person reads
 * @param stages the stage identifiers in their usual order, each once
 * @param description what the journey is for
 */
public record Journey(String id, String name, List<String> stages, String description) {

  public Journey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    stages = List.copyOf(stages);
    if (stages.isEmpty() || stages.stream().distinct().count() != stages.size()) {
      throw new IllegalArgumentException("journey " + id + " needs distinct stages, at least one");
    }
    description = description == null ? "" : description;
  }

  /** Whether {@code stage} is one of this journey's stages. */
  public boolean has(String stage) {
    return stages.contains(stage);
  }
}
