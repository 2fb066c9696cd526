package io.jobqueue.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobqueue.benchmark.Backend.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Runs every peer scenario (db-scheduler and JobRunr) on a tiny N against PostgreSQL and MariaDB in
 * one invocation: each must pass the same self-check as the library's scenarios, and the table must
 * carry the ratio columns. And the self-check must be able to fail: a job the peer never saw is
 * reported lost.
 */
class PeerScenariosTest {

  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=root";
  private static final List<String> PEER_SCENARIOS =
      List.of(
          "db-scheduler-enqueue",
          "db-scheduler-drain",
          "db-scheduler-latency",
          "jobrunr-enqueue",
          "jobrunr-drain",
          "jobrunr-latency");

  @Test
  void everyPeerScenarioPassesItsSelfCheckOnPostgresAndMariadb() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit =
        BenchmarkCommand.execute(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            "--backends",
            "postgres,mariadb",
            "--scenarios",
            String.join(",", PEER_SCENARIOS) + ",enqueue-one,drain-worker",
            "--jobs",
            "100",
            "--runs",
            "1",
            "--rate",
            "50",
            "--latency-seconds",
            "1",
            "--stall-seconds",
            "10",
            "--no-progress");
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("exit code; output:%n%s", output).isZero();
    List<String> lines = output.lines().toList();
    for (String backend : List.of("postgres", "mariadb")) {
      for (String scenario : PEER_SCENARIOS) {
        String key = "backend=" + backend + " scenario=" + scenario + " ";
        assertThat(lines)
            .as("CHECK line of %s %s in%n%s", backend, scenario, output)
            .anyMatch(l -> l.startsWith("CHECK " + key) && l.contains("status=OK"));
      }
      assertThat(lines)
          .as("ratio columns of %s in%n%s", backend, output)
          .anyMatch(l ->
              l.startsWith("RESULT backend=" + backend + " scenario=drain-worker ")
                  && l.contains(" vs_db_scheduler=")
                  && l.contains(" vs_jobrunr="));
    }
    assertThat(lines.stream().filter(l -> l.startsWith("CHECK ") && l.contains("delivered_once=")))
        .isNotEmpty()
        .allMatch(
            l -> l.contains(" lost=0 ") && l.contains(" duplicates=0 ") && l.contains(" left=0"));
    assertThat(lines).anyMatch(l -> l.startsWith("VERIFIED: all "));
  }

  @Test
  void aJobThePeerNeverRanIsReportedLost() throws Exception {
    try (DbSchedulerPeer peer = new DbSchedulerPeer(Kind.POSTGRES, POSTGRES, 2, "losttest")) {
      PeerScenarios scenarios = new PeerScenarios(peer);
      scenarios.enqueue(10, 2, new AtomicLong());
      Ledger ledger = new Ledger(11); // job 10 was never enqueued: the peer cannot deliver it
      scenarios.drain(ledger, 1_000, new AtomicLong());
      Verification v = ledger.verify(scenarios.left());
      assertThat(v.ok()).isFalse();
      assertThat(v.fields()).isEqualTo("expected=11 delivered_once=10 lost=1 duplicates=0 left=0");
    }
  }
}
