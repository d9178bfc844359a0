package io.parcours.rules;

import java.util.List;

/**
 * The customer's consents, applied by the engine to every evaluation after the rules have fired,
 * whatever the rule set says: a rule set cannot switch consent off by leaving a file out.
 *
 * <p>Two checks, named as the rules that made them before, so that exclusions and audit records
 * read the same:
 *
 * <ul>
 *   <li>{@value #NO_CONTACT_WITHOUT_CONSENT}: on an outbound decision, an action whose purpose the
 *       customer did not consent to on that channel is excluded — mandatory actions too;
 *   <li>{@value #NO_PROFILING_WITHOUT_CONSENT}: on an inbound decision, a customer who did not
 *       consent to profiling is shown no marketing action chosen for them.
 * </ul>
 *
 * <p>They rank as the rules did, at salience {@value Verdict#CONSENT_SALIENCE}: an action a rule of
 * higher salience excluded keeps that rule's name; one excluded only by a later rule (the contact
 * policy and quiet hours, at -10) is reported as excluded for consent.
 */
final class ConsentChecks {

  static final String NO_CONTACT_WITHOUT_CONSENT = "NoContactWithoutConsent";
  static final String NO_PROFILING_WITHOUT_CONSENT = "NoPersonalisedOffersWithoutProfilingConsent";

  /** The checks' names, which no rule of a rule set may take. */
  static final List<String> NAMES =
      List.of(NO_CONTACT_WITHOUT_CONSENT, NO_PROFILING_WITHOUT_CONSENT);

  private static final String OUTBOUND = "outbound";
  private static final String INBOUND = "inbound";
  private static final String MARKETING = "marketing";

  private ConsentChecks() {}

  /**
   * Applies both checks to {@code candidates}; adds each check that excluded an action to {@code
   * fired}.
   */
  static void apply(
      Customer customer,
      Situation situation,
      Candidate[] candidates,
      Verdict verdict,
      List<String> fired) {
    boolean contact = false;
    boolean profiling = false;
    if (OUTBOUND.equals(situation.getDirection())) {
      String channel = situation.getChannel();
      for (Candidate c : candidates) {
        String purpose = c.getPurpose();
        if (!customer.consentsTo(channel, purpose)) {
          verdict.excludeForConsent(
              c.index(),
              NO_CONTACT_WITHOUT_CONSENT,
              "no consent to " + purpose + " contact by " + channel);
          contact = true;
        }
      }
    } else if (INBOUND.equals(situation.getDirection()) && !customer.isProfilingConsent()) {
      for (Candidate c : candidates) {
        if (MARKETING.equals(c.getPurpose())) {
          verdict.excludeForConsent(
              c.index(),
              NO_PROFILING_WITHOUT_CONSENT,
              "no consent to profiling: offers chosen for the customer are not shown");
          profiling = true;
        }
      }
    }
    if (contact && !fired.contains(NO_CONTACT_WITHOUT_CONSENT)) {
      fired.add(NO_CONTACT_WITHOUT_CONSENT);
    }
    if (profiling && !fired.contains(NO_PROFILING_WITHOUT_CONSENT)) {
      fired.add(NO_PROFILING_WITHOUT_CONSENT);
    }
  }
}
