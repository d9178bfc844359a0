/**
 * The decision vocabulary of Parcours, in the words of {@code GLOSSARY.md}: customer profile,
 * action, channel, journey, decision, proposal, exclusion, response and outcome.
 *
 * <p>Rules of this package: no framework imports (no Jakarta, no Drools, no Tribuo, no JDBC); types
 * are immutable values; every other module depends on this one and it depends on none.
 */
package io.parcours.domain;
