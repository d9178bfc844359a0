/**
 * The outbound queue: decisions made when an event triggers them, waiting per channel for the
 * delivery system; cancelled when the customer accepts the action elsewhere or withdraws the
 * consent it needs.
 */
package io.parcours.engine.outbound;
