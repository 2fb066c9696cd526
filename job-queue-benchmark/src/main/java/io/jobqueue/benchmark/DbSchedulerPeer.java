package io.jobqueue.benchmark;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.jobqueue.benchmark.Backend.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * db-scheduler (com.github.kagkarlsson:db-scheduler) as a job queue: one one-time task whose
 * instance id is the job's payload, scheduled for now; a {@link Scheduler} with W threads runs it.
 * PostgreSQL polls with lock-and-fetch ({@code SELECT … FOR UPDATE SKIP LOCKED} in one update, the
 * strategy its README recommends for throughput there); MariaDB keeps db-scheduler's default
 * (fetch, then lock each execution with an optimistic update as it starts). The table is
 * db-scheduler's published DDL under the name {@code bench_dbscheduler_<random>}, dropped on close.
 */
final class DbSchedulerPeer implements PeerQueue {

  /**
   * db-scheduler has no lower bound; 50 ms is the interval of the figures issue 14 quotes, and
   * below it the idle polling of every scheduler instance starts to load the database.
   */
  static final Duration POLLING_INTERVAL = Duration.ofMillis(50);

  private static final String TASK = "bench-noop";

  private final PeerDatabase database;
  private final String table;
  private final int threads;
  private final OneTimeTask<Void> task;
  private final JdbcCustomization timestampsInUtc;
  private final SchedulerClient client;
  private volatile Consumer<byte[]> handler = payload -> {};

  /**
   * The running scheduler while there is one, so that its immediate execution sees the jobs
   * scheduled through it; the plain client otherwise.
   */
  private volatile SchedulerClient scheduling;

  DbSchedulerPeer(Kind kind, String url, int threads, String suffix) {
    this.threads = threads;
    this.table = "bench_dbscheduler_" + suffix;
    this.database = new PeerDatabase(kind, url, threads + 2, "db-scheduler");
    try {
      database.execute(ddl(kind).replace("scheduled_tasks", table));
      this.task =
          Tasks.oneTime(TASK)
              .execute((instance, context) ->
                  handler.accept(instance.getId().getBytes(StandardCharsets.US_ASCII)));
      // as db-scheduler's warning on MySQL/MariaDB asks of new users (alwaysPersistTimestampInUTC);
      // the client needs the same setting as the scheduler
      this.timestampsInUtc = new AutodetectJdbcCustomization(database.dataSource(), true);
      this.client =
          SchedulerClient.Builder.create(database.dataSource(), task)
              .tableName(table)
              .jdbcCustomization(timestampsInUtc)
              .build();
      this.scheduling = client;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public Object enqueue(byte[] payload) {
    String id = new String(payload, StandardCharsets.US_ASCII);
    scheduling.schedule(task.instance(id), Instant.now());
    return id;
  }

  @Override
  public AutoCloseable startWorkers(Consumer<byte[]> handler) {
    this.handler = handler;
    SchedulerBuilder builder =
        Scheduler.create(database.dataSource(), task)
            .tableName(table)
            .jdbcCustomization(timestampsInUtc)
            .threads(threads)
            .pollingInterval(POLLING_INTERVAL)
            .enableImmediateExecution();
    if (database.kind() == Kind.POSTGRES) {
      builder.pollUsingLockAndFetch(0.5, 1.0);
    }
    Scheduler scheduler = builder.build();
    scheduler.start();
    scheduling = scheduler;
    return () -> {
      scheduling = client;
      scheduler.stop();
    };
  }

  @Override
  public long ready() {
    return database.count("SELECT COUNT(*) FROM " + table + " WHERE picked = false");
  }

  @Override
  public long left() {
    return database.count("SELECT COUNT(*) FROM " + table);
  }

  @Override
  public void clear() {
    database.execute("TRUNCATE TABLE " + table);
  }

  @Override
  public void close() {
    try {
      database.dropStartingWith(table);
    } finally {
      database.close();
    }
  }

  private static String ddl(Kind kind) {
    String name = kind == Kind.POSTGRES ? "postgresql_tables.sql" : "mariadb_tables.sql";
    try (InputStream in = DbSchedulerPeer.class.getResourceAsStream("db-scheduler/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "db-scheduler DDL " + name + " missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
