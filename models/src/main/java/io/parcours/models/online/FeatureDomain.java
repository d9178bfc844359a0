package io.parcours.models.online;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of the features an online model has met, each with a dense index, growing when a new
 * category value appears (a new action, a new region, a new journey stage).
 *
 * <p>One writer adds names ({@link #indexOrAdd}); any number of readers look them up ({@link
 * #index}) without locks. A reader never adds: a name the model has never seen scores with the
 * prior.
 */
public final class FeatureDomain {

  private final Map<String, Integer> indices = new ConcurrentHashMap<>();
  private final List<String> names = Collections.synchronizedList(new ArrayList<>());

  /** The index of {@code name}, or -1 when the model has never seen it. */
  public int index(String name) {
    Integer i = indices.get(name);
    return i == null ? -1 : i;
  }

  /** The index of {@code name}, adding it at the end when new. Writer only. */
  int indexOrAdd(String name) {
    Integer i = indices.get(name);
    if (i != null) {
      return i;
    }
    int next = names.size();
    names.add(name);
    indices.put(name, next);
    return next;
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
