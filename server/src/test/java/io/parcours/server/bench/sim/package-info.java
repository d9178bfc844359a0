/**
 * A simulated world of customers whose true response to each action is known, and the policies
 * compared in it ({@link io.parcours.server.bench.JourneySimulationBenchmark}): Parcours' adaptive
 * models, a uniform random choice, the oracle that knows the truth, and Vowpal Wabbit's contextual
 * bandit.
 *
 * <p>Rules of this package: everything is seeded, so a run is reproduced by its seed; every policy
 * meets the same stream of decisions and the same response to the same choice; a policy sees what
 * the engine would see (profiles, requests, journey stages, the actions), never the truth, except
 * the oracle, which is there to measure regret.
 */
package io.parcours.server.bench.sim;
