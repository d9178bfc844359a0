package io.parcours.models;

import io.parcours.models.online.OnlineProbitLearner;
import java.util.List;

/**
 * The families of adaptive models the engine can run, by the name their snapshots are stored under.
 */
public final class ModelFamilies {

  /** The family used unless configured otherwise. */
  public static final String DEFAULT = ContextualProbitModels.FAMILY;

  /** Every family name. */
  public static final List<String> NAMES =
      List.of(ContextualProbitModels.FAMILY, ModelSnapshot.FAMILY);

  private ModelFamilies() {}

  /**
   * Models of {@code family} that have learned nothing, the probit ones with the default settings.
   *
   * @throws IllegalArgumentException naming the families when {@code family} is none of them
   */
  public static PropensityModels create(String family) {
    return create(family, ContextualProbitModels.defaultSettings());
  }

  /**
   * Models of {@code family} that have learned nothing; {@code probit} settings the probit models'
   * (the beta family has none).
   *
   * @throws IllegalArgumentException naming the families when {@code family} is none of them
   */
  public static PropensityModels create(String family, OnlineProbitLearner.Settings probit) {
    return switch (check(family)) {
      case ContextualProbitModels.FAMILY -> new ContextualProbitModels(probit);
      default -> new BetaBernoulliModels(Prior.DEFAULT);
    };
  }

  /**
   * Models of {@code family} continuing from a saved state of that family, with the default
   * settings.
   */
  public static PropensityModels restore(String family, byte[] content) {
    return restore(family, content, ContextualProbitModels.defaultSettings());
  }

  /**
   * Models of {@code family} continuing from a saved state of that family. The probit models learn
   * on with {@code probit}, which need not be the settings the state was learned with.
   */
  public static PropensityModels restore(
      String family, byte[] content, OnlineProbitLearner.Settings probit) {
    return switch (check(family)) {
      case ContextualProbitModels.FAMILY -> ContextualProbitModels.restore(content, probit);
      default -> BetaBernoulliModels.restore(ModelSnapshot.fromBytes(content), Prior.DEFAULT);
    };
  }

  private static String check(String family) {
    if (!NAMES.contains(family)) {
      throw new IllegalArgumentException(
          "unknown model family '" + family + "'; use one of " + NAMES);
    }
    return family;
  }
}
