package io.jobqueue.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** Describes the machine the benchmark runs on, for the header of its output. */
final class Machine {

  private Machine() {}

  static String describe() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.availableProcessors()
        + " cores, "
        + cpuModel()
        + ", "
        + String.format(Locale.ROOT, "%.0f GiB RAM", totalMemoryGib())
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", Java "
        + Runtime.version()
        + " ("
        + System.getProperty("java.vendor")
        + ")";
  }

  /** Whether stderr is a terminal (Linux: /proc/self/fd/2 links to a tty). */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return System.console() != null;
    }
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown CPU");
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  private static double totalMemoryGib() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
      return lines
          .filter(l -> l.startsWith("MemTotal:"))
          .findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0)
          .orElse(Double.NaN);
    } catch (IOException e) {
      return Double.NaN;
    }
  }
}
