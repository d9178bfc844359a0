package io.parcours.engine.cache;

import io.parcours.domain.CustomerProfile;

/** Loads a customer's profile from {@code customers}; none for an unknown customer. */
public final class PostgresProfileLoader extends PostgresLoader<CustomerProfile> {

  @Override
  CustomerProfile read(CacheSources sources, String customerId) {
    return sources.customers().find(customerId).orElse(null);
  }
}
