package io.parcours.engine;

import io.parcours.db.DatabaseAvailability;
import io.parcours.db.PostgresDurability;
import io.parcours.domain.Action;
import io.parcours.domain.AuditRecord;
import io.parcours.domain.Consent;
import io.parcours.domain.ConsentChange;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.CustomerSummary;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.ErasureRecord;
import io.parcours.domain.Identity;
import io.parcours.domain.IdentityOwner;
import io.parcours.domain.Response;
import io.parcours.engine.decision.AuditVerifier;
import io.parcours.engine.identities.IdentityGraph;
import io.parcours.engine.response.ResponseReceipt;
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
 * The decision facade: decide, capture responses, explain decisions, read profiles and the action
 * library. Stateless and transaction-free: durability comes from the engine's own batched commits,
 * so no container transaction is held across a decision.
 */
@Stateless
@Interceptors(DatabaseAway.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DecisionFacade {

  @EJB EngineRuntime runtime;

  /**
   * Ranks the best actions for a customer on a channel now; an empty list means do nothing.
   *
   * @throws UnknownCustomerException when the customer has no profile
   */
  public Decision decide(DecisionRequest request) {
    Engine engine = runtime.engine();
    try {
      return engine.decisions().decide(request);
    } catch (UnknownCustomerException unknown) {
      // a profile merged into another is decided for as the survivor
      String current = engine.identities().current(request.customerId());
      if (current.equals(request.customerId())) {
        throw unknown;
      }
      return engine.decisions().decide(request.about(current));
    }
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

  /**
   * Erases a customer (the right to erasure).
   *
   * @throws UnknownCustomerException when there is no such customer
   * @throws IdentityConflictException when audit records hold the customer's inputs in clear
   */
  public ErasureRecord erase(String customerId, String by, String reason) {
    return runtime.engine().erasure().erase(customerId, by, reason);
  }

  /** The audit record of a decision, with its personal part opened or marked erased. */
  public jakarta.json.JsonObject openedAuditRecord(AuditRecord record) {
    return runtime.engine().auditReader().open(record.decisionId(), record.json());
  }

  /**
   * Stores a customer's response to an action a decision proposed, and learns from it.
   *
   * @throws InvalidResponseException when the response does not answer an impression, or reuses a
   *     key
   */
  public ResponseReceipt respond(Response response) {
    return runtime.engine().responses().capture(response);
  }

  /**
   * The audit record of a decision.
   *
   * @throws UnknownDecisionException when there is no such decision
   */
  public AuditRecord auditRecord(String decisionId) {
    return runtime
        .engine()
        .decisionLog()
        .audit(decisionId)
        .orElseThrow(() -> new UnknownDecisionException(decisionId));
  }

  /** Verifies the whole audit chain. */
  public AuditVerifier.Verification verifyAudit() {
    return runtime.engine().auditVerifier().verify();
  }

  /**
   * A customer's profile.
   *
   * @throws UnknownCustomerException when there is none
   */
  public CustomerProfile customer(String customerId) {
    return runtime.engine().decisions().profile(customerId);
  }

  /**
   * The values of the customer's derived features now, by name, in the order of their declaration.
   */
  public Map<String, Double> derivedFeatures(CustomerProfile profile) {
    return runtime.engine().decisions().features(profile, Instant.now());
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
    engine.decisions().reloadProfile(customerId);
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

  /** A page of customers in id order. */
  public List<CustomerSummary> customers(int limit, int offset) {
    return runtime.engine().customers().page(limit, offset);
  }

  /** How many customers there are. */
  public long customerCount() {
    return runtime.engine().customers().count();
  }

  /** The action library. */
  /** Whether the database answers now, and what its commits promise; for readiness. */
  public record DatabaseHealth(DatabaseAvailability.State state, PostgresDurability durability) {}

  public DatabaseHealth databaseHealth() {
    return new DatabaseHealth(runtime.engine().databaseState(), runtime.engine().durability());
  }

  public List<Action> actions() {
    return runtime.engine().decisions().library().all();
  }

  /** The version of the rule set in force. */
  public String ruleSetVersion() {
    return runtime.engine().decisions().ruleSetVersion();
  }

  /** The roles of a user whose password is right; empty otherwise. */
  public Set<String> authenticate(String username, String password) {
    return runtime.authenticate(username, password);
  }
}
