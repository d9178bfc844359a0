package io.parcours.engine.strategy;

import io.parcours.domain.Channel;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.DecisionRequest;
import io.parcours.models.Randomness;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Runs impact previews in the background: a candidate version and the version in force side by side
 * on a sample of stored customers, on each channel asked ({@link Simulation}). A run shows its
 * progress while it goes, can be cancelled, and keeps its report once done. Runs are held in this
 * node's memory (the latest {@link #KEPT}); a report is a preview to read before an approval, not a
 * record.
 *
 * <p>The customers are read in slices of {@link #SLICE}, profiles and contact histories each in one
 * query per slice, and the slices are decided on every core. Each slice draws its model scores from
 * a random source seeded by the run's seed and the slice's place, so a run can be told again.
 */
public final class Simulations {

  private static final Logger LOG = Logger.getLogger(Simulations.class.getName());

  /** How many runs are kept, newest first; older ones are forgotten. */
  public static final int KEPT = 20;

  /** How many customers are read and decided together. */
  static final int SLICE = 250;

  /** The sample when none is asked for. */
  public static final int DEFAULT_SAMPLE = 10_000;

  /** Where a run stands. */
  public enum State {
    RUNNING,
    DONE,
    CANCELLED,
    FAILED
  }

  /** What a run is asked to do. */
  public record Request(List<Channel> channels, int sample, long seed) {
    public Request {
      channels = List.copyOf(channels);
      if (channels.isEmpty()) {
        throw new IllegalArgumentException("a simulation needs at least one channel");
      }
      if (sample < 1) {
        throw new IllegalArgumentException("a simulation needs a sample of at least one customer");
      }
    }
  }

  /** One run: what it was asked, how far it is, and its report once done. */
  public static final class Run {
    private final String id;
    private final String candidate;
    private final String active;
    private final String by;
    private final Request request;
    private final Instant startedAt;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile int total;
    private volatile State state = State.RUNNING;
    private volatile SimulationReport report;
    private volatile String failure;
    private volatile Instant finishedAt;

    Run(String id, String candidate, String active, String by, Request request, Instant startedAt) {
      this.id = id;
      this.candidate = candidate;
      this.active = active;
      this.by = by;
      this.request = request;
      this.startedAt = startedAt;
    }

    public String id() {
      return id;
    }

    /** The version simulated. */
    public String candidate() {
      return candidate;
    }

    /** The version in force it is compared with. */
    public String active() {
      return active;
    }

    /** Who started it. */
    public String by() {
      return by;
    }

    public Request request() {
      return request;
    }

    public Instant startedAt() {
      return startedAt;
    }

    /** When it ended (done, cancelled or failed); null while it runs. */
    public Instant finishedAt() {
      return finishedAt;
    }

    public State state() {
      return state;
    }

    /** Customers decided so far. */
    public int done() {
      return done.get();
    }

    /** Customers in the sample; 0 until the sample is drawn. */
    public int total() {
      return total;
    }

    /** The report, once done. */
    public SimulationReport report() {
      return report;
    }

    /** Why it failed, when it did. */
    public String failure() {
      return failure;
    }
  }

  /** Reads the profiles and contact histories of a slice of customers. */
  public interface Customers {
    /** A sample of stored customer ids. */
    List<String> sample(int size, long seed);

    /** The profiles of those ids that have one. */
    List<CustomerProfile> profiles(List<String> ids);

    /** The contact histories of {@code ids} as of {@code at}. */
    Map<String, ContactHistory> histories(List<String> ids, Instant at);
  }

  private final Simulation simulation;
  private final Customers customers;
  private final ExecutorService workers;
  private final ExecutorService coordinators;
  private final Clock clock;
  private final Map<String, Run> runs = Collections.synchronizedMap(new LinkedHashMap<>());

  /**
   * @param threads how many customers' slices are decided at once
   */
  public Simulations(
      Simulation simulation, Customers customers, int threads, ThreadFactory factory, Clock clock) {
    this.simulation = Objects.requireNonNull(simulation, "simulation");
    this.customers = Objects.requireNonNull(customers, "customers");
    this.workers = Executors.newFixedThreadPool(threads, factory);
    this.coordinators = Executors.newCachedThreadPool(factory);
    this.clock = clock;
  }

  /**
   * Starts a run of {@code candidate} against {@code active}; returns at once.
   *
   * @param by who asked
   */
  public Run start(String by, StrategyVersion candidate, StrategyVersion active, Request request) {
    Run run =
        new Run(
            UUID.randomUUID().toString(),
            candidate.version(),
            active.version(),
            by,
            request,
            clock.instant());
    synchronized (runs) {
      runs.put(run.id, run);
      while (runs.size() > KEPT) {
        String oldest = runs.keySet().iterator().next();
        Run old = runs.remove(oldest);
        old.cancelled.set(true);
      }
    }
    coordinators.execute(() -> execute(run, candidate, active));
    return run;
  }

  /** The run {@code id}, while it is kept. */
  public Optional<Run> find(String id) {
    return Optional.ofNullable(runs.get(id));
  }

  /** The kept runs, newest first. */
  public List<Run> list() {
    synchronized (runs) {
      List<Run> all = new ArrayList<>(runs.values());
      Collections.reverse(all);
      return all;
    }
  }

  /** Asks run {@code id} to stop; true when it was running. */
  public boolean cancel(String id) {
    Run run = runs.get(id);
    return run != null && run.state == State.RUNNING && !run.cancelled.getAndSet(true);
  }

  /** Stops every run and the workers. */
  public void stop() {
    runs.values().forEach(r -> r.cancelled.set(true));
    workers.shutdownNow();
    coordinators.shutdownNow();
  }

  private void execute(Run run, StrategyVersion candidate, StrategyVersion active) {
    try {
      Instant at = clock.instant();
      List<String> ids = customers.sample(run.request.sample(), run.request.seed());
      run.total = ids.size();
      List<java.util.concurrent.Future<SimulationReport.Tally>> parts = new ArrayList<>();
      for (int from = 0, slice = 0; from < ids.size(); from += SLICE, slice++) {
        List<String> part = ids.subList(from, Math.min(ids.size(), from + SLICE));
        long seed = run.request.seed() * 31 + slice;
        parts.add(workers.submit(() -> slice(run, part, candidate, active, at, seed)));
      }
      SimulationReport.Tally all = new SimulationReport.Tally();
      for (var p : parts) {
        all.merge(p.get());
      }
      if (run.cancelled.get()) {
        run.state = State.CANCELLED;
      } else {
        run.report = all.report(candidate.version(), active.version(), run.request.channels());
        run.state = State.DONE;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.failure = "interrupted";
      run.state = State.FAILED;
    } catch (Exception e) {
      Throwable cause =
          e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
              ? e.getCause()
              : e;
      LOG.log(
          Level.WARNING,
          "simulation " + run.id + " of version " + run.candidate + " failed",
          cause);
      run.failure = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      run.state = State.FAILED;
    } finally {
      run.finishedAt = clock.instant();
    }
  }

  private SimulationReport.Tally slice(
      Run run,
      List<String> ids,
      StrategyVersion candidate,
      StrategyVersion active,
      Instant at,
      long seed) {
    SimulationReport.Tally tally = new SimulationReport.Tally();
    if (run.cancelled.get()) {
      return tally;
    }
    UniformRandomProvider rng = Randomness.seeded(seed);
    Map<String, ContactHistory> histories = customers.histories(ids, at);
    for (CustomerProfile profile : customers.profiles(ids)) {
      if (run.cancelled.get()) {
        return tally;
      }
      ContactHistory history = histories.get(profile.customerId());
      for (Channel channel : run.request.channels()) {
        DecisionRequest request = Simulation.situation(profile.customerId(), channel, at);
        Simulation.Outcome before = simulation.decide(active, profile, history, request, rng);
        Simulation.Outcome after = simulation.decide(candidate, profile, history, request, rng);
        Simulation.Difference difference =
            Objects.equals(before.actionId(), after.actionId())
                ? null
                : Simulation.difference(channel, before, after, active, candidate);
        tally.add(profile.customerId(), channel, before, after, difference);
      }
      tally.customer();
      run.done.incrementAndGet();
    }
    return tally;
  }

  /** A function form of {@link Customers}, for assembling from repositories. */
  public static Customers customers(
      BiFunction<Integer, Long, List<String>> sample,
      Function<List<String>, List<CustomerProfile>> profiles,
      BiFunction<List<String>, Instant, Map<String, ContactHistory>> histories) {
    return new Customers() {
      @Override
      public List<String> sample(int size, long seed) {
        return sample.apply(size, seed);
      }

      @Override
      public List<CustomerProfile> profiles(List<String> ids) {
        return profiles.apply(ids);
      }

      @Override
      public Map<String, ContactHistory> histories(List<String> ids, Instant at) {
        return histories.apply(ids, at);
      }
    };
  }
}
