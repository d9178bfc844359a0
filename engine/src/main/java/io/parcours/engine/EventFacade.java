package io.parcours.engine;

import io.parcours.domain.CustomerEvent;
import io.parcours.domain.EventType;
import io.parcours.engine.events.EventIngestion;
import io.parcours.engine.runtime.EngineRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.util.List;

/**
 * The events facade: customer events in, one at a time or in batches, and the declared event types.
 * Transaction-free: each batch is one PostgreSQL transaction of the engine's own.
 */
@Stateless
@Interceptors(DatabaseAway.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventFacade {

  @EJB EngineRuntime runtime;

  /** Stores events with their profile changes; see {@link EventIngestion#ingest}. */
  public List<EventIngestion.Receipt> ingest(List<CustomerEvent> events, String prefix) {
    return runtime.engine().events().ingest(events, prefix);
  }

  /** Every declared derived feature, in the order of the declarations. */
  public List<io.parcours.domain.DerivedFeature> features() {
    return runtime.engine().events().catalogue().features().all();
  }

  /** Every declared event type. */
  public List<EventType> types() {
    return runtime.engine().events().catalogue().all();
  }
}
