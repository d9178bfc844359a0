package io.parcours.engine.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  @Test
  void everyItemIsWrittenOnceInQueueOrderAndNoBatchExceedsItsSize() throws Exception {
    List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> commits =
        new GroupCommit<>(
            "test-writer",
            16,
            Executors.defaultThreadFactory(),
            batch -> {
              sizes.add(batch.size());
              written.addAll(batch);
            });
    for (int i = 0; i < 1_000; i++) {
      assertTrue(commits.offer(i, 1, TimeUnit.SECONDS));
    }
    commits.close();
    assertEquals(1_000, written.size(), "close waits for the queued items");
    for (int i = 0; i < 1_000; i++) {
      assertEquals(i, written.get(i));
    }
    assertTrue(sizes.stream().allMatch(s -> s >= 1 && s <= 16), String.valueOf(sizes));
  }

  @Test
  void itemsQueuedWhileTheWriterIsBusyShareOneBatch() throws Exception {
    CountDownLatch firstBatchStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> commits =
        new GroupCommit<>(
            "test-writer",
            100,
            Executors.defaultThreadFactory(),
            batch -> {
              sizes.add(batch.size());
              firstBatchStarted.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    commits.offer(0, 1, TimeUnit.SECONDS);
    assertTrue(firstBatchStarted.await(5, TimeUnit.SECONDS));
    for (int i = 1; i <= 10; i++) {
      commits.offer(i, 1, TimeUnit.SECONDS);
    }
    release.countDown();
    commits.close();
    assertEquals(List.of(1, 10), sizes);
  }

  @Test
  void nothingIsAcceptedOnceClosed() throws Exception {
    GroupCommit<Integer> commits =
        new GroupCommit<>("test-writer", 4, Executors.defaultThreadFactory(), batch -> {});
    commits.close();
    assertFalse(commits.offer(1, 10, TimeUnit.MILLISECONDS));
  }

  @Test
  void aBatchSizeBelowOneIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new GroupCommit<Integer>("w", 0, Executors.defaultThreadFactory(), batch -> {}));
  }

  @Test
  void theObserverIsToldOfEveryBatchAndTheQueueShowsWhatWaits() throws Exception {
    CountDownLatch firstBatchStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> told = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> commits =
        new GroupCommit<>(
            "test-writer",
            100,
            Executors.defaultThreadFactory(),
            batch -> {
              firstBatchStarted.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    commits.observe(
        (items, nanos) -> {
          assertTrue(nanos >= 0);
          told.add(items);
        });
    assertTrue(commits.writing());
    commits.offer(0, 1, TimeUnit.SECONDS);
    assertTrue(firstBatchStarted.await(5, TimeUnit.SECONDS));
    for (int i = 1; i <= 7; i++) {
      commits.offer(i, 1, TimeUnit.SECONDS);
    }
    assertEquals(7, commits.queued(), "seven wait while the writer writes the first");
    release.countDown();
    commits.close();
    assertEquals(List.of(1, 7), told);
    assertEquals(0, commits.queued());
    assertFalse(commits.writing(), "closed, the writer stopped");
  }

  @Test
  void anObserverThatThrowsDoesNotStopTheWriter() throws Exception {
    List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> commits =
        new GroupCommit<>("test-writer", 1, Executors.defaultThreadFactory(), written::addAll);
    commits.observe(
        (items, nanos) -> {
          throw new IllegalStateException("a broken metric");
        });
    for (int i = 0; i < 5; i++) {
      assertTrue(commits.offer(i, 1, TimeUnit.SECONDS));
    }
    commits.close();
    assertEquals(List.of(0, 1, 2, 3, 4), written);
  }
}
