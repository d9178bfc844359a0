/**
 * What a strategy version declares besides its rules, and the data files it declares it in: the
 * action library with each action's treatments, the journeys and their stages, the event types with
 * their triggers and derived features.
 *
 * <p>Rules of this package: files in, values out, nothing stored. {@link
 * io.parcours.engine.strategy.StrategyFiles} reads and writes the files and reports every problem
 * with its file and line; {@link io.parcours.engine.strategy.StrategyVersion} puts them together
 * with the compiled rules; {@link io.parcours.engine.strategy.StrategyDiff} compares two versions
 * item by item and {@link io.parcours.engine.strategy.StrategyEdit} makes the files of a new
 * version from an edit. Storing, reviewing and activating a version is {@link
 * io.parcours.engine.rules.RuleSetLifecycle}'s.
 */
package io.parcours.engine.strategy;
