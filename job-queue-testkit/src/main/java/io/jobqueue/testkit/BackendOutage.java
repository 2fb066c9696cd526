package io.jobqueue.testkit;

import io.jobqueue.JobQueue;

/**
 * Cuts the queues opened through it off from the backend, and lets them through again, as a network
 * failure or a database locked by another process would, without stopping a server that other tests
 * share. {@link WorkerConformanceTest} uses it for the worker's outage and stop tests.
 *
 * <p>While an outage lasts, calls on those queues fail or wait, as the backend's client does when
 * its server is gone (a connection pool waits for its connection timeout, SQLite for its busy
 * limit). It may affect other queues of the backend too (SQLite locks the whole file), so a test
 * uses its other queues only after {@link #end()}.
 */
public interface BackendOutage extends AutoCloseable {

  /** Opens a queue whose calls go through this outage. */
  JobQueue open();

  /** From now on, calls through the queues of {@link #open()} fail or wait. */
  void begin();

  /** Lets calls through again. */
  void end();

  /** Ends the outage if it lasts, and frees what it holds; the caller closes its queues. */
  @Override
  void close();

  /**
   * An outage through a TCP proxy in front of the server that the backend's URL names by {@code
   * //host:port}: {@link #begin()} closes every connection through it and every new one as soon as
   * it comes, as a server that went away would.
   *
   * @throws IllegalArgumentException when the URL names no host and port (a file or in-process
   *     backend): give the suite an outage of its own then
   */
  static BackendOutage network(TestBackend backend) {
    return NetworkOutage.inFrontOf(backend);
  }
}
