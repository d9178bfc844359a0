package io.parcours.web.grizzly;

import com.sun.enterprise.v3.services.impl.GrizzlyProxy;
import com.sun.enterprise.v3.services.impl.GrizzlyService;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.config.GenericGrizzlyListener;
import org.glassfish.grizzly.config.dom.NetworkListener;
import org.glassfish.grizzly.config.dom.Protocol;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.hk2.api.ServiceLocator;
import org.glassfish.internal.api.Globals;

/**
 * Installs, when the application starts, a {@link ProblemAnswerFilter} below the HTTP codec of each
 * of the server's HTTP listeners (not the administration listener) and a {@link RefusalProbe} on
 * the codec, and removes them when it stops. Payara exposes no setting for the body of the answers
 * its HTTP layer gives itself, so the listeners' filter chains are reached through the server's
 * Grizzly service.
 *
 * <p>A listener Payara builds anew (after its configuration changes) comes without them until the
 * application starts again. On a server that is not Payara the listener installs nothing and says
 * so in the log.
 */
@WebListener
public class HttpLayerProblems implements ServletContextListener {

  private static final Logger LOG = Logger.getLogger(HttpLayerProblems.class.getName());

  private final List<Runnable> removals = new ArrayList<>();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    try {
      install();
    } catch (RuntimeException | LinkageError e) {
      LOG.log(
          Level.WARNING,
          "requests refused by the HTTP layer itself will be answered without a problem document",
          e);
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    synchronized (removals) {
      removals.forEach(Runnable::run);
      removals.clear();
    }
  }

  private void install() {
    ServiceLocator locator = Globals.getDefaultHabitat();
    GrizzlyService grizzly = locator == null ? null : locator.getService(GrizzlyService.class);
    if (grizzly == null) {
      LOG.warning("not on Payara: the answers of the HTTP layer are left as they are");
      return;
    }
    Set<FilterChain> done = Collections.newSetFromMap(new IdentityHashMap<>());
    for (NetworkListener listener : locator.getAllServices(NetworkListener.class)) {
      if (administration(listener)
          || !(grizzly.lookupNetworkProxy(listener) instanceof GrizzlyProxy proxy)
          || !(proxy.getUnderlyingListener() instanceof GenericGrizzlyListener grizzlyListener)
          || !(grizzlyListener.getTransport().getProcessor() instanceof FilterChain chain)
          || !done.add(chain)) {
        continue;
      }
      synchronized (removals) {
        install(listener.getName(), chain);
      }
    }
  }

  private void install(String listener, FilterChain chain) {
    // one left by an earlier deployment of the application that did not stop cleanly
    chain.removeIf(f -> f.getClass().getName().equals(ProblemAnswerFilter.class.getName()));
    int codecAt = -1;
    for (int i = 0; i < chain.size(); i++) {
      if (chain.get(i) instanceof HttpServerFilter) {
        codecAt = i;
        break;
      }
    }
    if (codecAt < 0) {
      return;
    }
    HttpServerFilter codec = (HttpServerFilter) chain.get(codecAt);
    RefusalProbe probe = new RefusalProbe();
    Filter filter = new ProblemAnswerFilter();
    codec.getMonitoringConfig().addProbes(probe);
    chain.add(codecAt, filter);
    removals.add(
        () -> {
          chain.remove(filter);
          codec.getMonitoringConfig().removeProbes(probe);
        });
    LOG.info(
        "the HTTP layer's own refusals on listener "
            + listener
            + " are answered with a problem document");
  }

  private static boolean administration(NetworkListener listener) {
    Protocol protocol = listener.findHttpProtocol();
    return protocol != null
        && protocol.getHttp() != null
        && "__asadmin".equals(protocol.getHttp().getDefaultVirtualServer());
  }
}
