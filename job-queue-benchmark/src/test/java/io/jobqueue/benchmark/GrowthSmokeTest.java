package io.jobqueue.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code growth} subcommand once on every backend with tiny sizes, so it cannot rot: every
 * dimension must produce its points, each passing its own check (every job delivered once, none
 * lost), and the chart must be written. Figures are not asserted. The servers are the shared ones
 * scripts/services starts; one that cannot be reached fails the test.
 */
class GrowthSmokeTest {

  private static final List<String> BACKENDS =
      List.of("sqlite", "postgres", "mariadb", "beanstalkd");

  @TempDir Path temp;

  @Test
  void everyDimensionOnEveryBackendChecksItsOwnWork() throws IOException {
    Path chart = temp.resolve("growth.png");
    String output =
        BenchmarkSmokeTest.runBenchmark(
            List.of(
                "--backends",
                String.join(",", BACKENDS),
                "--sqlite-url",
                "jdbc:sqlite:" + temp.resolve("growth.db"),
                "--no-progress",
                "growth",
                "--backlogs",
                "300,600",
                "--drain-jobs",
                "100",
                "--reserve-samples",
                "50",
                "--other-delayed",
                "200",
                "--other-buried",
                "50",
                "--growth-jobs",
                "200",
                "--max-threads",
                "1",
                "--max-processes",
                "1",
                "--process-idle-seconds",
                "5",
                "--payload-megabytes",
                "1",
                "--network-jobs",
                "50",
                "--delays-ms",
                "0.5",
                "--chart",
                chart.toString()));
    List<String> lines = output.lines().toList();
    for (String backend : BACKENDS) {
      for (String dimension : List.of("backlog", "workers", "payload", "network")) {
        if (dimension.equals("network") && backend.equals("sqlite")) {
          continue; // embedded: no network to delay
        }
        String key = "growth=" + dimension + " backend=" + backend + " ";
        assertThat(lines)
            .as("CHECK line of %s %s in%n%s", backend, dimension, output)
            .anyMatch(l -> l.startsWith("CHECK " + key) && l.contains("status=OK"));
        assertThat(lines)
            .as("RESULT line of %s %s in%n%s", backend, dimension, output)
            .anyMatch(l -> l.startsWith("RESULT " + key) && l.endsWith("status=OK"));
      }
      assertThat(lines)
          .as("the backlog with delayed and buried jobs elsewhere on %s", backend)
          .anyMatch(l ->
              l.startsWith("CHECK growth=backlog backend=" + backend + " ")
                  && l.contains("delayed +50 buried elsewhere")
                  && l.contains("status=OK"));
      assertThat(lines)
          .as("naive loop and library on %s", backend)
          .filteredOn(l -> l.startsWith("RESULT growth=network backend=" + backend + " "))
          .hasSize(backend.equals("sqlite") ? 0 : 2);
    }
    assertThat(lines.stream().filter(l -> l.startsWith("CHECK ")))
        .isNotEmpty()
        .allMatch(
            l -> l.contains(" lost=0 ") && l.contains(" duplicates=0 ") && l.contains(" left=0"));
    assertThat(lines).anyMatch(l -> l.startsWith("VERIFIED: all "));
    assertThat(lines).noneMatch(l -> l.contains("FAILED"));
    byte[] png = Files.readAllBytes(chart);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void rejectsBadArgumentsWithUsageErrors() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(BenchmarkCommand.execute(out, "growth", "--dimensions", "latency")).isEqualTo(2);
    assertThat(BenchmarkCommand.execute(out, "growth", "--delays-ms", "-1")).isEqualTo(2);
    assertThat(
            BenchmarkCommand.execute(
                out,
                "growth",
                "--backlogs",
                "100",
                "--drain-jobs",
                "100",
                "--reserve-samples",
                "10"))
        .isEqualTo(2);
  }
}
