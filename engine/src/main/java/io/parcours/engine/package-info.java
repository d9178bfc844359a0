/**
 * The decision facade: the one door through which channels, consoles and tools reach the engine.
 *
 * <p>Rules of this package: the facade is a stateless EJB that validates nothing the web layer
 * already validated, translates nothing, and delegates to the {@link
 * io.parcours.engine.decision.DecisionEngine}; the exceptions here are application exceptions that
 * say what the caller did wrong, so the web layer can answer 4xx with a precise message.
 */
package io.parcours.engine;
