package io.jobqueue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.schedule.Tick;
import io.jobqueue.schedule.TickOutcome;
import io.jobqueue.schedule.spi.ScheduleStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The multi-process proof of issue 11: three scheduler JVMs ({@link SchedulerProcess}) on one
 * backend run a schedule that ticks every second for {@link #RUN} (60 s; the system property
 * {@value #RUN_PROPERTY} changes it), and one of them is killed with {@code kill -9} half way.
 * Every tick from the first to the last is then recorded exactly once in the ledger, each as one
 * job that exists in the pipeline, and the pipeline holds no other job: none missed, none doubled,
 * counted from the ledger and from the jobs.
 *
 * <p>A backend's test subclass supplies the backend and the class that opens its store in the child
 * processes.
 */
public abstract class SchedulerProcessTest {

  /** The system property that sets the run's length in seconds. */
  public static final String RUN_PROPERTY = "jobqueue.schedulerProof.seconds";

  /** How long the schedulers run. */
  static final Duration RUN = Duration.ofSeconds(Long.getLong(RUN_PROPERTY, 60));

  private static final int SCHEDULERS = 3;

  /** 128 + SIGKILL, how {@link Process#exitValue()} reports a process killed by signal 9. */
  private static final int KILLED_BY_SIGKILL = 128 + 9;

  /** A guard against a hang on a loaded machine, never a speed requirement. */
  private static final Duration SLACK = Duration.ofSeconds(90);

  /** The backend under test. */
  protected abstract TestBackend backend();

  /**
   * The class that opens the backend's schedule store in each scheduler process (and in this one).
   */
  protected abstract Class<? extends ScheduleStoreOpener> storeOpener();

  /** What the opener is given; empty by default (the queue's own database keeps the schedules). */
  protected String storeArgument() {
    return "";
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void threeSchedulerProcessesEnqueueEveryTickOnceEvenWhenOneIsKilled() throws Exception {
    TestBackend backend = backend();
    String pipeline = TestNames.pipeline();
    List<String> arguments = new ArrayList<>(ReserverProcess.backendArguments(backend, pipeline));
    arguments.add("--opener=" + storeOpener().getName());
    arguments.add("--store=" + storeArgument());
    try (JobQueue queue = backend.open();
        ScheduleStore store =
            storeOpener().getConstructor().newInstance().open(queue, storeArgument())) {
      List<ChildJvm> children = new ArrayList<>();
      Instant first;
      try {
        for (int i = 0; i < SCHEDULERS; i++) {
          children.add(ChildJvm.start(SchedulerProcess.class, arguments));
        }
        children.forEach(child -> child.awaitMessage("ready"));
        await("the first tick").atMost(SLACK).until(() -> !store.history(pipeline, 1).isEmpty());
        first = oldest(store, pipeline);
        Instant start = first;
        await("ticks up to half the run")
            .atMost(RUN.plus(SLACK))
            .until(() -> !newest(store, pipeline).isBefore(start.plus(RUN.dividedBy(2))));
        ChildJvm killed = children.remove(0);
        assertThat(killed.kill())
            .as("exit code of the killed scheduler")
            .isEqualTo(KILLED_BY_SIGKILL);
        await("ticks up to the end of the run")
            .atMost(RUN.plus(SLACK))
            .until(() -> !newest(store, pipeline).isBefore(start.plus(RUN)));
        for (ChildJvm child : children) {
          child.send("stop");
        }
        for (ChildJvm child : children) {
          child.awaitMessage("done");
          assertThat(child.awaitExit(SLACK)).as("exit code of a stopped scheduler").isZero();
        }
      } finally {
        children.forEach(ChildJvm::close);
      }

      List<Tick> ticks =
          store.history(pipeline, SchedulerProcess.HISTORY).stream()
              .sorted(Comparator.comparing(Tick::instant))
              .toList();
      Instant last = ticks.get(ticks.size() - 1).instant();
      assertThat(Duration.between(first, last)).isGreaterThanOrEqualTo(RUN);
      List<Instant> everySecond =
          Stream.iterate(first, t -> !t.isAfter(last), t -> t.plusSeconds(1)).toList();
      assertThat(ticks)
          .extracting(Tick::instant)
          .as("the ledger: every second once")
          .containsExactlyElementsOf(everySecond);
      assertThat(ticks).extracting(Tick::outcome).containsOnly(TickOutcome.ENQUEUED);
      assertThat(ticks).extracting(Tick::jobId).doesNotHaveDuplicates();
      for (Tick tick : ticks) {
        assertThat(queue.peek(tick.jobId()).map(Job::pipeline))
            .as("the job of tick " + tick.instant())
            .contains(pipeline);
      }
      assertThat(queue.selectPipeline(pipeline).stats().ready())
          .as("jobs in the pipeline")
          .isEqualTo(ticks.size());
      store.delete(pipeline);
    }
  }

  private static Instant oldest(ScheduleStore store, String pipeline) {
    List<Tick> ticks = store.history(pipeline, SchedulerProcess.HISTORY);
    return ticks.get(ticks.size() - 1).instant();
  }

  private static Instant newest(ScheduleStore store, String pipeline) {
    return store.history(pipeline, 1).get(0).instant();
  }
}
