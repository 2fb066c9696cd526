package io.jobqueue.worker;

import java.util.concurrent.atomic.LongAdder;

/** What a worker did, counted from many threads at once. */
final class Counters {
  final LongAdder reserved = new LongAdder();
  final LongAdder deleted = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder buried = new LongAdder();
  final LongAdder released = new LongAdder();
  final LongAdder touches = new LongAdder();

  WorkerStats snapshot(int running) {
    return new WorkerStats(
        reserved.sum(),
        deleted.sum(),
        retried.sum(),
        buried.sum(),
        released.sum(),
        touches.sum(),
        running);
  }
}
