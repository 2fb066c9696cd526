package io.jobqueue.testkit;

import io.jobqueue.AttemptRecord;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobRecord;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineLimits;
import io.jobqueue.QueueStats;
import io.jobqueue.WorkerInfo;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real queue seen through the calls a worker makes on it: the jobs it holds after every reserve
 * (so a bound on them is checked at every chance the worker had to break it, not sampled), the
 * reserves that failed, and the jobs whose delete returned. Everything else passes straight through
 * to the backend.
 */
final class ObservedJobQueue implements JobQueue {

  private final JobQueue queue;
  private final Set<Long> held = ConcurrentHashMap.newKeySet();
  private final AtomicInteger mostHeld = new AtomicInteger();
  private final AtomicInteger reserves = new AtomicInteger();
  private final AtomicInteger failedReserves = new AtomicInteger();
  private final Set<Long> deleteReturned = ConcurrentHashMap.newKeySet();

  ObservedJobQueue(JobQueue queue) {
    this.queue = queue;
  }

  /** The test's handler is done with this job: from now on it counts as finished, not held. */
  void finished(long id) {
    held.remove(id);
  }

  /**
   * The most jobs held at once for handlers that had not finished them, counted right after each
   * reserve: reserved, and neither finished nor deleted, released or buried.
   */
  int mostHeld() {
    return mostHeld.get();
  }

  /** Reserve calls that returned, with or without jobs. */
  int reserves() {
    return reserves.get();
  }

  /** Reserve calls that threw. */
  int failedReserves() {
    return failedReserves.get();
  }

  /** Whether a delete of this job returned or threw (deleted, refused, or the backend failed). */
  boolean deleteReturned(long id) {
    return deleteReturned.contains(id);
  }

  @Override
  public Pipeline selectPipeline(String name) {
    return queue.selectPipeline(name);
  }

  @Override
  public Optional<Job> reserve(Collection<String> pipelines, Duration timeout) {
    List<Job> jobs = reserveBatch(pipelines, 1, timeout);
    return jobs.stream().findFirst();
  }

  @Override
  public List<Job> reserveBatch(Collection<String> pipelines, int max, Duration timeout) {
    List<Job> jobs;
    try {
      jobs = queue.reserveBatch(pipelines, max, timeout);
    } catch (RuntimeException e) {
      failedReserves.incrementAndGet();
      throw e;
    }
    reserves.incrementAndGet();
    jobs.forEach(job -> held.add(job.id()));
    mostHeld.accumulateAndGet(held.size(), Math::max);
    return jobs;
  }

  @Override
  public void delete(Job job) {
    delete(List.of(job));
  }

  @Override
  public void delete(Collection<Job> jobs) {
    try {
      queue.delete(jobs);
    } finally {
      // held no more whatever the answer: deleted, or taken away from this holder
      jobs.forEach(job -> {
        held.remove(job.id());
        deleteReturned.add(job.id());
      });
    }
  }

  @Override
  public void release(Job job, long priority, Duration delay) {
    try {
      queue.release(job, priority, delay);
    } finally {
      held.remove(job.id());
    }
  }

  @Override
  public void bury(Job job, String reason) {
    try {
      queue.bury(job, reason);
    } finally {
      held.remove(job.id());
    }
  }

  @Override
  public void touch(Job job) {
    queue.touch(job);
  }

  @Override
  public void deleteJob(long id) {
    queue.deleteJob(id);
  }

  @Override
  public void forceDeleteJob(long id) {
    queue.forceDeleteJob(id);
  }

  @Override
  public Optional<Job> peek(long id) {
    return queue.peek(id);
  }

  @Override
  public List<String> pipelines() {
    return queue.pipelines();
  }

  @Override
  public QueueStats stats() {
    return queue.stats();
  }

  @Override
  public Map<String, PipelineLimits> limits() {
    return queue.limits();
  }

  @Override
  public List<WorkerInfo> workers() {
    return queue.workers();
  }

  @Override
  public void heartbeat(WorkerInfo worker) {
    queue.heartbeat(worker);
  }

  @Override
  public void unregisterWorker(String workerId) {
    queue.unregisterWorker(workerId);
  }

  @Override
  public Optional<JobRecord> history(long jobId) {
    return queue.history(jobId);
  }

  @Override
  public void recordAttempts(List<AttemptRecord> attempts) {
    queue.recordAttempts(attempts);
  }

  @Override
  public void close() {
    queue.close();
  }
}
