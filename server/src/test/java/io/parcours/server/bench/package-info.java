/**
 * The benchmarks: the decision engine in this JVM (JMH and CPU per decision), an HTTP load
 * generator for a running server, the ranking quality of the online propensity learner on real
 * data, and the adaptive models against other policies in a simulated world of known truth ({@code
 * sim}). Each one is a main class run by the {@code bench} profile of this module, after {@code mvn
 * -DskipTests install} of the project:
 *
 * <pre>
 * mvn -pl server -Pbench -DskipTests verify                                  # JMH: decide, ops/s and percentiles
 * mvn -pl server -Pbench -DskipTests verify -Dbench=DecisionCpuCost          # process CPU time per decision
 * mvn -pl server -Pbench -DskipTests verify -Dbench=HttpLoadGenerator        # constant-rate load on :8080
 * mvn -pl server -Pbench -DskipTests verify -Dbench=BankMarketingBenchmark   # AUC: online probit, Tribuo, VW
 * mvn -pl server -Pbench -DskipTests verify -Dbench=JourneySimulationBenchmark # policies in a simulated world
 * </pre>
 *
 * <p>Arguments go in {@code -Dbench.args="…"}: JMH's own options for the JMH runner (for a short
 * run {@code -wi 1 -i 1 -w 2s -r 2s}), {@code --name value} pairs for the others ({@code --help}
 * lists them).
 *
 * <p>Rules of this package: every figure printed is measured by the run that prints it; nothing
 * here is a test of behaviour (those are the {@code *IT} classes); a load generator talks only to
 * loopback addresses, is bounded in requests and in time, and stops by itself; a failure to start
 * or to log in is one clear line and a non-zero exit.
 */
package io.parcours.server.bench;
