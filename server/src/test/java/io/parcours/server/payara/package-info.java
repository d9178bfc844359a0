/**
 * Payara Server domains of a Payara copy of their own, for the programs that run Parcours as it is
 * deployed and look at it from outside: the crash suite ({@code crash}) and the soak benchmark
 * ({@code bench}). A domain gets the engine's settings in its environment ({@link
 * io.parcours.server.payara.DemoEnvironment}) and is driven with {@code asadmin} ({@link
 * io.parcours.server.payara.PayaraDomain}).
 */
package io.parcours.server.payara;
