package io.jobqueue.example;

import io.jobqueue.JobQueueConfig;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.jdbc.JdbcScheduleStore;
import io.jobqueue.schedule.MissedTickPolicy;
import io.jobqueue.schedule.OverlapPolicy;
import io.jobqueue.schedule.Schedule;
import io.jobqueue.schedule.Scheduler;
import io.jobqueue.worker.StopSignals;
import java.util.Map;

/**
 * README.md's "## Schedules" example: the block there is the text between the two markers, less
 * their indentation; ReadmeExampleTest checks that and runs this program.
 */
public class NightlyReportSchedule {

  public static void main(String[] args) throws InterruptedException {
    // README-EXAMPLE-START
    Schedule nightly =
        Schedule.builder("nightly-report")
            .cron("0 2 * * *") // or .every(Duration.ofMinutes(15)), or .at(instant) for once
            .zone("Europe/Berlin")
            .pipeline("generate_report")
            .payloadJson(Map.of("report", "daily"))
            .overlap(OverlapPolicy.FORBID)
            .missedTicks(MissedTickPolicy.RUN_ONCE)
            .build();
    JdbcJobQueue queue = JdbcJobQueue.open(JobQueueConfig.of("jdbc:sqlite:jobs.db"));
    Scheduler scheduler =
        Scheduler.builder()
            .queue(queue)
            .store(JdbcScheduleStore.of(queue))
            .schedule(nightly)
            .build();
    // Declares the schedule (the same declaration from many processes changes nothing), then
    // claims due ticks in the background; run it in as many processes as you like.
    scheduler.start();
    // SIGTERM or Ctrl-C: the scheduler stops, the exit status is 0.
    StopSignals.exitAfter(() -> {
      scheduler.close();
      queue.close();
    });
    Thread.currentThread().join(); // the scheduler's thread is a daemon: keep the process running
    // README-EXAMPLE-END
  }
}
