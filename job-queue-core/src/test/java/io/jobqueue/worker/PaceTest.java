package io.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaceTest {

  private final Pace pace = new Pace();

  @Test
  void nothingIsReservedAheadUntilHandlersAndReservesWereMeasured() {
    assertThat(pace.prefetch(4, 256)).isZero();
    pace.handlerTook(1_000);
    assertThat(pace.prefetch(4, 256)).isZero();
    pace.reserveTook(1_000_000);
    assertThat(pace.prefetch(4, 256)).isEqualTo(256);
  }

  @Test
  void keepsTwiceWhatTheHandlersFinishDuringOneReserve() {
    pace.handlerTook(100_000); // 0.1 ms per job
    pace.reserveTook(1_000_000); // 1 ms per reserve: 4 handlers finish 40 jobs meanwhile
    assertThat(pace.prefetch(4, 256)).isEqualTo(80);
    assertThat(pace.prefetch(4, 50)).isEqualTo(50);
    assertThat(pace.prefetch(4, 0)).isZero();
  }

  @Test
  void handlersFinishingLessThanHalfAJobPerReserveGetNothingAhead() {
    pace.handlerTook(100_000_000); // 100 ms per job
    pace.reserveTook(6_000_000); // 8 handlers finish 0.48 jobs per 6 ms reserve
    assertThat(pace.prefetch(8, 256)).isZero();
    pace.reserveTook(7_000_000); // the average moves to 6.1 ms: 0.49 jobs
    assertThat(pace.prefetch(8, 256)).isZero();
    pace.reserveTook(26_000_000); // 8.1 ms: 0.65 jobs, so one ahead
    assertThat(pace.prefetch(8, 256)).isEqualTo(1);
  }

  @Test
  void followsAChangeOfPaceWithinAFewDozenJobs() {
    pace.reserveTook(1_000_000);
    pace.handlerTook(10_000);
    assertThat(pace.prefetch(1, 1000)).isEqualTo(200);
    for (int i = 0; i < 50; i++) {
      pace.handlerTook(100_000_000); // the jobs became slow
    }
    assertThat(pace.prefetch(1, 1000)).isZero();
  }
}
