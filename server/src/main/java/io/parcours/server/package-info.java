/**
 * Runs Parcours for real on one machine: an embedded PostgreSQL (unless a database is configured),
 * a Payara Server domain, the EAR deployed, the demo loaded.
 */
package io.parcours.server;
