package io.parcours.rules;

import java.time.Instant;
import java.util.Map;

/**
 * The situation of one decision as rules see it: where the customer is, in which direction, what
 * the channel knows, and the time on the customer's clock.
 *
 * <p>The context keys the bundled rules read are {@code intent} (the product or theme the customer
 * shows interest in, in the words of action groups, for example {@code credit-card} or {@code
 * travel}), {@code step} ({@code apply} while the customer fills in an application) and {@code
 * topic} (the subject of the guide or article being read). A channel may send other keys; rules
 * read them with {@link #context(String)}.
 */
public final class Situation {

  private final String channel;
  private final String direction;
  private final Map<String, String> context;
  private final Instant at;
  private final int localHour;
  private final int dayOfWeek;

  Situation(
      String channel,
      String direction,
      Map<String, String> context,
      Instant at,
      int localHour,
      int dayOfWeek) {
    this.channel = channel;
    this.direction = direction;
    this.context = context;
    this.at = at;
    this.localHour = localHour;
    this.dayOfWeek = dayOfWeek;
  }

  /** The code of the channel asking: web, app, email, sms or call-centre. */
  public String getChannel() {
    return channel;
  }

  /** {@code inbound} (the customer is here) or {@code outbound} (we reach out). */
  public String getDirection() {
    return direction;
  }

  /** What the channel knows of the situation, as free key/value pairs; never null. */
  public Map<String, String> getContext() {
    return context;
  }

  /** The value of context key {@code key}, or {@code null} when the channel did not send it. */
  public String context(String key) {
    return context.get(key);
  }

  /** The product or theme the customer shows interest in (context key {@code intent}), or null. */
  public String getIntent() {
    return context.get("intent");
  }

  /**
   * Where the customer is in a flow (context key {@code step}, for example {@code apply}), or null.
   */
  public String getStep() {
    return context.get("step");
  }

  /** The subject being read (context key {@code topic}), or null. */
  public String getTopic() {
    return context.get("topic");
  }

  /** The decision time. */
  public Instant getAt() {
    return at;
  }

  /** The hour on the customer's clock, 0 to 23, in the customer's time zone. */
  public int getLocalHour() {
    return localHour;
  }

  /** The day of the week on the customer's clock: 1 for Monday to 7 for Sunday (ISO-8601). */
  public int getDayOfWeek() {
    return dayOfWeek;
  }

  /** Whether it is Saturday or Sunday on the customer's clock. */
  public boolean isWeekend() {
    return dayOfWeek >= 6;
  }

  @Override
  public String toString() {
    return "Situation[" + direction + " on " + channel + " " + context + " at " + localHour + "h]";
  }
}
