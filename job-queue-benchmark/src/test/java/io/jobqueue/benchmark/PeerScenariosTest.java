package io.jobqueue.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobqueue.benchmark.Backend.Kind;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every peer scenario (db-scheduler and JobRunr) on a tiny N (the smoke test's settings)
 * against PostgreSQL and MariaDB in one invocation: each must pass the same self-check as the
 * library's scenarios, and the table must carry the ratio columns. And the self-check must be able
 * to fail: a job the peer never saw is reported lost.
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
    String output =
        BenchmarkSmokeTest.runBenchmark(
            Stream.concat(
                    BenchmarkSmokeTest.TINY.stream(),
                    Stream.of(
                        "--backends",
                        "postgres,mariadb",
                        "--scenarios",
                        String.join(",", PEER_SCENARIOS) + ",enqueue-one,drain-worker"))
                .toList());
    for (String backend : List.of("postgres", "mariadb")) {
      BenchmarkSmokeTest.assertAllChecked(output, backend, PEER_SCENARIOS);
      assertThat(output.lines())
          .as("ratio columns of %s in%n%s", backend, output)
          .anyMatch(l ->
              l.startsWith("RESULT backend=" + backend + " scenario=drain-worker ")
                  && l.contains(" vs_db_scheduler=")
                  && l.contains(" vs_jobrunr="));
    }
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
