package io.parcours.engine;

import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;

/**
 * Turns a failure of a database that cannot be reached, wherever it surfaced (a repository, a cache
 * loading what it missed), into an {@link EngineUnavailableException}: the caller is told to retry,
 * the container does not log it as a failure of its own, and the one line that the database went
 * away is logged once by the database's availability, not once per request.
 */
public class DatabaseAway {

  @AroundInvoke
  Object translate(InvocationContext call) throws Exception {
    try {
      return call.proceed();
    } catch (EngineUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      if (EngineUnavailableException.databaseUnreachable(e)) {
        throw new EngineUnavailableException(
            "the database is not answering right now, so nothing was done; retry in a second", e);
      }
      throw e;
    }
  }
}
