package io.parcours.models.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of the models' commands: {@code --name value} or {@code --name=value}, each name one
 * of the command's, and {@code --help} alone.
 */
final class CommandOptions {

  private CommandOptions() {}

  /**
   * The options in {@code args}, by name ({@code help} maps to an empty value).
   *
   * @throws IllegalArgumentException naming the argument that is not an option, an unknown option,
   *     or one without its value
   */
  static Map<String, String> parse(String[] args, List<String> known) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException(
            "unexpected argument '" + a + "'; options start with --");
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "; known: " + known);
      }
      if (name.equals("help")) {
        o.put("help", "");
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        value = args[++i];
      }
      o.put(name, value);
    }
    return o;
  }
}
