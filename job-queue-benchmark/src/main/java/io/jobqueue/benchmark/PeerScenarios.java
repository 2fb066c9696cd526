package io.jobqueue.benchmark;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The peer's side of the enqueue, drain and latency scenarios, through the same steps as {@link
 * LibraryScenarios}: W threads adding one job per call, the peer's own worker runtime with W
 * threads draining them, and one producer offering a fixed rate to a running worker runtime.
 */
final class PeerScenarios {

  private static final long POLL_MILLIS = 5;

  private final PeerQueue peer;

  PeerScenarios(PeerQueue peer) {
    this.peer = peer;
  }

  /** Adds jobs 0 … jobs - 1 with one call each, on {@code threads} threads. */
  Set<Object> enqueue(int jobs, int threads, AtomicLong progress) {
    return Parallel.addEach(
        "peer-enqueue", jobs, threads, i -> peer.enqueue(Payload.of(i)), progress);
  }

  /**
   * Runs the peer's workers with a no-op handler until every job was delivered (or none came for
   * {@code stallMillis}), then until the peer has completed them all.
   */
  void drain(Ledger ledger, long stallMillis, AtomicLong progress) throws Exception {
    try (AutoCloseable workers =
        peer.startWorkers(payload -> {
          ledger.deliver(Payload.index(payload));
          progress.incrementAndGet();
        })) {
      awaitSettled(ledger, stallMillis);
    }
  }

  /**
   * Offers {@code rate} jobs per second to the peer's running workers and records, per job, the
   * time from just before its enqueue call to the start of its handler.
   */
  Latencies latency(int rate, Ledger ledger, long stallMillis, AtomicLong progress)
      throws Exception {
    Latencies latencies = new Latencies(ledger.jobs());
    try (AutoCloseable workers =
        peer.startWorkers(payload -> latencies.started(payload, ledger, progress))) {
      OfferedRate.offer(ledger.jobs(), rate, i -> peer.enqueue(Payload.of(i, System.nanoTime())));
      awaitSettled(ledger, stallMillis);
    }
    return latencies;
  }

  long ready() {
    return peer.ready();
  }

  long left() {
    return peer.left();
  }

  void clear() {
    peer.clear();
  }

  /**
   * Waits for the last delivery, then for the peer to record the jobs as done (it does so after the
   * handler returns), each until nothing changed for {@code stallMillis}.
   */
  private void awaitSettled(Ledger ledger, long stallMillis) throws InterruptedException {
    awaitUntilStalled(ledger::delivered, () -> ledger.complete(), stallMillis);
    awaitUntilStalled(peer::left, () -> peer.left() == 0, stallMillis);
  }

  private static void awaitUntilStalled(
      LongSupplier progress, BooleanSupplier done, long stallMillis) throws InterruptedException {
    long seen = progress.getAsLong();
    long lastChange = System.nanoTime();
    while (!done.getAsBoolean() && (System.nanoTime() - lastChange) / 1_000_000 < stallMillis) {
      Thread.sleep(POLL_MILLIS);
      long now = progress.getAsLong();
      if (now != seen) {
        seen = now;
        lastChange = System.nanoTime();
      }
    }
  }
}
