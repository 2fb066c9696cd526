package io.jobqueue.benchmark;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

import io.jobqueue.benchmark.Backend.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.sql.mariadb.MariaDbStorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * JobRunr (open-source edition, org.jobrunr:jobrunr) as a job queue: {@code
 * JobScheduler.enqueue(job -> job.run(payload))}, one call per job; a {@link BackgroundJobServer}
 * with W workers and JobRunr's shortest poll interval (5 s) runs them. Its storage provider creates
 * its own tables through its migrations, under the table prefix {@code bench_jobrunr_<random>_},
 * dropped on close.
 */
final class JobRunrPeer implements PeerQueue {

  /** The smallest poll interval the open-source edition accepts (it rejects anything below). */
  static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

  private final PeerDatabase database;
  private final String prefix;
  private final int workers;
  private final JsonMapper json = new JacksonJsonMapper();
  private final StorageProvider storage;
  private final JobScheduler scheduler;
  private final NoOpJob job = new NoOpJob();

  JobRunrPeer(Kind kind, String url, int workers, String suffix) {
    this.workers = workers;
    this.prefix = "bench_jobrunr_" + suffix + "_";
    this.database = new PeerDatabase(kind, url, workers + 2, "jobrunr");
    try {
      this.storage =
          kind == Kind.POSTGRES
              ? new PostgresStorageProvider(database.dataSource(), prefix, DatabaseOptions.CREATE)
              : new MariaDbStorageProvider(database.dataSource(), prefix, DatabaseOptions.CREATE);
      storage.setJobMapper(new JobMapper(json));
      this.scheduler = new JobScheduler(storage);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public Object enqueue(byte[] payload) {
    String text = new String(payload, StandardCharsets.US_ASCII);
    return scheduler.<NoOpJob>enqueue(j -> j.run(text));
  }

  @Override
  public AutoCloseable startWorkers(Consumer<byte[]> handler) {
    job.handler = handler;
    JobActivator activator =
        new JobActivator() {
          @Override
          public <T> T activateJob(Class<T> type) {
            return type.cast(job);
          }
        };
    BackgroundJobServer server =
        new BackgroundJobServer(
            storage,
            json,
            activator,
            usingStandardBackgroundJobServerConfiguration()
                .andWorkerCount(workers)
                .andPollInterval(POLL_INTERVAL));
    server.start();
    return server::stop;
  }

  @Override
  public long ready() {
    return database.count(
        "SELECT COUNT(*) FROM " + prefix + "jobrunr_jobs WHERE state = 'ENQUEUED'");
  }

  @Override
  public long left() {
    return database.count(
        "SELECT COUNT(*) FROM " + prefix + "jobrunr_jobs WHERE state <> 'SUCCEEDED'");
  }

  @Override
  public void clear() {
    database.execute("TRUNCATE TABLE " + prefix + "jobrunr_jobs");
  }

  @Override
  public void close() {
    try {
      if (storage != null) {
        storage.close();
      }
      database.dropStartingWith(prefix);
    } finally {
      database.close();
    }
  }

  /** The job JobRunr runs: its activator hands out this one instance, bound to the scenario. */
  public static final class NoOpJob {

    private volatile Consumer<byte[]> handler = payload -> {};

    public void run(String payload) {
      handler.accept(payload.getBytes(StandardCharsets.US_ASCII));
    }
  }
}
