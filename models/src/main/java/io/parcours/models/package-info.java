/**
 * Adaptive propensity models: estimates, learned online from each response, of the probability that
 * a customer responds positively to an action on a channel.
 *
 * <p>{@link io.parcours.models.PropensityModels} is the contract the engine calls: score an action
 * (posterior mean plus a Thompson draw for exploration), learn from a response, take a snapshot.
 * {@link io.parcours.models.BetaBernoulliModels} implements it with one Beta-Bernoulli posterior
 * per action and channel; {@link io.parcours.models.ModelSnapshot} is the versioned artifact that
 * is stored and restored.
 *
 * <p>Rules of this package: it depends on the domain and on Apache Commons RNG only (no Jakarta, no
 * JDBC, no rules); values are immutable; scoring never takes a lock; one writer thread learns.
 */
package io.parcours.models;
