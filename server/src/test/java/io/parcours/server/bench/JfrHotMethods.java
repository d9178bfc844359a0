package io.parcours.server.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went, read from a flight recording (JFR, in the JDK) of a benchmark or a server:
 * the share of execution samples in which each method was running (self) and in which it was on the
 * stack (inclusive), so that a profile's findings can be reproduced by anyone from the same
 * recording, without a viewer.
 *
 * <p>Record with {@code
 * -Dbench.jvmArgs="-XX:StartFlightRecording=filename=target/decide.jfr,settings=profile"} on any
 * benchmark (or {@code jcmd <pid> JFR.start settings=profile filename=…} on a running server),
 * then: {@code -Dbench=JfrHotMethods -Dbench.args="--file target/decide.jfr"}.
 *
 * <p>Options: {@code --file} the recording; {@code --within} a method (class.method) whose samples
 * alone are counted, such as the decision, to leave out start-up (default: every sample); {@code
 * --prefix} the packages listed inclusively (default io.parcours); {@code --top} rows per list
 * (default 30).
 */
public final class JfrHotMethods {

  private JfrHotMethods() {}

  public static void main(String[] args) throws IOException {
    BenchArgs a = BenchArgs.parse(args, List.of("file", "within", "prefix", "top"));
    if (a.help() || a.string("file").isEmpty()) {
      System.out.println(
          "JfrHotMethods --file recording.jfr [--within class.method] [--prefix io.parcours]"
              + " [--top 30]");
      return;
    }
    Path file = Path.of(a.string("file").get());
    String within = a.string("within").orElse(null);
    List<String> prefixes = List.of(a.string("prefix").orElse("io.parcours").split(","));
    int top = a.integer("top", 30, 1, 1000);

    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int samples = 0;
    int all = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")
            || e.getStackTrace() == null
            || e.getStackTrace().getFrames().isEmpty()) {
          continue;
        }
        all++;
        List<String> names = new ArrayList<>();
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
          names.add(name(f.getMethod()));
        }
        if (within != null && !names.contains(within)) {
          continue;
        }
        samples++;
        self.merge(names.get(0), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (String n : names) {
          if (seen.add(n)) {
            inclusive.merge(n, 1, Integer::sum);
          }
        }
      }
    }
    System.out.printf(
        "%s: %d execution samples%s%n",
        file, samples, within == null ? "" : " within " + within + " (of " + all + ")");
    if (samples == 0) {
      return;
    }
    System.out.println("\nself (the method running):");
    print(self, samples, top, List.of(""));
    System.out.println(
        "\ninclusive (the method on the stack), " + String.join(", ", prefixes) + ":");
    print(inclusive, samples, top, prefixes);
  }

  private static void print(Map<String, Integer> counts, int samples, int top, List<String> only) {
    counts.entrySet().stream()
        .filter(e -> only.stream().anyMatch(p -> e.getKey().startsWith(p)))
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
  }

  /** {@code package.Class.method}, a lambda's class named by the class that declares it. */
  private static String name(RecordedMethod m) {
    String type = m.getType().getName();
    int lambda = type.indexOf("$$Lambda");
    if (lambda >= 0) {
      type = type.substring(0, lambda) + "$$Lambda";
    }
    return type + "." + m.getName();
  }
}
