package io.parcours.models;

import java.util.List;

/** The families of adaptive models the engine can run, by the name their snapshots are stored under. */
public final class ModelFamilies {

  /** The family used unless configured otherwise. */
  public static final String DEFAULT = ContextualProbitModels.FAMILY;

  /** Every family name. */
  public static final List<String> NAMES = List.of(ContextualProbitModels.FAMILY, ModelSnapshot.FAMILY);

  private ModelFamilies() {}

  /**
   * Models of {@code family} that have learned nothing.
   *
   * @throws IllegalArgumentException naming the families when {@code family} is none of them
   */
  public static PropensityModels create(String family) {
    return switch (check(family)) {
      case ContextualProbitModels.FAMILY -> new ContextualProbitModels(ContextualProbitModels.defaultSettings());
      default -> new BetaBernoulliModels(Prior.DEFAULT);
    };
  }

  /** Models of {@code family} continuing from a saved state of that family. */
  public static PropensityModels restore(String family, byte[] content) {
    return switch (check(family)) {
      case ContextualProbitModels.FAMILY ->
          ContextualProbitModels.restore(content, ContextualProbitModels.defaultSettings());
      default -> BetaBernoulliModels.restore(ModelSnapshot.fromBytes(content), Prior.DEFAULT);
    };
  }

  private static String check(String family) {
    if (!NAMES.contains(family)) {
      throw new IllegalArgumentException("unknown model family '" + family + "'; use one of " + NAMES);
    }
    return family;
  }
}
