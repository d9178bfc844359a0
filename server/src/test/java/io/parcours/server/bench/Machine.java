package io.parcours.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a benchmark ran on, printed beside its figures: they mean little without it. */
final class Machine {

  private Machine() {}

  /** Cores, processor model where the system says it, JVM and operating system. */
  static String describe() {
    Runtime rt = Runtime.getRuntime();
    return rt.availableProcessors()
        + " cores"
        + cpuModel()
        + ", "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.vm.version")
        + ", max heap "
        + rt.maxMemory() / (1024 * 1024)
        + " MiB, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + " "
        + System.getProperty("os.arch");
  }

  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return "";
    }
    try (Stream<String> lines = Files.lines(cpuinfo)) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")")
          .orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
