package io.parcours.engine.identities;

import io.parcours.db.PersistenceException;
import io.parcours.db.PostgresErasure;
import io.parcours.domain.ErasureRecord;
import io.parcours.engine.EngineUnavailableException;
import io.parcours.engine.IdentityConflictException;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.decision.CustomerLocks;
import io.parcours.engine.decision.CustomerState;
import java.time.Clock;
import java.util.List;

/**
 * The right to erasure: the customer's profile, identities and keys go; their history stays under a
 * pseudonym, and their audit records keep explaining their decisions with the personal inputs
 * sealed under a key that no longer exists ({@link PostgresErasure}). The erasure itself is
 * recorded.
 */
public final class Erasure {

  private final PostgresErasure store;
  private final IdentityGraph identities;
  private final CustomerState customers;
  private final CustomerLocks locks;
  private final Clock clock;

  public Erasure(
      PostgresErasure store,
      IdentityGraph identities,
      CustomerState customers,
      CustomerLocks locks,
      Clock clock) {
    this.store = store;
    this.identities = identities;
    this.customers = customers;
    this.locks = locks;
    this.clock = clock;
  }

  /**
   * Erases the profile {@code customerId} names (its own, or the one it was merged into), while no
   * decision for it is in flight on this node.
   *
   * @throws UnknownCustomerException when it names none
   * @throws IdentityConflictException when audit records of the customer hold personal inputs in
   *     clear
   */
  public ErasureRecord erase(String customerId, String requestedBy, String reason) {
    String id = identities.current(customerId);
    try {
      ErasureRecord done =
          locks
              .exclusively(List.of(id), () -> store.erase(id, requestedBy, reason, clock.instant()))
              .orElseThrow(() -> new UnknownCustomerException(customerId));
      customers.forget(id);
      return done;
    } catch (PostgresErasure.UnsealedRecordsException e) {
      throw new IdentityConflictException(
          e.getMessage() + "; erasing them would break the audit chain, so nothing was erased");
    } catch (PersistenceException e) {
      throw new EngineUnavailableException(
          "the erasure could not be completed, so nothing was erased; retry", e);
    }
  }
}
