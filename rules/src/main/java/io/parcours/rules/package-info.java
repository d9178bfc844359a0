/**
 * Rule sets and the {@link io.parcours.rules.RuleEngine} that runs them: a rule set is a versioned
 * bundle of DRL files and decision tables ({@link io.parcours.rules.RuleSetSource}); compiling it
 * gives an immutable engine that fires the rules once per decision, statelessly, and reports the
 * journey stages, the eligible actions, the exclusions with the rule that made each, the context
 * weights and the rules that fired ({@link io.parcours.rules.RuleEvaluation}).
 *
 * <p>Rule files see the decision through JavaBean facts of this package — {@link
 * io.parcours.rules.Customer}, {@link io.parcours.rules.Situation} and one {@link
 * io.parcours.rules.Candidate} per action — and report through the global {@code verdict} ({@link
 * io.parcours.rules.Verdict}), and may use nothing else: {@code RuleConfinement} checks every file
 * on Drools' parsed rules before anything is compiled. The engine tells the verdict which rule
 * fires, stops an evaluation past its {@link io.parcours.rules.EvaluationLimits}, and applies the
 * customer's consents after the rules ({@code ConsentChecks}).
 *
 * <p>The rule set shipped in this jar lives in the resource folder {@code io/parcours/rules/},
 * which mirrors this package: {@code journey-stages.drl}, {@code eligibility.drl} and the decision
 * table {@code contact-policy.xlsx}.
 *
 * <p>Rules of this package: depends on the domain and Drools only (no Jakarta), so that it runs the
 * same in unit tests, benchmarks and an application server; gives the compiler its own class loader
 * explicitly; never prints or logs on the evaluation path.
 */
package io.parcours.rules;
