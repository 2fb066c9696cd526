package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.JobOptions;
import io.jobqueue.JobState;
import io.jobqueue.schedule.Tick;
import io.jobqueue.schedule.TickOutcome;
import io.jobqueue.schedule.spi.ScheduleStore.Claim;
import io.jobqueue.schedule.spi.StoredSchedule;
import io.jobqueue.schedule.spi.TickWork;
import io.jobqueue.testkit.TestBackend;
import io.jobqueue.testkit.TestNames;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JdbcScheduleStore#claimAll}: several claims in one transaction, each decided as {@code
 * claim} decides it, or none at all.
 */
class ClaimAllTest {

  private static final Instant T = Instant.parse("2030-01-01T12:00:00Z");

  @TempDir static Path dir;

  static Stream<Arguments> backends() {
    return Stream.of(
            JdbcTestBackends.sqlite(dir), JdbcTestBackends.postgres(), JdbcTestBackends.mariaDb())
        .map(JdbcTestBackends::schedules)
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void decidesEachClaimInOneTransaction(TestBackend backend) {
    try (TwoSchedules f = new TwoSchedules(backend)) {
      List<Optional<List<Tick>>> results =
          f.store.claimAll(
              List.of(
                  new Claim(f.b, T, T.plusSeconds(1), f.enqueue(f.b)),
                  new Claim(f.a, T, T.plusSeconds(1), f.enqueue(f.a)),
                  new Claim(f.a, T.minusSeconds(1), T, f.enqueue(f.a))),
              f.queue);

      assertThat(results.get(0)).get().asList().hasSize(1);
      assertThat(results.get(1)).get().asList().hasSize(1);
      assertThat(results.get(2)).as("expected a tick the schedule is past").isEmpty();
      assertThat(f.nextTick(f.a)).isEqualTo(T.plusSeconds(1));
      assertThat(f.nextTick(f.b)).isEqualTo(T.plusSeconds(1));
      assertThat(f.ready()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aTickRecordedAlreadyUndoesTheWholeBatch(TestBackend backend) {
    try (TwoSchedules f = new TwoSchedules(backend)) {
      assertThat(f.store.claim(f.b, T, T.plusSeconds(1), f.queue, f.enqueue(f.b))).isPresent();
      // redefined: its next tick is T again, whose tick the ledger holds already
      f.store.upsert(f.b, "b changed", T);

      assertThatThrownBy(() ->
              f.store.claimAll(
                  List.of(
                      new Claim(f.a, T, T.plusSeconds(1), f.enqueue(f.a)),
                      new Claim(f.b, T, T.plusSeconds(1), f.enqueue(f.b))),
                  f.queue))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another scheduler recorded one of the ticks");

      assertThat(f.nextTick(f.a)).as("a's claim rolled back too").isEqualTo(T);
      assertThat(f.store.history(f.a, 10)).isEmpty();
      assertThat(f.ready()).as("only the job of b's first claim").isEqualTo(1);
      assertThat(f.store.claim(f.a, T, T.plusSeconds(1), f.queue, f.enqueue(f.a)))
          .as("alone, a's claim goes through")
          .isPresent();
    }
  }

  /** Schedules a and b, next tick at T, jobs to a fresh pipeline; closing removes all of it. */
  private static final class TwoSchedules implements AutoCloseable {
    final JdbcJobQueue queue;
    final JdbcScheduleStore store;
    final String pipeline = TestNames.pipeline();
    final String a = pipeline + "-a";
    final String b = pipeline + "-b";

    TwoSchedules(TestBackend backend) {
      queue = (JdbcJobQueue) backend.open();
      store = JdbcScheduleStore.of(queue);
      store.upsert(a, "a", T);
      store.upsert(b, "b", T);
    }

    /** Work that enqueues one job for the schedule's tick T. */
    TickWork enqueue(String schedule) {
      return jobs -> {
        long id = jobs.add(pipeline, new byte[] {1}, JobOptions.DEFAULT);
        return List.of(new Tick(schedule, T, id, TickOutcome.ENQUEUED, "", T));
      };
    }

    Instant nextTick(String name) {
      return store.find(name).flatMap(StoredSchedule::next).orElseThrow();
    }

    long ready() {
      return queue.selectPipeline(pipeline).stats().ready();
    }

    @Override
    public void close() {
      store.delete(a);
      store.delete(b);
      queue.selectPipeline(pipeline).purge(JobState.READY);
      store.close();
      queue.close();
    }
  }
}
