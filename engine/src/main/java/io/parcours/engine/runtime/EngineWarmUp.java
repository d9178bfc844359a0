package io.parcours.engine.runtime;

import io.parcours.domain.Channel;
import io.parcours.domain.DecisionRequest;
import io.parcours.domain.Direction;
import io.parcours.engine.UnknownCustomerException;
import io.parcours.engine.decision.DecisionEngine;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Rehearses decisions at start so that the JIT has compiled the decision path before the node says
 * it is ready. A node that takes traffic cold spends its first minutes interpreting and compiling:
 * each decision then costs several times its usual CPU, and at a few hundred decisions a second the
 * requests queue for seconds (ADR 22). Rehearsals ({@link DecisionEngine#rehearse}) reserve, claim
 * and record nothing; they run on one thread of their own while the node already answers.
 */
public final class EngineWarmUp {

  private static final Logger LOG = Logger.getLogger(EngineWarmUp.class.getName());

  /** The longest a warm-up goes on: past it, the node says it is ready however few it rehearsed. */
  static final long MAX_SECONDS = 120;

  /** The customers rehearsed for, drawn once; rehearsals cycle through them. */
  static final int CUSTOMERS = 500;

  /** Where a warm-up is. */
  public enum State {
    /** No warm-up was asked for ({@code parcours.warmup.decisions} is 0). */
    OFF,
    RUNNING,
    DONE,
    /** It stopped before its count: no customer to rehearse for, or an error (logged). */
    STOPPED
  }

  /**
   * A warm-up's progress.
   *
   * @param state where it is
   * @param rehearsed the decisions rehearsed so far
   * @param wanted the decisions it rehearses in all
   * @param millis how long it took, or has taken so far
   */
  public record Progress(State state, int rehearsed, int wanted, long millis) {

    /** Whether the node may say it is ready as far as the warm-up goes. */
    public boolean ready() {
      return state != State.RUNNING;
    }
  }

  private final DecisionEngine decisions;
  private final BiFunction<Integer, Long, List<String>> sample;
  private final int wanted;
  private final Clock clock;
  private final long started = System.nanoTime();
  private volatile Thread thread;
  private volatile State state;
  private volatile int rehearsed;
  private volatile long millis;

  /**
   * @param sample draws {@code size} customer ids with a seed
   * @param wanted how many decisions to rehearse; 0 for none
   */
  public EngineWarmUp(
      DecisionEngine decisions,
      BiFunction<Integer, Long, List<String>> sample,
      int wanted,
      Clock clock) {
    if (wanted < 0) {
      throw new IllegalArgumentException(
          "the decisions rehearsed at start cannot be negative, got " + wanted);
    }
    this.decisions = decisions;
    this.sample = sample;
    this.wanted = wanted;
    this.clock = clock;
    this.state = wanted == 0 ? State.OFF : State.RUNNING;
  }

  /** Starts rehearsing on a thread of {@code threads}; returns at once. */
  public EngineWarmUp start(ThreadFactory threads) {
    if (state == State.RUNNING) {
      thread = threads.newThread(this::run);
      thread.setName("parcours-warm-up");
      thread.start();
    }
    return this;
  }

  /** Stops a warm-up still running, when the engine stops first. */
  public void stop() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Where the warm-up is. */
  public Progress progress() {
    long took =
        state == State.RUNNING
            ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
            : millis;
    return new Progress(state, rehearsed, wanted, took);
  }

  /** Rehearses on the calling thread until done; what {@link #start} runs. */
  void run() {
    long deadline = started + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
    State end = State.DONE;
    try {
      List<String> customers = sample.apply(CUSTOMERS, 1L);
      if (customers.isEmpty()) {
        end = State.STOPPED;
        LOG.info("no customer to rehearse decisions for: the node starts cold");
        return;
      }
      Channel[] channels = Channel.values();
      Direction[] directions = Direction.values();
      int n = 0;
      while (n < wanted
          && System.nanoTime() < deadline
          && !Thread.currentThread().isInterrupted()) {
        String customer = customers.get(n % customers.size());
        try {
          decisions.rehearse(
              new DecisionRequest(
                  customer,
                  channels[n % channels.length],
                  directions[(n / channels.length) % directions.length],
                  Map.of(),
                  3,
                  clock.instant()));
        } catch (UnknownCustomerException gone) {
          // merged or erased since the sample was drawn: the next one
        }
        rehearsed = ++n;
      }
      if (n < wanted) {
        end = State.STOPPED;
      }
    } catch (RuntimeException e) {
      end = State.STOPPED;
      LOG.log(Level.WARNING, "the warm-up stopped after " + rehearsed + " decisions", e);
    } finally {
      millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      state = end;
      LOG.info(
          "warm-up "
              + end.name().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + rehearsed
              + " decisions rehearsed in "
              + millis
              + " ms");
    }
  }
}
