package io.parcours.rules;

import io.parcours.domain.Channel;
import io.parcours.domain.Consent;
import io.parcours.domain.ContactHistory;
import io.parcours.domain.CustomerProfile;
import io.parcours.domain.Direction;
import io.parcours.domain.Impression;
import io.parcours.domain.Outcome;
import io.parcours.domain.Purpose;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the scenarios of a {@code .scenarios} file: plain lines a business user can write and read.
 *
 * <pre>
 * # A comment.
 * scenario: a customer who missed two payments gets help, not a loan
 * customer: missedPayments=2, monthlyIncome=1800, products=current-account personal-loan
 * consents: sms:service email:service web:profiling
 * decide: web inbound
 * context: intent=personal-loan
 * at: 2026-03-11T10:00:00Z
 * shown: reduced-instalments on web 2 times 3 days ago
 * responded: payment-holiday rejected on app 10 days ago
 * expect eligible: reduced-instalments
 * expect excluded: personal-loan by NoSalesInDifficulty
 * expect stage: resilience = in-difficulty
 * expect no stage: retention
 * expect weight: reduced-instalments = 2
 * expect do nothing: no
 * </pre>
 *
 * <p>Everything but {@code scenario:} and at least one {@code expect} line is optional: the
 * customer is otherwise an adult of two years' standing with a current account, no risk, consenting
 * to every channel for every purpose, asking on the web on Wednesday 11 March 2026 at 11:00 Paris
 * time.
 */
public final class ScenarioFile {

  /** The decision time when a scenario names none: Wednesday 11 March 2026, 11:00 in Paris. */
  public static final Instant DEFAULT_TIME = Instant.parse("2026-03-11T10:00:00Z");

  private static final String CUSTOMER_ID = "scenario-customer";
  private static final Pattern AGO =
      Pattern.compile("(\\d+) (minute|minutes|hour|hours|day|days) ago");
  private static final Pattern SHOWN = Pattern.compile("(\\S+) on (\\S+)(?: (\\d+) times?)? (.+)");
  private static final Pattern RESPONDED = Pattern.compile("(\\S+) (\\S+)(?: on (\\S+))? (.+)");
  private static final Pattern EXCLUDED = Pattern.compile("(\\S+)(?: by (\\S+))?");
  private static final Pattern STAGE = Pattern.compile("(\\S+)\\s*=\\s*(\\S+)");
  private static final Pattern WEIGHT = Pattern.compile("(\\S+)\\s*=\\s*(\\S+)");

  /** The most impressions one scenario may describe, all 'shown:' lines together. */
  static final int MAX_SHOWN = 10_000;

  /** The furthest back a scenario's history may go. */
  static final Duration MAX_AGO = Duration.ofDays(36_500);

  private ScenarioFile() {}

  /**
   * The scenarios of {@code file}.
   *
   * @throws RuleSetCompilationException listing every line that cannot be read, with its line
   *     number
   */
  public static List<RuleScenario> parse(RuleFile file, String version)
      throws RuleSetCompilationException {
    List<RuleProblem> problems = new ArrayList<>();
    List<RuleScenario> scenarios = new ArrayList<>();
    String[] lines = new String(file.bytes(), StandardCharsets.UTF_8).split("\\R", -1);
    Builder current = null;
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String key =
          colon < 0
              ? line.toLowerCase(Locale.ROOT)
              : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = colon < 0 ? "" : line.substring(colon + 1).strip();
      try {
        if (key.equals("scenario")) {
          if (current != null) {
            current.finish(scenarios, problems);
          }
          if (value.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs a name after 'scenario:'");
          }
          current = new Builder(file.name(), number, value);
        } else if (current == null) {
          throw new IllegalArgumentException("'" + key + "' before the first 'scenario:' line");
        } else {
          current.read(key, value, number);
        }
      } catch (IllegalArgumentException | DateTimeException e) {
        problems.add(new RuleProblem(file.name(), number, 1, e.getMessage()));
      }
    }
    if (current != null) {
      current.finish(scenarios, problems);
    }
    if (!problems.isEmpty()) {
      throw new RuleSetCompilationException(version, problems);
    }
    return scenarios;
  }

  /** Collects one scenario's lines. */
  private static final class Builder {
    final String file;
    final int line;
    final String name;
    int age = 35;
    String region = "Île-de-France";
    String segment = "mass";
    int tenureMonths = 24;
    Set<String> products = Set.of("current-account");
    double balance = 3200;
    double monthlyIncome = 2500;
    double churnRisk = 0.1;
    int missedPayments;
    boolean openComplaint;
    boolean travellingAbroad;
    String timeZone = "Europe/Paris";
    Set<Consent> consents = everyConsent();
    Channel channel = Channel.WEB;
    Direction direction = Direction.INBOUND;
    final Map<String, String> context = new HashMap<>();
    final Map<String, Double> features = new HashMap<>();
    Instant at = DEFAULT_TIME;
    final List<String[]> shown = new ArrayList<>();
    int shownCount;
    final List<String[]> responded = new ArrayList<>();
    final List<RuleScenario.Expectation> expectations = new ArrayList<>();

    Builder(String file, int line, String name) {
      this.file = file;
      this.line = line;
      this.name = name;
    }

    void read(String key, String value, int number) {
      switch (key) {
        case "customer" -> {
          for (Map.Entry<String, String> e : pairs(value).entrySet()) {
            customer(e.getKey(), e.getValue());
          }
        }
        case "consents" -> {
          consents = new HashSet<>();
          if (!value.equalsIgnoreCase("none")) {
            for (String code : value.split("[\\s,]+")) {
              consents.add(Consent.fromCode(code));
            }
          }
        }
        case "decide" -> {
          String[] words = value.split("\\s+");
          if (words.length != 2) {
            throw new IllegalArgumentException(
                "'decide:' takes a channel and a direction, e.g. 'decide: sms outbound'");
          }
          channel = Channel.fromCode(words[0]);
          direction = Direction.fromCode(words[1]);
        }
        case "context" -> context.putAll(pairs(value));
        case "features" -> {
          for (Map.Entry<String, String> e : pairs(value).entrySet()) {
            features.put(e.getKey(), number(e.getValue(), e.getKey()));
          }
        }
        case "at" -> at = Instant.parse(value);
        // Shown and responded lines are checked now and turned into history once 'at' is known.
        case "shown" -> {
          Matcher m = SHOWN.matcher(value);
          if (!m.matches()) {
            throw new IllegalArgumentException(
                "'shown:' reads '<action> on <channel> [<n> times] <n> days|hours|minutes ago'");
          }
          Channel.fromCode(m.group(2));
          ago(m.group(4));
          int times = times(m.group(3));
          if (times > MAX_SHOWN - shownCount) {
            throw new IllegalArgumentException(
                "a scenario describes at most "
                    + MAX_SHOWN
                    + " impressions in all; this line would make "
                    + (shownCount + times));
          }
          shownCount += times;
          shown.add(
              new String[] {
                m.group(1), m.group(2), m.group(3) == null ? "1" : m.group(3), m.group(4)
              });
        }
        case "responded" -> {
          Matcher m = RESPONDED.matcher(value);
          if (!m.matches()) {
            throw new IllegalArgumentException(
                "'responded:' reads '<action> <outcome> [on <channel>] <n> days|hours|minutes ago'");
          }
          Outcome.fromCode(m.group(2));
          if (m.group(3) != null) {
            Channel.fromCode(m.group(3));
          }
          ago(m.group(4));
          responded.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
        }
        case "expect eligible" -> {
          for (String id : list(value)) {
            expectations.add(new RuleScenario.Eligible(number, id));
          }
        }
        case "expect excluded" -> {
          Matcher m = EXCLUDED.matcher(value);
          if (!m.matches()) {
            throw new IllegalArgumentException(
                "'expect excluded:' reads '<action> [by <RuleName>]'");
          }
          expectations.add(new RuleScenario.Excluded(number, m.group(1), m.group(2)));
        }
        case "expect stage" -> {
          Matcher m = STAGE.matcher(value);
          if (!m.matches()) {
            throw new IllegalArgumentException("'expect stage:' reads '<journey> = <stage>'");
          }
          expectations.add(new RuleScenario.Stage(number, m.group(1), m.group(2)));
        }
        case "expect no stage" -> {
          for (String journey : list(value)) {
            expectations.add(new RuleScenario.Stage(number, journey, null));
          }
        }
        case "expect weight" -> {
          Matcher m = WEIGHT.matcher(value);
          if (!m.matches()) {
            throw new IllegalArgumentException("'expect weight:' reads '<action> = <number>'");
          }
          expectations.add(
              new RuleScenario.Weight(number, m.group(1), number(m.group(2), "weight")));
        }
        case "expect do nothing" ->
            expectations.add(new RuleScenario.DoNothing(number, !value.equalsIgnoreCase("no")));
        default ->
            throw new IllegalArgumentException(
                "unknown line '"
                    + key
                    + ":'; a scenario has customer, features, consents, decide, context, at,"
                    + " shown, responded and expect eligible / excluded / stage / no stage / weight /"
                    + " do nothing lines");
      }
    }

    private void customer(String attribute, String value) {
      switch (attribute) {
        case "age" -> age = (int) number(value, attribute);
        case "region" -> region = value;
        case "segment" -> segment = value;
        case "tenureMonths" -> tenureMonths = (int) number(value, attribute);
        case "products" ->
            products = value.equalsIgnoreCase("none") ? Set.of() : Set.of(value.split("\\s+"));
        case "balance" -> balance = number(value, attribute);
        case "monthlyIncome" -> monthlyIncome = number(value, attribute);
        case "churnRisk" -> churnRisk = number(value, attribute);
        case "missedPayments" -> missedPayments = (int) number(value, attribute);
        case "openComplaint" -> openComplaint = bool(value, attribute);
        case "travellingAbroad" -> travellingAbroad = bool(value, attribute);
        case "timeZone" -> timeZone = ZoneId.of(value).getId();
        default ->
            throw new IllegalArgumentException(
                "unknown customer attribute '"
                    + attribute
                    + "'; known: age, region, segment,"
                    + " tenureMonths, products, balance, monthlyIncome, churnRisk, missedPayments,"
                    + " openComplaint, travellingAbroad, timeZone");
      }
    }

    void finish(List<RuleScenario> into, List<RuleProblem> problems) {
      if (expectations.isEmpty()) {
        problems.add(
            new RuleProblem(
                file, line, 1, "scenario '" + name + "' expects nothing; add 'expect' lines"));
        return;
      }
      List<Impression> impressions = new ArrayList<>();
      for (String[] s : shown) {
        Instant t = at.minus(ago(s[3]));
        for (int n = Integer.parseInt(s[2]); n > 0; n--) {
          impressions.add(new Impression(s[0], Channel.fromCode(s[1]), t));
        }
      }
      List<ContactHistory.ResponseEvent> responses = new ArrayList<>();
      for (String[] r : responded) {
        responses.add(
            new ContactHistory.ResponseEvent(
                r[0],
                r[2] == null ? channel : Channel.fromCode(r[2]),
                Outcome.fromCode(r[1]),
                at.minus(ago(r[3]))));
      }
      CustomerProfile profile =
          new CustomerProfile(
              CUSTOMER_ID,
              name,
              age,
              region,
              segment,
              tenureMonths,
              products,
              balance,
              monthlyIncome,
              churnRisk,
              missedPayments,
              openComplaint,
              travellingAbroad,
              consents,
              timeZone,
              at);
      into.add(
          new RuleScenario(
              file,
              line,
              name,
              profile,
              features,
              RuleScenario.request(CUSTOMER_ID, channel, direction, context, at),
              RuleScenario.history(CUSTOMER_ID, impressions, responses),
              expectations));
    }
  }

  private static Set<Consent> everyConsent() {
    Set<Consent> all = new HashSet<>();
    for (Channel c : Channel.values()) {
      for (Purpose p : Purpose.values()) {
        all.add(new Consent(c, p));
      }
    }
    return all;
  }

  private static Duration ago(String text) {
    Matcher m = AGO.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a time ago; write for example '3 days ago', '2 hours ago' or '0 minutes ago'");
    }
    String digits = m.group(1);
    long n = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
    Duration ago =
        n > MAX_AGO.toMinutes()
            ? MAX_AGO.plusDays(1)
            : switch (m.group(2)) {
              case "minute", "minutes" -> Duration.ofMinutes(n);
              case "hour", "hours" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
    if (ago.compareTo(MAX_AGO) > 0) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' goes back more than "
              + MAX_AGO.toDays()
              + " days; a scenario's history is"
              + " within the last 100 years");
    }
    return ago;
  }

  /** The count of a "<n> times", 1 when absent; at most {@link #MAX_SHOWN}. */
  private static int times(String text) {
    if (text == null) {
      return 1;
    }
    if (text.length() > 9 || Long.parseLong(text) > MAX_SHOWN) {
      throw new IllegalArgumentException(
          "'"
              + text
              + " times' is too many: a scenario describes at most "
              + MAX_SHOWN
              + " impressions");
    }
    return Integer.parseInt(text);
  }

  private static Map<String, String> pairs(String value) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String part : value.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + p + "' is not name=value");
      }
      pairs.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
    }
    return pairs;
  }

  private static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    for (String s : value.split("[\\s,]+")) {
      if (!s.isEmpty()) {
        items.add(s);
      }
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("name at least one action or journey");
    }
    return items;
  }

  private static double number(String value, String what) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a number, was '" + value + "'");
    }
  }

  private static boolean bool(String value, String what) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default ->
          throw new IllegalArgumentException(what + " must be yes or no, was '" + value + "'");
    };
  }
}
