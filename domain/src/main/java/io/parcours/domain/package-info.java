/**
 * The decision vocabulary of Parcours, in the words of {@code GLOSSARY.md}: customer profile,
 * action, channel, journey, decision, proposal, exclusion, response and outcome.
 *
 * <p>It also holds the records Parcours keeps about them and shows its users: audit records,
 * consent changes, journey stages and stage changes, outbound contacts, identity links, profile
 * merges and erasures, rule-set versions with their reviews, activations and changes, and the roles
 * of model versions. The database module writes and reads them; the engine's facades hand them to
 * the web module, which so never needs the database module's types.
 *
 * <p>Rules of this package: no framework imports (no Jakarta, no Drools, no Tribuo, no JDBC); types
 * are immutable values; every other module depends on this one and it depends on none.
 */
package io.parcours.domain;
