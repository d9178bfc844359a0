package io.parcours.rules;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the rules of one decision conclude, collected as they fire; rule files reach it as the
 * global {@code verdict}.
 *
 * <p>The first word counts: the first rule that excludes an action names the exclusion, the first
 * rule that names a journey's stage sets it, the first do-nothing reason is kept. Weights multiply.
 * A verdict belongs to one evaluation on one thread.
 *
 * <p>The engine tells the verdict which rule is firing before each consequence runs, so a rule
 * never names itself: an exclusion or a stage is recorded under the rule that made it, and a rule
 * cannot claim another rule's name in the audit.
 */
public final class Verdict {

  /** The longest journey or stage id a rule may name. */
  static final int MAX_ID = 64;

  /**
   * The salience of the consent checks the engine applies after the rules, as the rules once had.
   */
  static final int CONSENT_SALIENCE = -6;

  private final String[] excludedBy;
  private final int[] excludedAt;
  private final String[] reasons;
  private final double[] weights;
  private final boolean[] weighed;
  private final Map<String, String> stages = new HashMap<>(8);
  private final Map<String, String> stageRules = new HashMap<>(8);
  private final Set<String> treatments = new HashSet<>(4);
  private String doNothingReason;
  private String firing;
  private int firingSalience;
  private Consumer<JourneyStage> stageFacts = s -> {};

  Verdict(int candidates) {
    excludedBy = new String[candidates];
    excludedAt = new int[candidates];
    reasons = new String[candidates];
    weights = new double[candidates];
    Arrays.fill(weights, 1.0);
    weighed = new boolean[candidates];
  }

  /** Called by the engine before each consequence: the rule about to fire and its salience. */
  void firing(String rule, int salience) {
    firing = rule;
    firingSalience = salience;
  }

  /** Where the journey stages rules name go as facts, so that later rules can match on them. */
  void stageFacts(Consumer<JourneyStage> sink) {
    stageFacts = sink;
  }

  /**
   * Keeps {@code candidate} out of the decision, under the name of the rule that is firing.
   *
   * @param reason why, in plain words, for the customer's advisor and the audit
   */
  public void exclude(Candidate candidate, String reason) {
    exclude(candidate.index(), firing, firingSalience, reason);
  }

  /**
   * Keeps every {@link Candidate} of {@code candidates} out of the decision, as {@link #exclude}.
   */
  public void excludeAll(Collection<?> candidates, String reason) {
    for (Object c : candidates) {
      exclude((Candidate) c, reason);
    }
  }

  private void exclude(int i, String rule, int salience, String reason) {
    if (excludedBy[i] == null) {
      excludedBy[i] = rule;
      excludedAt[i] = salience;
      reasons[i] = reason;
    }
  }

  /**
   * Excludes candidate {@code i} for a consent the customer did not give, as a rule of salience
   * {@link #CONSENT_SALIENCE} would have: it takes the place of an exclusion by a rule that fires
   * later (a lower salience) and leaves one by a rule that fires earlier.
   */
  void excludeForConsent(int i, String rule, String reason) {
    if (excludedBy[i] != null && excludedAt[i] >= CONSENT_SALIENCE) {
      return;
    }
    excludedBy[i] = rule;
    excludedAt[i] = CONSENT_SALIENCE;
    reasons[i] = reason;
  }

  /**
   * Multiplies the context weight of {@code candidate} by {@code weight}: above 1 makes the action
   * more relevant in this situation, below 1 less.
   *
   * @throws IllegalArgumentException when {@code weight} is negative, infinite or not a number
   */
  public void weigh(Candidate candidate, double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "context weight for "
              + candidate.getId()
              + " must be a finite number ≥ 0, was "
              + weight);
    }
    int i = candidate.index();
    weights[i] *= weight;
    weighed[i] = true;
  }

  /**
   * Places the customer at {@code stage} of {@code journey}, under the name of the rule that is
   * firing, and makes the stage a {@link JourneyStage} fact that applicability rules can match on.
   * The first stage named for a journey holds; naming another for the same journey changes nothing.
   */
  public void stage(String journey, String stage) {
    if (journey == null || stage == null || journey.length() > MAX_ID || stage.length() > MAX_ID) {
      // Stages are facts other rules read back: an id built from another stage's id could otherwise
      // double in length at every firing and exhaust memory long before the firing limit.
      throw new IllegalArgumentException(
          "a journey stage needs a journey and a stage of at most "
              + MAX_ID
              + " characters each, was "
              + abbreviated(journey)
              + ", "
              + abbreviated(stage));
    }
    if (stages.putIfAbsent(journey, stage) == null) {
      stageRules.put(journey, firing);
      stageFacts.accept(new JourneyStage(journey, stage));
    }
  }

  /**
   * Records that no commercial action may be shown, and why; service and resilience actions the
   * rules left eligible may still be.
   */
  public void doNothing(String reason) {
    if (doNothingReason == null) {
      doNothingReason = reason;
    }
  }

  /**
   * Records that the customer meets the eligibility of treatment {@code treatmentId} of action
   * {@code actionId}. The engine writes one such rule for each treatment with an eligibility
   * condition in the action library; a treatment without a condition needs none.
   */
  public void treatment(String actionId, String treatmentId) {
    if (actionId == null
        || treatmentId == null
        || actionId.length() > MAX_ID * 2
        || treatmentId.length() > MAX_ID * 2) {
      throw new IllegalArgumentException("a treatment is named by its action id and its own id");
    }
    treatments.add(actionId + "/" + treatmentId);
  }

  private static String abbreviated(String id) {
    return id == null
        ? "null"
        : id.length() <= MAX_ID
            ? id
            : id.substring(0, MAX_ID) + "… (" + id.length() + " characters)";
  }

  String excludedBy(int index) {
    return excludedBy[index];
  }

  String reason(int index) {
    return reasons[index];
  }

  /** The weight of candidate {@code index}, or {@code NaN} when no rule weighed it. */
  double weight(int index) {
    return weighed[index] ? weights[index] : Double.NaN;
  }

  Map<String, String> stages() {
    return stages;
  }

  Map<String, String> stageRules() {
    return stageRules;
  }

  String doNothingReason() {
    return doNothingReason;
  }

  /** Whether a rule recorded that the customer meets the eligibility of treatment {@code key}. */
  boolean treatmentEligible(String key) {
    return treatments.contains(key);
  }
}
