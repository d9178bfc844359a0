package io.parcours.engine;

import io.parcours.domain.Consent;
import io.parcours.domain.ConsentChange;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.CustomerSummary;
import io.parcours.domain.ErasureRecord;
import io.parcours.domain.Identity;
import io.parcours.domain.IdentityOwner;
import io.parcours.engine.identities.IdentityGraph;
import io.parcours.engine.runtime.CustomerExport;
import io.parcours.engine.runtime.Engine;
import io.parcours.engine.runtime.EngineRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The customer facade: read customers and their profiles, resolve and link their identities, keep
 * their consents, and answer their rights of access (an export of everything held) and of erasure.
 * Transaction-free like the decision facade: each change is one PostgreSQL transaction of its own,
 * and a changed profile is put in force for the very next decision.
 */
@Stateless
@Interceptors(DatabaseAway.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CustomerFacade {

  @EJB EngineRuntime runtime;

  /** A page of customers in id order. */
  public List<CustomerSummary> customers(int limit, int offset) {
    return runtime.engine().customers().page(limit, offset);
  }

  /** How many customers there are. */
  public long customerCount() {
    return runtime.engine().customers().count();
  }

  /**
   * A customer's profile.
   *
   * @throws UnknownCustomerException when there is none
   */
  public CustomerProfile customer(String customerId) {
    return runtime.engine().customerState().profile(customerId);
  }

  /**
   * The values of the customer's derived features now, by name, in the order of their declaration.
   */
  public Map<String, Double> derivedFeatures(CustomerProfile profile) {
    return runtime.engine().decisions().features(profile, Instant.now());
  }

  /**
   * The profile {@code identity} names; an identifier nobody knew (not a customer number) gets a
   * new anonymous profile, so that a channel can decide for a visitor it knows by a cookie only.
   */
  public String resolve(Identity identity, String source) {
    return runtime.engine().identities().findOrCreate(identity, source);
  }

  /**
   * The profile {@code identity} belongs to.
   *
   * @throws UnknownCustomerException when it belongs to none
   */
  public IdentityOwner owner(Identity identity) {
    return runtime
        .engine()
        .identities()
        .find(identity)
        .orElseThrow(() -> new UnknownCustomerException(identity.toString()));
  }

  /**
   * A profile's identifiers and the merges it absorbed.
   *
   * @throws UnknownCustomerException when there is no such profile
   */
  public IdentityGraph.Identities identities(String customerId) {
    return runtime.engine().identities().of(customerId);
  }

  /** Links an identifier to a customer, merging profiles as {@link IdentityGraph} describes. */
  public IdentityGraph.Link link(String customerId, Identity identity, String source, String by) {
    return runtime
        .engine()
        .identities()
        .link(customerId, identity, source, "linked by " + by + " (" + source + ")");
  }

  /** A customer's consents in force and their latest changes. */
  public record Consents(CustomerProfile profile, List<ConsentChange> history) {}

  /**
   * A customer's consents in force and their latest 100 changes.
   *
   * @throws UnknownCustomerException when there is no such customer
   */
  public Consents consents(String customerId) {
    CustomerProfile profile = customer(customerId);
    return new Consents(profile, runtime.engine().consents().history(customerId, 100));
  }

  /**
   * Makes {@code granted} the customer's consents in force (every other is withdrawn), records each
   * change with its source and text version, and puts the profile in force for the very next
   * decision.
   *
   * @throws UnknownCustomerException when there is no such customer
   */
  public Consents replaceConsents(
      String customerId, Set<Consent> granted, String source, String textVersion, String by) {
    Engine engine = runtime.engine();
    engine
        .consents()
        .replace(customerId, granted, Instant.now(), source, textVersion, by)
        .orElseThrow(() -> new UnknownCustomerException(customerId));
    engine.customerState().reloadProfile(customerId);
    engine.outbound().purgeWithoutConsent(customerId);
    return consents(customerId);
  }

  /**
   * Writes everything held about the customer to {@code out} as JSON (the right of access).
   *
   * @throws UnknownCustomerException when there is no such customer
   */
  public void exportCustomer(String customerId, OutputStream out) throws Exception {
    Engine engine = runtime.engine();
    CustomerProfile profile =
        engine
            .customers()
            .find(customerId)
            .orElseThrow(() -> new UnknownCustomerException(customerId));
    Instant now = Instant.now();
    CustomerExport.write(
        profile,
        engine.decisions().features(profile, now),
        engine.identities().of(customerId),
        engine.consents(),
        engine.journeys(),
        engine.customerRecords(),
        engine.auditReader(),
        now,
        out);
  }

  /**
   * Erases a customer (the right to erasure).
   *
   * @throws UnknownCustomerException when there is no such customer
   * @throws IdentityConflictException when audit records hold the customer's inputs in clear
   */
  public ErasureRecord erase(String customerId, String by, String reason) {
    return runtime.engine().erasure().erase(customerId, by, reason);
  }
}
