package io.jobqueue.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobqueue.JobQueue;
import io.jobqueue.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two processes, with {@link #THREADS_PER_PROCESS} threads each, add jobs with the same {@link
 * UniqueAdders#KEYS} unique keys at the same moment: the backend must keep exactly one job per key.
 * A backend's test subclass supplies only {@link #backend()}.
 */
public abstract class UniqueJobsRaceTest {

  private static final int THREADS_PER_PROCESS = 4;

  /** The backend under test. */
  protected abstract TestBackend backend();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void eightThreadsInTwoProcessesMakeOneJobPerKey() throws Exception {
    TestBackend backend = backend();
    String pipelineName = TestNames.pipeline();
    List<String> arguments =
        new ArrayList<>(ReserverProcess.backendArguments(backend, pipelineName));
    arguments.add("--mode=add-unique");
    arguments.add("--threads=" + THREADS_PER_PROCESS);
    try (JobQueue queue = backend.open();
        ChildJvm child = ChildJvm.start(arguments)) {
      Pipeline pipeline = queue.selectPipeline(pipelineName);
      child.awaitMessage("ready");
      child.send("go");
      UniqueAdders.Result here =
          UniqueAdders.race(pipeline, THREADS_PER_PROCESS, UniqueAdders.KEYS);
      long addedThere = Long.parseLong(child.awaitMessage("added ").substring("added ".length()));
      assertThat(child.awaitExit(Duration.ofMinutes(2))).as("child exit code").isZero();

      assertThat(here.ids()).hasSize(UniqueAdders.KEYS);
      assertThat(here.ids().values()).doesNotHaveDuplicates();
      assertThat(here.added() + addedThere)
          .as("jobs added by this process and by the child")
          .isEqualTo(UniqueAdders.KEYS);
      assertThat(pipeline.stats().ready()).isEqualTo(UniqueAdders.KEYS);
    }
  }
}
