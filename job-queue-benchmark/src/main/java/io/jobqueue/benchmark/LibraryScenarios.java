package io.jobqueue.benchmark;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The library's side of each scenario, through the public {@link JobQueue} API and the Worker
 * runtime.
 */
final class LibraryScenarios {

  private static final Duration RESERVE_TIMEOUT = Duration.ofMillis(500);

  private final JobQueue queue;

  LibraryScenarios(JobQueue queue) {
    this.queue = queue;
  }

  /** Adds jobs 0 … jobs - 1 with one {@code addJob} call each, on {@code threads} threads. */
  Set<Long> enqueueOne(String pipeline, int jobs, int threads, AtomicLong progress) {
    Pipeline target = queue.selectPipeline(pipeline);
    return Parallel.addEach(
        "enqueue-one",
        jobs,
        threads,
        i -> target.addJob(Payload.of(i), JobOptions.DEFAULT),
        progress);
  }

  /**
   * Adds jobs 0 … jobs - 1 with {@code addJobs} in batches of {@code batchSize}, on {@code threads}
   * threads.
   */
  Set<Long> enqueueBatch(
      String pipeline, int jobs, int threads, int batchSize, AtomicLong progress) {
    Pipeline target = queue.selectPipeline(pipeline);
    Set<Long> ids = ConcurrentHashMap.newKeySet(jobs);
    Parallel.run(
        "enqueue-batch",
        threads,
        thread -> {
          int end = Parallel.sliceStart(jobs, threads, thread + 1);
          for (int from = Parallel.sliceStart(jobs, threads, thread);
              from < end;
              from += batchSize) {
            List<NewJob> batch = new ArrayList<>(batchSize);
            for (int i = from; i < Math.min(end, from + batchSize); i++) {
              batch.add(NewJob.of(Payload.of(i)));
            }
            ids.addAll(target.addJobs(batch));
            progress.addAndGet(batch.size());
          }
        });
    return ids;
  }

  /**
   * Reserves and deletes on {@code threads} threads until the ledger is complete or nothing comes
   * for a while.
   */
  void drainApi(
      String pipeline, Ledger ledger, int threads, long stallMillis, AtomicLong progress) {
    List<String> pipelines = List.of(pipeline);
    Parallel.run(
        "drain-api",
        threads,
        thread -> {
          long lastJob = System.nanoTime();
          while (!ledger.complete()) {
            Optional<Job> reserved = queue.reserve(pipelines, RESERVE_TIMEOUT);
            if (reserved.isPresent()) {
              Job job = reserved.get();
              queue.delete(job);
              ledger.deliver(Payload.index(job.payload()));
              progress.incrementAndGet();
              lastJob = System.nanoTime();
            } else if ((System.nanoTime() - lastJob) / 1_000_000 > stallMillis) {
              return;
            }
          }
        });
  }

  /** Lets a Worker with {@code concurrency} drain the pipeline with a no-op handler. */
  void drainWorker(
      String pipeline, Ledger ledger, int concurrency, long stallMillis, AtomicLong progress) {
    try (WorkerRun worker =
        WorkerRun.start(
            queue,
            pipeline,
            concurrency,
            job -> {
              ledger.deliver(Payload.index(job.payload()));
              progress.incrementAndGet();
            })) {
      worker.awaitDeleted(ledger.jobs(), stallMillis);
    }
  }

  /**
   * Lets a Worker with {@code concurrency} drain {@code pipeline} like {@link #drainWorker} while a
   * second Worker, with room for more than {@code limits} lets it hold, drains {@code limited}
   * beside it; stops the second one when the first is done and returns how many jobs it started
   * meanwhile (recorded in {@code limitedLedger}).
   */
  int drainBesideLimited(
      String pipeline,
      Ledger ledger,
      String limited,
      Ledger limitedLedger,
      int limitedConcurrency,
      int concurrency,
      long stallMillis,
      AtomicLong progress) {
    try (WorkerRun beside =
        WorkerRun.start(
            queue,
            limited,
            limitedConcurrency,
            job -> limitedLedger.deliver(Payload.index(job.payload())))) {
      drainWorker(pipeline, ledger, concurrency, stallMillis, progress);
      return limitedLedger.delivered();
    }
  }

  /**
   * Reserves and deletes what is left in a pipeline whose limits were cleared, recording each job
   * in {@code ledger}, so a partly drained pipeline can still be checked job by job.
   */
  void drainRest(String pipeline, Ledger ledger) {
    List<String> pipelines = List.of(pipeline);
    while (left(pipeline) > 0) {
      List<Job> jobs = queue.reserveBatch(pipelines, 500, RESERVE_TIMEOUT);
      if (jobs.isEmpty()) {
        return; // the check reports what stayed behind
      }
      jobs.forEach(job -> ledger.deliver(Payload.index(job.payload())));
      queue.delete(jobs);
    }
  }

  /**
   * Offers {@code rate} jobs per second for {@code seconds} to a running Worker and records, per
   * job, the time from just before {@code addJob} to the start of its handler.
   */
  Latencies latency(
      String pipeline,
      int rate,
      int seconds,
      int concurrency,
      Ledger ledger,
      long stallMillis,
      AtomicLong progress) {
    int jobs = ledger.jobs();
    Latencies latencies = new Latencies(jobs);
    Pipeline target = queue.selectPipeline(pipeline);
    try (WorkerRun worker =
        WorkerRun.start(
            queue,
            pipeline,
            concurrency,
            job -> latencies.started(job.payload(), ledger, progress))) {
      OfferedRate.offer(
          jobs, rate, i -> target.addJob(Payload.of(i, System.nanoTime()), JobOptions.DEFAULT));
      worker.awaitDeleted(jobs, stallMillis);
    }
    return latencies;
  }

  /**
   * Removes whatever a run left in the pipeline (after a failed or unselected drain) so runs leave
   * nothing behind.
   */
  void purge(String pipeline) {
    List<String> pipelines = List.of(pipeline);
    while (left(pipeline) > 0) {
      List<Job> jobs = queue.reserveBatch(pipelines, 500, Duration.ofMillis(100));
      if (jobs.isEmpty()) {
        return;
      }
      queue.delete(jobs);
    }
  }

  /** Jobs still in the pipeline in any state. */
  long left(String pipeline) {
    return queue.selectPipeline(pipeline).stats().total();
  }

  /** Sets or, for {@code null}, clears a pipeline's limits. */
  void limit(String pipeline, PipelineLimits limits) {
    Pipeline target = queue.selectPipeline(pipeline);
    if (limits == null) {
      target.clearLimits();
    } else {
      target.setLimits(limits);
    }
  }

  /** Jobs ready in the pipeline. */
  long ready(String pipeline) {
    return queue.selectPipeline(pipeline).stats().ready();
  }
}
