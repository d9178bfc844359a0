/**
 * The path of a decision: candidate actions for the channel, the active rule set, the adaptive
 * models' propensities, arbitration, and the durable audit record without which no answer is given.
 *
 * <p>Rules of this package: plain Java (no container APIs), so the same engine runs in Payara, in
 * benchmarks and in tests; nothing on the decision path blocks on I/O but a cache miss and the
 * group commit of the audit trail.
 */
package io.parcours.engine.decision;
