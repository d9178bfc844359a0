package io.parcours.engine.decision;

import java.util.Collection;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One customer's work at a time on this node: a decision, a merge, an erasure or a stage
 * re-evaluation for a customer waits for the one in flight for the same customer, so that the
 * second reads what the first left (a contact cap cannot be passed twice, a stage change is not
 * computed from stages being replaced). Work for different customers does not wait, except when two
 * customers share one of the stripes.
 */
public final class CustomerLocks {

  private final Lock[] stripes;

  public CustomerLocks() {
    this(1024);
  }

  CustomerLocks(int stripes) {
    this.stripes = new Lock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantLock();
    }
  }

  /** Runs {@code work} while no other work for {@code customerId} runs on this node. */
  public <T> T holding(String customerId, Supplier<T> work) {
    Lock lock = stripes[stripe(customerId)];
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} while no other work for any of {@code customerIds} runs on this node: a merge
   * or an erasure waits for the decisions in flight to be recorded, and holds the next ones back
   * until it is done. The stripes are taken in one global order, so two such calls cannot deadlock.
   */
  public <T> T exclusively(Collection<String> customerIds, Supplier<T> work) {
    int[] held = customerIds.stream().mapToInt(this::stripe).distinct().sorted().toArray();
    int taken = 0;
    try {
      for (int stripe : held) {
        stripes[stripe].lock();
        taken++;
      }
      return work.get();
    } finally {
      for (int i = taken - 1; i >= 0; i--) {
        stripes[held[i]].unlock();
      }
    }
  }

  private int stripe(String customerId) {
    return Math.floorMod(customerId.hashCode(), stripes.length);
  }
}
