package io.parcours.engine.cache;

import io.parcours.domain.ContactHistory;
import java.time.Instant;

/**
 * Loads a customer's contact history from the interaction tables: impressions and responses of the
 * last {@link ContactHistory#WINDOW}, acceptances of the last {@link
 * ContactHistory#ACCEPTANCE_WINDOW}. A customer never contacted has an empty history, which is
 * cached like any other.
 */
public final class PostgresHistoryLoader extends PostgresLoader<ContactHistory> {

  @Override
  ContactHistory read(CacheSources sources, String customerId) {
    Instant now = sources.clock().instant();
    return sources
        .responses()
        .contactHistory(
            customerId,
            now.minus(ContactHistory.WINDOW),
            now.minus(ContactHistory.ACCEPTANCE_WINDOW));
  }
}
