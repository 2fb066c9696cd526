package io.jobqueue.http;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.testkit.BackendOutage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class SqliteHttpApiTest extends HttpApiContractTest {

  private static final Path DIR = tempDir();

  @Override
  protected String url() {
    return "jdbc:sqlite:" + DIR.resolve("jobs.db");
  }

  /**
   * A SQLite file cannot go away like a server: a queue closed at {@code begin()} stands for it.
   */
  @Override
  protected BackendOutage outage() {
    return new BackendOutage() {
      private final List<JobQueue> opened = new ArrayList<>();

      @Override
      public JobQueue open() {
        JobQueue queue = JobQueues.open(url());
        opened.add(queue);
        return queue;
      }

      @Override
      public void begin() {
        opened.forEach(JobQueue::close);
      }

      @Override
      public void end() {
        throw new UnsupportedOperationException("a closed queue stays closed");
      }

      @Override
      public void close() {}
    };
  }

  @Override
  protected ScheduleStore scheduleStore(JobQueue queue) {
    return JdbcScheduleStore.of((JdbcJobQueue) queue);
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("jobqueue-http");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
