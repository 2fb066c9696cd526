package io.jobqueue.cli;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.http.JobQueueHttpServer;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.Scheduler;
import io.jobqueue.worker.StopSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Serves the HTTP API and the dashboard until SIGTERM or SIGINT, then closes the server, the
 * schedules and the queue and exits 0.
 */
@Command(
    name = "serve",
    description =
        "Serves the HTTP API (JSON, /openapi.json) and the dashboard; stops on SIGTERM or SIGINT.")
final class ServeCommand implements Callable<Integer> {

  @ParentCommand JobQueueCli cli;

  @Option(
      names = "--bind",
      defaultValue = JobQueueHttpServer.DEFAULT_HOST,
      description = "Address to listen on (default ${DEFAULT-VALUE}: this host only).")
  String bind;

  @Option(
      names = "--port",
      defaultValue = "" + JobQueueHttpServer.DEFAULT_PORT,
      description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--token-file",
      description = "File holding the admin token (default: env JOBQUEUE_TOKEN).")
  Path tokenFile;

  @Option(
      names = "--read-token-file",
      description = "File holding a read-only token (default: env JOBQUEUE_READ_TOKEN, if set).")
  Path readTokenFile;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "" + JobQueueHttpServer.DEFAULT_MAX_BODY_BYTES,
      description = "Largest request body; larger ones get 413 (default ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(
      names = "--schedule-store-url",
      defaultValue = "${env:JOBQUEUE_SCHEDULE_STORE_URL}",
      description =
          "SQL database of the schedules when the backend is beanstalkd (env"
              + " JOBQUEUE_SCHEDULE_STORE_URL); SQL backends keep them in their own database.")
  String scheduleStoreUrl;

  @Override
  public Integer call() throws InterruptedException {
    JobQueueCli.logLifecycle();
    String admin = token(tokenFile, "JOBQUEUE_TOKEN");
    if (admin == null) {
      throw new IllegalArgumentException("no admin token: give --token-file or set JOBQUEUE_TOKEN");
    }
    String read = token(readTokenFile, "JOBQUEUE_READ_TOKEN");
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    StopSignals.exitAfter(() -> {
      stop.countDown();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try (JobQueue queue = cli.open();
        JdbcScheduleStore store = scheduleStore(queue);
        Scheduler scheduler =
            store == null ? null : Scheduler.builder().queue(queue).store(store).build();
        JobQueueHttpServer server =
            JobQueueHttpServer.builder(queue)
                .adminToken(admin)
                .readToken(read)
                .scheduler(scheduler)
                .host(bind)
                .port(port)
                .maxBodyBytes(maxBodyBytes)
                .build()
                .start()) {
      stop.await();
    } finally {
      closed.countDown();
    }
    return JobQueueCli.EXIT_OK;
  }

  /** Where the schedules are, or null when the backend keeps none and no store was named. */
  private JdbcScheduleStore scheduleStore(JobQueue queue) {
    if (queue instanceof JdbcJobQueue jdbc) {
      return JdbcScheduleStore.of(jdbc);
    }
    return scheduleStoreUrl == null || scheduleStoreUrl.isBlank()
        ? null
        : JdbcScheduleStore.open(JobQueueConfig.of(scheduleStoreUrl));
  }

  /** The token in the file, else in the environment variable; null when neither holds one. */
  private static String token(Path file, String variable) {
    String token;
    if (file != null) {
      try {
        token = Files.readString(file).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the token file " + file + ": " + e, e);
      }
      if (token.isEmpty()) {
        throw new IllegalArgumentException("the token file " + file + " is empty");
      }
      return token;
    }
    token = System.getenv(variable);
    return token == null || token.isBlank() ? null : token.strip();
  }
}
