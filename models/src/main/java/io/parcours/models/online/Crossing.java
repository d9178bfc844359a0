package io.parcours.models.online;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a contextual example, given by its parts: the features of a context (c₁ … cₙ), the
 * features of one item in it (o₁ … oₖ), and the item's first {@code crossedOwn} features crossed
 * with each context feature but {@code uncrossed} (the intercept, whose crosses would only repeat
 * the item's features). Its features, in this order:
 *
 * <pre>
 *   c₁ … cₙ,  o₁ … oₖ,  then for each crossed context feature c:  o₁&amp;c … oⱼ&amp;c
 * </pre>
 *
 * <p>The order is the order weights are summed in and new features are added in, so scoring and
 * learning by parts ({@link ProbitWeights#in}, {@link OnlineProbitLearner#learn(Crossing, List,
 * List, boolean, long)}) give exactly what scoring and learning the same features by name ({@link
 * #names}) give.
 *
 * @param crossedOwn how many of the item's first features are crossed with the context
 * @param uncrossed the context feature that is not crossed
 */
public record Crossing(int crossedOwn, String uncrossed) {

  /** What joins the two parts of a crossed feature's name: {@code action=loan&segment=mass}. */
  public static final char CROSS = '&';

  public Crossing {
    if (crossedOwn < 0) {
      throw new IllegalArgumentException("crossedOwn must be ≥ 0, got " + crossedOwn);
    }
  }

  /** The name of the cross of {@code left} and {@code right}. */
  public static String cross(String left, String right) {
    return left + CROSS + right;
  }

  /** Every feature's name, in order. */
  public List<String> names(List<String> context, List<String> own) {
    int j = Math.min(crossedOwn, own.size());
    List<String> f = new ArrayList<>(own.size() + context.size() * (1 + j));
    f.addAll(context);
    f.addAll(own);
    for (String c : context) {
      if (!c.equals(uncrossed)) {
        for (int q = 0; q < j; q++) {
          f.add(cross(own.get(q), c));
        }
      }
    }
    return f;
  }

  /** How many features an item with {@code own} has in {@code context}. */
  int size(List<String> context, List<String> own) {
    int crossed = 0;
    for (String c : context) {
      crossed += c.equals(uncrossed) ? 0 : 1;
    }
    return context.size() + own.size() + crossed * Math.min(crossedOwn, own.size());
  }

  /** The name of feature {@code k} (in the order of {@link #names}). */
  String name(List<String> context, List<String> own, int k) {
    if (k < context.size()) {
      return context.get(k);
    }
    k -= context.size();
    if (k < own.size()) {
      return own.get(k);
    }
    k -= own.size();
    int j = Math.min(crossedOwn, own.size());
    int nth = k / j;
    for (String c : context) {
      if (!c.equals(uncrossed) && nth-- == 0) {
        return cross(own.get(k % j), c);
      }
    }
    throw new IndexOutOfBoundsException(k);
  }

  /**
   * The index in {@code domain} of every feature, in the order of {@link #names}, -1 for those it
   * has never met; no crossed name is built.
   */
  int[] indices(FeatureDomain domain, List<String> context, List<String> own) {
    int j = Math.min(crossedOwn, own.size());
    int[] index = new int[size(context, own)];
    int k = 0;
    for (String c : context) {
      index[k++] = domain.index(c);
    }
    int[] lefts = new int[j];
    for (int q = 0; q < own.size(); q++) {
      index[k++] = domain.index(own.get(q));
      if (q < j) {
        lefts[q] = domain.left(own.get(q));
      }
    }
    for (String c : context) {
      if (c.equals(uncrossed)) {
        continue;
      }
      boolean byName = c.indexOf(CROSS) >= 0;
      int right = byName ? -1 : domain.right(c);
      for (int q = 0; q < j; q++) {
        index[k++] = byName ? domain.index(cross(own.get(q), c)) : domain.crossed(lefts[q], right);
      }
    }
    return index;
  }
}
