package io.parcours.engine.commit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One writer thread that writes queued items in batches.
 *
 * <p>Request threads {@link #offer} items; the writer takes the first one queued and everything
 * queued behind it, up to {@code maxBatch}, and hands the batch to the {@code writer} callback,
 * which stores it in one transaction and releases the waiting requests. Under load the cost of a
 * commit is shared by the batch; with one request at a time, a request waits for one commit.
 * Because there is one writer, the batches are written in order, which is what lets the audit trail
 * chain hashes and the models learn in response-id order without locks. The queue is bounded
 * ({@code maxBatch × 64}) so that a stalled database pushes back on callers instead of filling the
 * heap.
 *
 * @param <T> what is queued: an item and whatever its caller waits on
 */
public final class GroupCommit<T> implements AutoCloseable {

  /** Told of each batch once it is written: how many items, and how long the writer took. */
  @FunctionalInterface
  public interface BatchObserver {
    /** Called on the writer thread; it must be quick and must not throw. */
    void written(int items, long nanos);
  }

  private static final BatchObserver NOBODY = (items, nanos) -> {};

  private final BlockingQueue<T> queue;
  private final int maxBatch;
  private final Consumer<List<T>> writer;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile BatchObserver observer = NOBODY;

  /**
   * Starts the writer thread.
   *
   * @param name the writer thread's name
   * @param maxBatch the most items written in one batch
   * @param threads where the writer thread comes from (the container's managed factory in Payara)
   * @param writer writes one batch; it must not throw, but fail the batch's items itself
   */
  public GroupCommit(String name, int maxBatch, ThreadFactory threads, Consumer<List<T>> writer) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
    }
    this.maxBatch = maxBatch;
    this.writer = writer;
    this.queue = new ArrayBlockingQueue<>(maxBatch * 64);
    this.thread = threads.newThread(this::drain);
    this.thread.setName(name);
    this.thread.start();
  }

  /**
   * Queues an item, waiting up to {@code timeout} for room.
   *
   * @return false when closed, or still full after the timeout: the item was not queued
   */
  public boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
    return running && queue.offer(item, timeout, unit);
  }

  /** How many items wait for the writer now. */
  public int queued() {
    return queue.size();
  }

  /**
   * Whether the writer thread runs: false once it has stopped, after {@link #close} or a fatal
   * error.
   */
  public boolean writing() {
    return thread.isAlive();
  }

  /** Tells {@code observer} of every batch written from now on, in place of any earlier one. */
  public void observe(BatchObserver observer) {
    this.observer = observer == null ? NOBODY : observer;
  }

  private void drain() {
    List<T> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        T first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        long start = System.nanoTime();
        writer.accept(batch);
        observed(batch.size(), System.nanoTime() - start);
      } catch (InterruptedException e) {
        running = false;
        Thread.currentThread().interrupt();
      } finally {
        batch.clear();
      }
    }
  }

  private void observed(int items, long nanos) {
    try {
      observer.written(items, nanos);
    } catch (RuntimeException e) {
      // an observer only counts: the writer goes on writing whatever it does
    }
  }

  /** Stops taking items and waits up to 10 s for the queued ones to be written. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
