package io.parcours.engine.identities;

import io.parcours.db.PersistenceException;
import io.parcours.db.PostgresIdentities;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Identity;
import io.parcours.domain.IdentityOwner;
import io.parcours.domain.IdentityType;
import io.parcours.domain.LinkedIdentity;
import io.parcours.domain.ProfileMerge;
import io.parcours.engine.EngineUnavailableException;
import io.parcours.engine.IdentityConflictException;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.decision.CustomerLocks;
import io.parcours.engine.decision.CustomerState;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the profile an identifier belongs to, makes anonymous profiles for identifiers nobody knew,
 * and links identifiers to profiles, merging two profiles when an identifier shows they are one
 * person.
 *
 * <p>When a link joins two profiles: if one is known (it has a customer number) and the other
 * anonymous, the anonymous one is merged into the known one; if both are anonymous, the one the
 * identifier is linked to survives. Two known customers are never merged by a link: an identifier
 * they share (a family tablet) moves to the customer who used it last, and a customer number linked
 * to another customer number is refused. A merge takes the fields by {@link MergePrecedence}, moves
 * the absorbed profile's history (so contact caps count both), events, consents, identities and
 * keys to the survivor, and is recorded; the absorbed id resolves to the survivor afterwards.
 */
public final class IdentityGraph {

  /** Anonymous profiles are made with these values until something is known. */
  static final String UNKNOWN = "unknown";

  /** What linking an identifier to a profile did. */
  public enum Outcome {
    /** The identifier was nobody's: it is the profile's now. */
    LINKED,
    /** It was the profile's already. */
    ALREADY,
    /** It was another known customer's: it moved. */
    MOVED,
    /** It was another profile's, and the two profiles were merged. */
    MERGED
  }

  /**
   * The result of a link.
   *
   * @param customerId the profile the identifier belongs to now (the survivor of a merge)
   * @param merge the merge it made, if any
   */
  public record Link(Outcome outcome, String customerId, Optional<ProfileMerge> merge) {}

  private final PostgresIdentities store;
  private final MergePrecedence precedence;
  private final CustomerState customers;
  private final CustomerLocks locks;
  private final Clock clock;

  public IdentityGraph(
      PostgresIdentities store,
      MergePrecedence precedence,
      CustomerState customers,
      CustomerLocks locks,
      Clock clock) {
    this.store = store;
    this.precedence = precedence;
    this.customers = customers;
    this.locks = locks;
    this.clock = clock;
  }

  /**
   * The profile {@code identity} belongs to, if any (a customer number merged away names its
   * survivor).
   */
  public Optional<IdentityOwner> find(Identity identity) {
    try {
      return store.owner(identity);
    } catch (PersistenceException e) {
      throw new EngineUnavailableException("the identity could not be resolved; retry", e);
    }
  }

  /**
   * The profile a customer id names now: the id itself, or the profile it was merged into.
   *
   * @throws UnknownCustomerException when it names none
   */
  public String current(String customerId) {
    return find(new Identity(IdentityType.CUSTOMER_NUMBER, customerId))
        .orElseThrow(() -> new UnknownCustomerException(customerId))
        .customerId();
  }

  /**
   * The profile of {@code identity}; an identifier nobody knew (other than a customer number, which
   * only the brand issues) gets a new anonymous profile.
   *
   * @param source where the identifier was seen, recorded with the link
   * @throws UnknownCustomerException for an unknown customer number
   */
  public String findOrCreate(Identity identity, String source) {
    Optional<IdentityOwner> owner = find(identity);
    if (owner.isPresent()) {
      return owner.get().customerId();
    }
    if (identity.type() == IdentityType.CUSTOMER_NUMBER) {
      throw new UnknownCustomerException(identity.value());
    }
    try {
      return store.createAnonymous(anonymousProfile(), identity, clock.instant(), source);
    } catch (PersistenceException e) {
      throw new EngineUnavailableException("the anonymous profile could not be stored; retry", e);
    }
  }

  /**
   * Links {@code identity} to the profile {@code customerId} names, merging profiles as the class
   * describes.
   *
   * @param cause why, recorded with a merge (it must not contain the identifier itself)
   * @throws UnknownCustomerException when {@code customerId} names no profile
   * @throws IdentityConflictException when the identity is the customer number of another known
   *     customer
   */
  public Link link(String customerId, Identity identity, String source, String cause) {
    String subject = current(customerId);
    boolean subjectAnonymous =
        store.anonymous(subject).orElseThrow(() -> new UnknownCustomerException(customerId));
    Optional<IdentityOwner> owner = find(identity);
    try {
      if (owner.isEmpty()) {
        if (identity.type() == IdentityType.CUSTOMER_NUMBER) {
          throw new UnknownCustomerException(identity.value());
        }
        store.link(subject, identity, clock.instant(), source);
        return new Link(Outcome.LINKED, subject, Optional.empty());
      }
      IdentityOwner other = owner.get();
      if (other.customerId().equals(subject)) {
        return new Link(Outcome.ALREADY, subject, Optional.empty());
      }
      if (!other.anonymous() && !subjectAnonymous) {
        if (identity.type() == IdentityType.CUSTOMER_NUMBER) {
          throw new IdentityConflictException(
              "customer number "
                  + identity.value()
                  + " is another known customer's"
                  + " profile than "
                  + subject
                  + "; two known customers are never merged by a link");
        }
        store.link(subject, identity, clock.instant(), source);
        customers.forget(other.customerId());
        return new Link(Outcome.MOVED, subject, Optional.empty());
      }
      // the known profile survives; between two anonymous ones, the profile the identifier is
      // linked to
      String survivor = subjectAnonymous && !other.anonymous() ? other.customerId() : subject;
      String absorbed = survivor.equals(subject) ? other.customerId() : subject;
      Optional<ProfileMerge> merge = merge(absorbed, survivor, cause);
      if (merge.isEmpty()) {
        // one of the two was merged or erased meanwhile: resolve again from what is stored now
        return link(customerId, identity, source, cause);
      }
      return new Link(Outcome.MERGED, survivor, merge);
    } catch (PersistenceException e) {
      throw new EngineUnavailableException("the identity could not be linked; retry", e);
    }
  }

  /**
   * Merges {@code absorbed} into {@code survivor} while no decision for either is in flight on this
   * node, then forgets both in the caches.
   */
  public Optional<ProfileMerge> merge(String absorbed, String survivor, String cause) {
    Optional<ProfileMerge> merge =
        locks.exclusively(
            List.of(absorbed, survivor),
            () ->
                store.merge(
                    absorbed,
                    survivor,
                    (s, sAnonymous, a, aAnonymous) ->
                        precedence.combine(s, sAnonymous, a, aAnonymous, clock.instant()),
                    cause,
                    clock.instant()));
    customers.forget(absorbed);
    customers.forget(survivor);
    return merge;
  }

  /** The identifiers linked to a profile, and the merges it absorbed. */
  public record Identities(
      List<LinkedIdentity> identities, List<ProfileMerge> merges, boolean anonymous) {}

  /**
   * What identifies a profile.
   *
   * @throws UnknownCustomerException when there is no such profile
   */
  public Identities of(String customerId) {
    boolean anonymous =
        store.anonymous(customerId).orElseThrow(() -> new UnknownCustomerException(customerId));
    return new Identities(store.identities(customerId), store.mergesInto(customerId), anonymous);
  }

  private CustomerProfile anonymousProfile() {
    return new CustomerProfile(
        PostgresIdentities.anonymousId(),
        "anonymous",
        0,
        UNKNOWN,
        UNKNOWN,
        0,
        Set.of(),
        0,
        0,
        0,
        0,
        false,
        false,
        Set.of(),
        null,
        clock.instant());
  }
}
