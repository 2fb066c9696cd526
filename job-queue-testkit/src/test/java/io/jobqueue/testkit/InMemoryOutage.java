package io.jobqueue.testkit;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The outage of {@link InMemoryJobQueue}: there is no server to cut off, so the queues cut
 * themselves off.
 */
final class InMemoryOutage implements BackendOutage {

  private final TestBackend backend;
  private final List<InMemoryJobQueue> queues = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch over;

  InMemoryOutage(TestBackend backend) {
    this.backend = backend;
  }

  @Override
  public JobQueue open() {
    InMemoryJobQueue queue = (InMemoryJobQueue) JobQueues.open(backend.config());
    queue.cutOff(over);
    queues.add(queue);
    return queue;
  }

  @Override
  public void begin() {
    over = new CountDownLatch(1);
    queues.forEach(queue -> queue.cutOff(over));
  }

  @Override
  public void end() {
    CountDownLatch ended = over;
    over = null;
    queues.forEach(queue -> queue.cutOff(null));
    if (ended != null) {
      ended.countDown();
    }
  }

  @Override
  public void close() {
    end();
  }
}
