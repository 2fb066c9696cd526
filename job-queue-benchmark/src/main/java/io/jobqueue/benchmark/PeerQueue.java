package io.jobqueue.benchmark;

import java.util.function.Consumer;

/**
 * A job queue our users might pick instead of jobqueue, reduced to what the peer scenarios need:
 * add one job, run a pool of W workers on what is waiting, and count what is waiting or left. Each
 * instance owns its own tables in the backend's database (named apart from the library's and the
 * baseline's) and drops them on {@link #close()}.
 */
interface PeerQueue extends AutoCloseable {

  /**
   * Adds one job carrying {@code payload}, due now, in one call, and returns the peer's id for it.
   */
  Object enqueue(byte[] payload);

  /**
   * Starts the peer's own worker runtime with W threads, calling {@code handler} with each job's
   * payload; closing the result stops it.
   */
  AutoCloseable startWorkers(Consumer<byte[]> handler);

  /** Jobs waiting to run. */
  long ready();

  /** Jobs not yet completed, in any state. */
  long left();

  /**
   * Removes every job, so that a run starts from an empty table: truncated, so that it leaves no
   * dead rows behind either (PostgreSQL's autovacuum may be off, as on the project's machine; the
   * benchmark vacuums its tables before each timed scenario for the same reason).
   */
  void clear();

  @Override
  void close();
}
