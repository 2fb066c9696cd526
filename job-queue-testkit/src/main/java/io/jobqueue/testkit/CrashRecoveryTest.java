package io.jobqueue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker process that dies with {@code kill -9} while it holds jobs loses none of them: each
 * becomes ready again when its TTR ends, with its {@code timeouts} counter up (or at once, where
 * the backend {@link Capabilities#releasesOnDisconnect() releases on disconnect}), and another
 * worker finishes it. A backend's test subclass supplies only {@link #backend()}.
 */
public abstract class CrashRecoveryTest {

  private static final int JOBS = 50;
  private static final Duration TTR = Duration.ofSeconds(2);

  /** 128 + SIGKILL, how {@link Process#exitValue()} reports a process killed by signal 9. */
  private static final int KILLED_BY_SIGKILL = 128 + 9;

  /** The backend under test. */
  protected abstract TestBackend backend();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void jobsHeldByAKilledProcessComeBackAfterTheirTtr() throws Exception {
    TestBackend backend = backend();
    String pipelineName = TestNames.pipeline();
    try (JobQueue queue = backend.open()) {
      Pipeline pipeline = queue.selectPipeline(pipelineName);
      List<NewJob> jobs = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        jobs.add(NewJob.text("crash " + i).withOptions(JobOptions.DEFAULT.withTtr(TTR)));
      }
      Set<Long> added = new HashSet<>(pipeline.addJobs(jobs));

      List<String> arguments =
          new ArrayList<>(ReserverProcess.backendArguments(backend, pipelineName));
      arguments.add("--mode=hold");
      arguments.add("--count=" + JOBS);
      Set<Long> held = new HashSet<>();
      int exit;
      try (ChildJvm child = ChildJvm.start(arguments)) {
        child.awaitMessage("holding ");
        for (String message : child.messages()) {
          if (message.startsWith("held ")) {
            held.add(Long.parseLong(message.substring(5)));
          }
        }
        exit = child.kill();
        assertThat(child.isAlive()).as("child JVM after SIGKILL").isFalse();
        assertThat(ProcessHandle.of(child.pid()).filter(ProcessHandle::isAlive))
            .as("child process")
            .isEmpty();
      }
      assertThat(exit)
          .as("exit code of the killed child (128 + SIGKILL)")
          .isEqualTo(KILLED_BY_SIGKILL);
      // Normally the child holds all of them; on a very slow machine an early reservation may
      // already have
      // ended (and been taken again by the child) before the last one was made, which changes
      // nothing below.
      assertThat(held).as("jobs the child held when it was killed").isNotEmpty().isSubsetOf(added);

      Map<Long, Job> recovered = new HashMap<>();
      try {
        await("every job of the killed worker to be delivered again")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> {
              queue
                  .reserve(pipelineName, Duration.ofSeconds(1))
                  .ifPresent(job -> {
                    assertThat(recovered)
                        .as("job delivered twice after the crash")
                        .doesNotContainKey(job.id());
                    recovered.put(job.id(), job);
                    queue.delete(job);
                  });
              return recovered.size() == JOBS;
            });
      } catch (ConditionTimeoutException e) {
        Set<Long> lost = new HashSet<>(added);
        lost.removeAll(recovered.keySet());
        throw new AssertionError(
            backend.name()
                + ": recovered "
                + recovered.size()
                + " of "
                + JOBS
                + " jobs after the crash; never delivered again: "
                + lost
                + "; stats now "
                + pipeline.stats(),
            e);
      }
      long minTimeouts =
          held.stream().mapToLong(id -> recovered.get(id).timeouts()).min().orElse(0);
      long minReserves =
          held.stream().mapToLong(id -> recovered.get(id).reserves()).min().orElse(0);
      System.out.printf(
          "%s: %d jobs held by a process killed with SIGKILL (exit %d), recovered %d, lost %d,"
              + " min timeouts %d, min reserves %d%n",
          backend.name(),
          held.size(),
          exit,
          recovered.size(),
          added.size() - recovered.size(),
          minTimeouts,
          minReserves);

      assertThat(recovered.keySet()).isEqualTo(added);
      assertThat(recovered.values())
          .allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.RESERVED));
      for (long id : held) {
        Job job = recovered.get(id);
        assertThat(job.timeouts())
            .as("timeouts of %s", job)
            .isGreaterThanOrEqualTo(backend.capabilities().releasesOnDisconnect() ? 0 : 1);
        assertThat(job.reserves()).as("reserves of %s", job).isGreaterThanOrEqualTo(2);
      }
      assertThat(pipeline.stats().total()).as("jobs left in the pipeline").isZero();
    }
  }
}
