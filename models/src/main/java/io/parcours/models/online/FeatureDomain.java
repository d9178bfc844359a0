package io.parcours.models.online;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of the features an online model has met, each with a dense index, growing when a new
 * category value appears (a new action, a new region, a new journey stage).
 *
 * <p><b>Crossed features</b> ({@code left&right}, see {@link Crossing}) are also found without
 * their name: each left part and each right part met gets a number of its own, and a table gives
 * the feature's index by the two numbers. Scoring looks up a decision's context features once and
 * an action's own features once, and then each of their crosses by two array reads, where building
 * and hashing the crossed names cost a thousand strings a decision. A name is split at its last
 * {@code &}, so the right part of a cross found this way never holds one.
 *
 * <p>One writer adds names ({@link #indexOrAdd}); any number of readers look them up without locks.
 * A reader never adds: a name the model has never seen scores with the prior. The table is never
 * changed where a reader may be reading it, except to fill an empty cell: a grown row or a grown
 * table is a copy, published through a volatile field. A reader that misses a cell being filled
 * misses a feature added after the snapshot it scores with, which that snapshot would not weigh
 * anyway (its index is past the snapshot's weights).
 */
public final class FeatureDomain {

  private final Map<String, Integer> indices = new ConcurrentHashMap<>();
  private final List<String> names = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> lefts = new ConcurrentHashMap<>();
  private final Map<String, Integer> rights = new ConcurrentHashMap<>();

  /** The index + 1 of the cross of left part r and right part c at [r][c]; 0 when none. */
  private volatile int[][] crosses = new int[0][];

  /** The index of {@code name}, or -1 when the model has never seen it. */
  public int index(String name) {
    Integer i = indices.get(name);
    return i == null ? -1 : i;
  }

  /** The number of {@code left} as the left part of a cross, or -1 when no cross has it. */
  public int left(String left) {
    Integer i = lefts.get(left);
    return i == null ? -1 : i;
  }

  /** The number of {@code right} as the right part of a cross, or -1 when no cross has it. */
  public int right(String right) {
    Integer i = rights.get(right);
    return i == null ? -1 : i;
  }

  /**
   * The index of the cross of left part {@code left} and right part {@code right} (numbers from
   * {@link #left} and {@link #right}, either -1), or -1 when the model has never seen it.
   */
  public int crossed(int left, int right) {
    int[][] table = crosses;
    if (left < 0 || right < 0 || left >= table.length) {
      return -1;
    }
    int[] row = table[left];
    return right < row.length ? row[right] - 1 : -1;
  }

  /** The index of {@code name}, adding it at the end when new. Writer only. */
  int indexOrAdd(String name) {
    Integer i = indices.get(name);
    if (i != null) {
      return i;
    }
    int next = names.size();
    names.add(name);
    int cross = name.lastIndexOf(Crossing.CROSS);
    if (cross >= 0) {
      addCross(name.substring(0, cross), name.substring(cross + 1), next);
    }
    indices.put(name, next);
    return next;
  }

  /** Files feature {@code index} under its two parts. Writer only. */
  private void addCross(String left, String right, int index) {
    int l = numberOrAdd(lefts, left);
    int r = numberOrAdd(rights, right);
    int[][] table = crosses;
    if (l >= table.length) {
      table = Arrays.copyOf(table, Math.max(l + 1, 2 * table.length));
      for (int k = 0; k < table.length; k++) {
        if (table[k] == null) {
          table[k] = new int[0];
        }
      }
    }
    int[] row = table[l];
    if (r >= row.length) {
      if (table == crosses) {
        table = table.clone();
      }
      row = Arrays.copyOf(row, Math.max(Math.max(r + 1, 8), 2 * row.length));
      table[l] = row;
    }
    row[r] = index + 1;
    if (table != crosses) {
      crosses = table;
    }
  }

  private static int numberOrAdd(Map<String, Integer> numbers, String part) {
    Integer n = numbers.get(part);
    if (n == null) {
      n = numbers.size();
      numbers.put(part, n);
    }
    return n;
  }

  /** The name at {@code index}. */
  public String name(int index) {
    return names.get(index);
  }

  /** How many names the domain holds. */
  public int size() {
    return names.size();
  }

  /** A copy of the names in index order. */
  public List<String> names() {
    synchronized (names) {
      return List.copyOf(names);
    }
  }
}
