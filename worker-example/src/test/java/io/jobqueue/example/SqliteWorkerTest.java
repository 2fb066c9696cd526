package io.jobqueue.example;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The worker on embedded SQLite, a new database file per test. */
class SqliteWorkerTest extends WorkerContractTest {

  @TempDir Path dir;

  @Override
  protected JobQueue openQueue() {
    return JobQueues.open("jdbc:sqlite:" + dir.resolve("jobs.db"));
  }
}
