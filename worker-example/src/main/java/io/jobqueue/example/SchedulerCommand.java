package io.jobqueue.example;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.Schedule;
import io.jobqueue.schedule.Scheduler;
import io.jobqueue.spi.Checks;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Declares the schedules of a file and turns their ticks into jobs until SIGTERM or SIGINT, then
 * exits 0. Run as many as you like: each tick is enqueued once whatever the number of processes.
 */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description =
        "Declares the schedules of a JSON file and enqueues their ticks until SIGTERM;"
            + " run several at once, each tick is enqueued once.")
final class SchedulerCommand implements Callable<Integer> {

  /** Where a beanstalkd user's schedules live unless --store-url says otherwise. */
  static final String DEFAULT_STORE_URL = "jdbc:sqlite:schedules.db";

  private static final Logger log = LoggerFactory.getLogger(SchedulerCommand.class);
  private static final String NAME = "scheduler@" + ProcessHandle.current().pid();

  @Option(
      names = "--url",
      defaultValue = "${env:JOBQUEUE_URL}",
      description = "Backend URL the ticks' jobs go to (env JOBQUEUE_URL).")
  String url;

  @Option(
      names = "--schedules",
      defaultValue = "${env:JOBQUEUE_SCHEDULES}",
      description =
          "JSON file of schedules, e.g. supervisor/schedules.json (env JOBQUEUE_SCHEDULES).")
  Path schedules;

  @Option(
      names = "--store-url",
      defaultValue = "${env:JOBQUEUE_SCHEDULE_STORE_URL}",
      description =
          "SQL database that keeps the schedules when the backend is not SQL (beanstalkd);"
              + " default "
              + DEFAULT_STORE_URL
              + " (env JOBQUEUE_SCHEDULE_STORE_URL).")
  String storeUrl;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    if (schedules == null) {
      throw new IllegalArgumentException(
          "no schedule file: give --schedules or set JOBQUEUE_SCHEDULES");
    }
    List<Schedule> declared = ScheduleFile.read(schedules);
    CountDownLatch closed = new CountDownLatch(1);
    // A stop signal ends the wait below; ExampleApp exits 0 once everything here is closed.
    ExampleApp.onStopSignal(() -> {
      stopped.countDown();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try (JobQueue queue = Backend.open(url);
        JdbcScheduleStore store =
            queue instanceof JdbcJobQueue jdbc
                ? JdbcScheduleStore.of(jdbc)
                : JdbcScheduleStore.open(
                    JobQueueConfig.of(storeUrl == null ? DEFAULT_STORE_URL : storeUrl));
        Scheduler scheduler =
            Scheduler.builder().queue(queue).store(store).schedules(declared).name(NAME).build()) {
      scheduler.start();
      log.info(
          "{}: {} schedules from {}, jobs to {}, {}",
          NAME,
          declared.size(),
          schedules,
          Checks.redact(url),
          store);
      stopped.await();
    } finally {
      closed.countDown();
    }
    return 0;
  }
}
