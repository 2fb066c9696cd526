package io.jobqueue.benchmark;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The naive queue our users would otherwise write, on one backend: one job per insert and per
 * reserve-and-delete transaction, no batching, no library. Each instance owns a fresh table (or
 * tube) and removes it on {@link #close()}.
 */
interface Baseline extends AutoCloseable {

  /**
   * Adds jobs 0 … {@code jobs - 1} (the payload is the index) on {@code threads} threads, one per
   * transaction, and returns the ids the backend gave them.
   */
  Set<Long> enqueue(int jobs, int threads, AtomicLong progress) throws Exception;

  /** Jobs waiting in this baseline's table or tube. */
  long waiting() throws Exception;

  /**
   * Reserves and deletes jobs on {@code threads} threads until the ledger is complete (or nothing
   * has come for {@code stallMillis}), recording each delivery.
   */
  void drain(Ledger ledger, int threads, long stallMillis, AtomicLong progress) throws Exception;

  @Override
  void close() throws SQLException;
}
