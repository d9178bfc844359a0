package io.parcours.engine;

import io.parcours.domain.Channel;
import io.parcours.domain.OutboundContact;
import io.parcours.engine.outbound.OutboundQueue;
import io.parcours.engine.runtime.EngineRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.util.List;
import java.util.Optional;

/** The delivery systems' facade: the contacts due on a channel, and their acknowledgement. */
@Stateless
@Interceptors(DatabaseAway.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutboundFacade {

  @EJB EngineRuntime runtime;

  /** The contacts of {@code channel} due now, the oldest first. */
  public List<OutboundContact> due(Channel channel, int limit) {
    return runtime.engine().outbound().due(channel, limit);
  }

  /** The queued contacts of a customer on {@code channel}, due or not. */
  public List<OutboundContact> queuedFor(Channel channel, String customerId) {
    return runtime.engine().outbound().queuedFor(customerId).stream()
        .filter(c -> c.channel().equals(channel.code()))
        .toList();
  }

  /** Acknowledges the delivery of a contact; see {@link OutboundQueue#deliver}. */
  public OutboundQueue.Delivery deliver(Channel channel, long contactId) {
    return runtime.engine().outbound().deliver(channel, contactId);
  }

  /** One contact, whatever its status. */
  public Optional<OutboundContact> find(Channel channel, long contactId) {
    return runtime.engine().outbound().find(channel, contactId);
  }
}
