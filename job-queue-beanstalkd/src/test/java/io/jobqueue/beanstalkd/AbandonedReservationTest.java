package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jobs whose holders go silent come back when their TTR ends, every time. beanstalkd 1.12 alone
 * leaves about half of such jobs reserved for good (see {@link ConnectionPool}); the pool's
 * watchdog makes the server look again.
 */
class AbandonedReservationTest {

  private static final int JOBS = 12;

  @Test
  void everyJobOfASilentHolderIsReadyAgainAfterItsTtr() {
    try (BeanstalkdServer server = BeanstalkdServer.start();
        JobQueue queue = JobQueues.open(server.url())) {
      Pipeline pipeline = queue.selectPipeline("abandoned-" + System.nanoTime());
      List<Long> ids =
          pipeline.addJobs(
              Collections.nCopies(
                  JOBS,
                  NewJob.text("left alone")
                      .withOptions(JobOptions.DEFAULT.withTtr(Duration.ofSeconds(1)))));
      List<Job> held = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        held.add(
            queue
                .reserve(pipeline.name(), Duration.ofSeconds(10))
                .orElseThrow()); // one connection each
      }
      assertThat(held).extracting(Job::id).containsExactlyInAnyOrderElementsOf(ids);

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> pipeline.stats().ready() == JOBS);
      for (long id : ids) {
        Job job = queue.peek(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.READY);
        assertThat(job.timeouts()).as("timeouts of %s", job).isEqualTo(1);
      }
    }
  }
}
