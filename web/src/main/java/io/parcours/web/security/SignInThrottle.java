package io.parcours.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down whoever guesses passwords: after a few failed sign-ins for one user name within a
 * window, further attempts for that name are refused for a while without the password being
 * checked, and each further failure doubles the wait; a success forgets the name's failures. The
 * client address gets the same treatment with a larger allowance, so that trying many names from
 * one place is slowed too.
 *
 * <p>Per name, not global: a sign-in for another name costs nothing more. Memory is bounded: at
 * most {@code maxTracked} names and as many addresses are remembered; beyond that, those whose
 * window is over are forgotten first, then others at random. Each node keeps its own count (a node
 * behind a load balancer counts only the attempts it sees), which bounds an attacker's rate by the
 * number of nodes.
 */
public final class SignInThrottle {

  /**
   * How the throttle counts.
   *
   * @param freeFailuresPerName failures of one name within the window before it waits
   * @param freeFailuresPerAddress failures from one address within the window before it waits
   * @param window how long failures are remembered
   * @param firstWait the wait after the free failures; each further failure doubles it
   * @param longestWait the wait never grows beyond this
   * @param maxTracked how many names, and how many addresses, are remembered at most
   */
  public record Policy(
      int freeFailuresPerName,
      int freeFailuresPerAddress,
      Duration window,
      Duration firstWait,
      Duration longestWait,
      int maxTracked) {

    /** 5 failures per name, 30 per address in 15 minutes; then 1 s, 2 s, 4 s … up to 15 minutes. */
    public static final Policy DEFAULT =
        new Policy(
            5, 30, Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofMinutes(15), 10_000);
  }

  /** The failures of one name or address within the current window. */
  private record Failures(Instant windowStart, int count, Instant waitUntil) {}

  private final Policy policy;
  private final Clock clock;
  private final Map<String, Failures> names = new ConcurrentHashMap<>();
  private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

  public SignInThrottle(Policy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * How long a sign-in for {@code name} from {@code address} must wait before the password is
   * checked; empty when it may be checked now.
   */
  public Optional<Duration> wait(String name, String address) {
    Instant now = clock.instant();
    Duration byName = waiting(names.get(name), now);
    Duration byAddress = waiting(addresses.get(address), now);
    Duration longer = byName.compareTo(byAddress) >= 0 ? byName : byAddress;
    return longer.isZero() ? Optional.empty() : Optional.of(longer);
  }

  /** Records a wrong password for {@code name} from {@code address}. */
  public void failed(String name, String address) {
    Instant now = clock.instant();
    count(names, name, now, policy.freeFailuresPerName());
    count(addresses, address, now, policy.freeFailuresPerAddress());
  }

  /**
   * Records a right password: the name's failures are forgotten (the address's stay until its
   * window ends).
   */
  public void succeeded(String name) {
    names.remove(name);
  }

  private static Duration waiting(Failures f, Instant now) {
    return f == null || f.waitUntil() == null || !f.waitUntil().isAfter(now)
        ? Duration.ZERO
        : Duration.between(now, f.waitUntil());
  }

  private void count(Map<String, Failures> tracked, String key, Instant now, int free) {
    tracked.compute(
        key,
        (k, f) -> {
          boolean fresh =
              f == null
                  || (!f.windowStart().plus(policy.window()).isAfter(now)
                      && waiting(f, now).isZero());
          int count = fresh ? 1 : f.count() + 1;
          Instant windowStart = fresh ? now : f.windowStart();
          Instant waitUntil = count < free ? null : now.plus(waitAfter(count - free));
          return new Failures(windowStart, count, waitUntil);
        });
    if (tracked.size() > policy.maxTracked()) {
      forgetSome(tracked, now);
    }
  }

  /**
   * The wait after {@code beyond} failures past the free ones: first wait × 2^beyond, at most the
   * longest.
   */
  private Duration waitAfter(int beyond) {
    Duration wait = policy.firstWait().multipliedBy(1L << Math.min(beyond, 30));
    return wait.compareTo(policy.longestWait()) > 0 ? policy.longestWait() : wait;
  }

  private void forgetSome(Map<String, Failures> tracked, Instant now) {
    tracked
        .values()
        .removeIf(
            f -> !f.windowStart().plus(policy.window()).isAfter(now) && waiting(f, now).isZero());
    Iterator<Map.Entry<String, Failures>> oldest = tracked.entrySet().iterator();
    while (tracked.size() > policy.maxTracked() && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }
}
