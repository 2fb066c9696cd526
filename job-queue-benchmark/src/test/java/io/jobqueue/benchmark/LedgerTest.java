package io.jobqueue.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The self-check must be able to fail: lost jobs, duplicates and leftovers each turn it red. */
class LedgerTest {

  @Test
  void everyJobOnceIsOk() {
    Ledger ledger = new Ledger(3);
    ledger.deliver(2);
    ledger.deliver(0);
    ledger.deliver(1);
    Verification v = ledger.verify(0);
    assertThat(ledger.complete()).isTrue();
    assertThat(v.ok()).isTrue();
    assertThat(v.fields()).isEqualTo("expected=3 delivered_once=3 lost=0 duplicates=0 left=0");
  }

  @Test
  void countsLostAndDuplicateDeliveries() {
    Ledger ledger = new Ledger(3);
    ledger.deliver(0);
    ledger.deliver(1);
    ledger.deliver(1);
    Verification v = ledger.verify(0);
    assertThat(v.ok()).isFalse();
    assertThat(v.fields()).isEqualTo("expected=3 delivered_once=1 lost=1 duplicates=1 left=0");
    assertThat(v.summary()).startsWith("FAILED");
  }

  @Test
  void jobsLeftInTheBackendFailTheCheck() {
    Ledger ledger = new Ledger(1);
    ledger.deliver(0);
    assertThat(ledger.verify(1).ok()).isFalse();
  }

  @Test
  void rejectsAnIndexFromAnotherRun() {
    Ledger ledger = new Ledger(2);
    assertThatThrownBy(() -> ledger.deliver(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("index 2");
  }

  @Test
  void enqueueCheckNeedsDistinctIdsAndReadyJobs() {
    assertThat(Verification.enqueue(5, 5, 5).ok()).isTrue();
    assertThat(Verification.enqueue(5, 4, 5).ok()).isFalse();
    assertThat(Verification.enqueue(5, 5, 4).ok()).isFalse();
  }

  @Test
  void latencyPercentilesUseNearestRank() {
    Latencies latencies = new Latencies(100);
    for (int i = 0; i < 100; i++) {
      latencies.record(i, (i + 1) * 1_000_000L);
    }
    Latencies.Summary s = latencies.summary();
    assertThat(s.p50Ms()).isEqualTo(50.0);
    assertThat(s.p90Ms()).isEqualTo(90.0);
    assertThat(s.p99Ms()).isEqualTo(99.0);
    assertThat(s.maxMs()).isEqualTo(100.0);
  }
}
