package io.parcours.server.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line options of the plain benchmark mains, as {@code --name value} or {@code
 * --name=value} pairs; a name the program does not know, a missing value or a value out of range is
 * refused with a message that names the option and what it accepts.
 */
final class BenchArgs {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final boolean help;

  private BenchArgs(List<String> known, String[] args) {
    boolean wantsHelp = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        wantsHelp = true;
        continue;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException(
            "unexpected argument '" + arg + "'; options are --" + String.join(", --", known));
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown option --" + name + "; options are --" + String.join(", --", known));
      }
      values.put(name, value);
    }
    help = wantsHelp;
  }

  /** Reads {@code args}, accepting only the options named in {@code known}. */
  static BenchArgs parse(String[] args, List<String> known) {
    return new BenchArgs(known, args);
  }

  boolean help() {
    return help;
  }

  Optional<String> string(String name) {
    return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
  }

  int integer(String name, int fallback, int min, int max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim().replace("_", ""));
      if (n < min || n > max) {
        throw new IllegalArgumentException(
            "--" + name + " must be between " + min + " and " + max + ", not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + v + "'");
    }
  }

  double decimal(String name, double fallback, double min, double max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (!(d >= min && d <= max)) {
        throw new IllegalArgumentException(
            "--" + name + " must be between " + min + " and " + max + ", not " + v);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not '" + v + "'");
    }
  }
}
