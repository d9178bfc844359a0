package io.parcours.engine;

import io.parcours.domain.Action;
import io.parcours.domain.AuditRecord;
import io.parcours.domain.Decision;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Response;
import io.parcours.engine.decision.AuditVerifier;
import io.parcours.engine.response.ResponseReceipt;
import io.parcours.engine.runtime.Engine;
import io.parcours.engine.runtime.EngineRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.util.List;

/**
 * The decision facade: decide, capture responses, explain decisions (their audit records and the
 * audit chain), and read the action library and the rule-set version in force. Customers, their
 * identities and consents are {@link CustomerFacade}'s; users are {@link UserFacade}'s. Stateless
 * and transaction-free: durability comes from the engine's own batched commits, so no container
 * transaction is held across a decision.
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

  /** The audit record of a decision, with its personal part opened or marked erased. */
  public jakarta.json.JsonObject openedAuditRecord(AuditRecord record) {
    return runtime.engine().auditReader().open(record.decisionId(), record.json());
  }

  /** Verifies the whole audit chain. */
  public AuditVerifier.Verification verifyAudit() {
    return runtime.engine().auditVerifier().verify();
  }

  /** The action library. */
  public List<Action> actions() {
    return runtime.engine().decisions().library().all();
  }

  /** The version of the rule set in force. */
  public String ruleSetVersion() {
    return runtime.engine().decisions().ruleSetVersion();
  }
}
