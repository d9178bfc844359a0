package io.parcours.engine;

import io.parcours.domain.Channel;
import io.parcours.engine.rules.RuleSetLifecycle;
import io.parcours.engine.runtime.EngineRuntime;
import io.parcours.engine.strategy.Simulations;
import io.parcours.engine.strategy.StrategyVersion;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.util.List;

/**
 * The impact preview of a strategy version before it goes live: its decisions and those of the
 * version in force side by side on a sample of stored customers, run in the background with its
 * progress visible, cancellable.
 */
@Stateless
@Interceptors(DatabaseAway.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SimulationFacade {

  @EJB EngineRuntime runtime;

  private Simulations simulations() {
    return runtime.engine().simulations();
  }

  /**
   * Starts simulating stored version {@code version} against the version in force.
   *
   * @throws UnknownRuleSetException when the version is not stored
   * @throws RuleSetRejectedException when it no longer compiles
   */
  public Simulations.Run start(
      String by, String version, List<Channel> channels, int sample, long seed) {
    RuleSetLifecycle lifecycle = runtime.engine().ruleSets();
    StrategyVersion candidate = lifecycle.compiled(version);
    return simulations()
        .start(by, candidate, lifecycle.inForce(), new Simulations.Request(channels, sample, seed));
  }

  /**
   * Simulation {@code id} of version {@code version}.
   *
   * @throws UnknownSimulationException when this node holds no such simulation of that version
   */
  public Simulations.Run find(String version, String id) {
    String wanted = resolve(version);
    return simulations()
        .find(id)
        .filter(r -> r.candidate().equals(wanted))
        .orElseThrow(
            () ->
                new UnknownSimulationException(
                    "no simulation '"
                        + id
                        + "' of version "
                        + wanted
                        + " on this node; start one with POST"
                        + " /api/v1/rulesets/"
                        + wanted
                        + "/simulation"));
  }

  /** The simulations of version {@code version} this node holds, newest first. */
  public List<Simulations.Run> list(String version) {
    String wanted = resolve(version);
    return simulations().list().stream().filter(r -> r.candidate().equals(wanted)).toList();
  }

  /** Asks simulation {@code id} of version {@code version} to stop; returns it. */
  public Simulations.Run cancel(String version, String id) {
    Simulations.Run run = find(version, id);
    simulations().cancel(id);
    return run;
  }

  private String resolve(String version) {
    return "active".equals(version) ? runtime.engine().ruleSets().activeVersion() : version;
  }
}
