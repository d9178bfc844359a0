package io.parcours.engine.decision;

import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Impression;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.cache.CurrentStages;
import io.parcours.engine.cache.InfinispanCaches;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.context.Flag;

/**
 * What the engine knows of a customer while deciding: profile, contact history and current journey
 * stages, from the caches. The caches load what they miss from PostgreSQL themselves (their stores
 * are configured in the cache configuration), so this class reads them as if they held everything.
 *
 * <p>A decision claims the history it was made on before its audit record is written (ADR 0019):
 * the claim replaces the history it read, on the entry's owner, only if nobody changed it since.
 */
public final class CustomerState {

  /** How long a claimed history is kept unless the decision's commit confirms it. */
  static final long CLAIM_LIFESPAN_MS = 30_000;

  private final Cache<String, CustomerProfile> profiles;
  private final Cache<String, ContactHistory> histories;
  private final Cache<String, CurrentStages> stages;

  public CustomerState(
      Cache<String, CustomerProfile> profiles,
      Cache<String, ContactHistory> histories,
      Cache<String, CurrentStages> stages) {
    this.profiles = profiles;
    this.histories = histories;
    this.stages = stages;
  }

  /**
   * The customer's profile.
   *
   * @throws UnknownCustomerException when there is none
   */
  public CustomerProfile profile(String customerId) {
    CustomerProfile profile = profiles.get(customerId);
    if (profile == null) {
      throw new UnknownCustomerException(customerId);
    }
    return profile;
  }

  /** The customer's profile, or null when there is none (merged or erased meanwhile). */
  CustomerProfile profileIfAny(String customerId) {
    return profiles.get(customerId);
  }

  /**
   * The cached contact history as it is now, or null when the customer has none: what a later
   * {@link #claim} compares against.
   */
  ContactHistory seenHistory(String customerId) {
    return histories.get(customerId);
  }

  /** The customer's contact history, empty when there is none. */
  ContactHistory history(String customerId) {
    ContactHistory history = histories.get(customerId);
    return history == null ? ContactHistory.empty(customerId) : history;
  }

  /** The customer's stage per journey. */
  Map<String, String> stages(String customerId) {
    CurrentStages known = stages.get(customerId);
    return known == null ? Map.of() : known.byJourney();
  }

  /** Puts the customer's stages after their changes were recorded. */
  void stagesRecorded(String customerId, Map<String, String> byJourney) {
    stages
        .getAdvancedCache()
        .withFlags(Flag.IGNORE_RETURN_VALUES)
        .put(customerId, new CurrentStages(byJourney));
  }

  /**
   * Claims the customer's cached history for a decision: replaces the history the decision was made
   * on with the same history and the decision's impressions, on the entry's owner, if and only if
   * nobody changed it since it was read. The claim lives {@link #CLAIM_LIFESPAN_MS} unless {@link
   * #confirm} follows, so that a node killed before its commit leaves no impression that never
   * happened for longer than that.
   *
   * @return false when the history changed since {@code seen} was read: the decision is to be made
   *     again
   */
  boolean claim(String customerId, ContactHistory seen, ContactHistory claimed) {
    AdvancedCache<String, ContactHistory> memory =
        histories.getAdvancedCache().withFlags(Flag.SKIP_CACHE_LOAD);
    if (seen == null) {
      return memory.putIfAbsent(customerId, claimed, CLAIM_LIFESPAN_MS, TimeUnit.MILLISECONDS)
          == null;
    }
    return memory.replace(customerId, seen, claimed, CLAIM_LIFESPAN_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Keeps a claim for the history's usual lifespan once its decision is committed. When a response
   * changed the entry in between, it was written with that lifespan already.
   */
  void confirm(String customerId, ContactHistory claimed) {
    histories
        .getAdvancedCache()
        .withFlags(Flag.SKIP_CACHE_LOAD)
        .replace(customerId, claimed, claimed);
  }

  /** Takes back the impressions of a decision that was not recorded. */
  void unclaim(String customerId, List<Impression> impressions) {
    if (!impressions.isEmpty()) {
      InfinispanCaches.updateIfCached(histories, customerId, h -> h.without(impressions));
    }
  }

  /**
   * Forgets the cached profile, on every node, after a change made in PostgreSQL (a consent
   * withdrawn, an import, an event): the very next decision loads it again.
   */
  public void reloadProfile(String customerId) {
    profiles.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES).remove(customerId);
  }

  /**
   * Forgets everything cached about a customer (profile, contact history, stages), on every node,
   * after a merge or an erasure changed them in PostgreSQL.
   */
  public void forget(String customerId) {
    profiles.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES).remove(customerId);
    histories.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES).remove(customerId);
    stages.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES).remove(customerId);
  }
}
