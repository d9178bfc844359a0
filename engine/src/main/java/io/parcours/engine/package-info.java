/**
 * The engine's facades: the one door through which channels, consoles and tools reach the engine,
 * one facade per concern: decisions ({@link io.parcours.engine.DecisionFacade}), customers ({@link
 * io.parcours.engine.CustomerFacade}), users ({@link io.parcours.engine.UserFacade}), rule sets and
 * journeys, models, events, imports, simulations, the outbound queue and operations.
 *
 * <p>Rules of this package: a facade is a stateless EJB that validates nothing the web layer
 * already validated, translates nothing, and delegates to the engine (the {@link
 * io.parcours.engine.decision.DecisionEngine} and its peers); what it returns is a domain or an
 * engine type, never a type of the database module, so that the web layer depends on the engine's
 * contract only; the exceptions here are application exceptions that say what the caller did wrong,
 * so the web layer can answer 4xx with a precise message.
 */
package io.parcours.engine;
