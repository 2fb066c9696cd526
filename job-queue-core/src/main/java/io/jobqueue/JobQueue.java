package io.jobqueue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job queue on one backend: pipelines of jobs that producers add and workers reserve, then
 * delete, release or bury. Thread-safe; open one per process with {@link JobQueues#open} and close
 * it when done.
 *
 * <pre>{@code
 * try (JobQueue queue = JobQueues.open("jdbc:sqlite:jobs.db")) {
 *   queue.selectPipeline("emails").addText("{\"to\":\"ada@example.com\"}");
 *   queue.reserve(List.of("emails"), Duration.ofSeconds(5)).ifPresent(job -> {
 *     send(job.payloadText());
 *     queue.delete(job);
 *   });
 * }
 * }</pre>
 *
 * <p>Delivery is at least once: a reserved job that is not deleted, released, buried or touched
 * before its TTR ends becomes ready again. See {@link JobState} for the life of a job.
 */
public interface JobQueue extends AutoCloseable {

  /** A handle on the pipeline with this name, which need not exist yet. */
  Pipeline selectPipeline(String name);

  /**
   * Takes the most urgent ready job (lowest priority value, then oldest) from any of these
   * pipelines, waiting up to {@code timeout} for one. No other caller holds the job until this
   * reservation ends. Returns empty when the timeout passes with nothing ready.
   */
  Optional<Job> reserve(Collection<String> pipelines, Duration timeout);

  /** {@link #reserve(Collection, Duration)} from one pipeline. */
  default Optional<Job> reserve(String pipeline, Duration timeout) {
    return reserve(List.of(pipeline), timeout);
  }

  /**
   * Takes up to {@code max} ready jobs at once, each with its own reservation, waiting up to {@code
   * timeout} for the first. Returns an empty list when the timeout passes with nothing ready.
   */
  List<Job> reserveBatch(Collection<String> pipelines, int max, Duration timeout);

  /**
   * Deletes a job the caller holds reserved.
   *
   * @throws JobNotReservedException when the caller's reservation has ended; nothing changes
   */
  void delete(Job job);

  /**
   * Deletes jobs the caller holds reserved, in as few round trips as the backend allows. Every job
   * still held is deleted; if any was no longer held, a {@link JobNotReservedException} naming
   * those is thrown afterwards.
   */
  void delete(Collection<Job> jobs);

  /**
   * Gives a reserved job back: ready again at once, or delayed for {@code delay}, with a new
   * priority.
   *
   * @throws JobNotReservedException when the caller's reservation has ended; nothing changes
   */
  void release(Job job, long priority, Duration delay);

  /** Gives a reserved job back, ready at once, with its priority unchanged. */
  default void release(Job job) {
    release(job, job.priority(), Duration.ZERO);
  }

  /**
   * Puts a reserved job aside until it is kicked; {@code reason} says why (kept where the backend
   * can store it).
   *
   * @throws JobNotReservedException when the caller's reservation has ended; nothing changes
   */
  void bury(Job job, String reason);

  /**
   * Asks for more time: the reservation now ends one full TTR from now.
   *
   * @throws JobNotReservedException when the caller's reservation has ended; nothing changes
   */
  void touch(Job job);

  /**
   * Deletes the job with this id if it is ready, delayed or buried, whoever added it (beanstalkd's
   * {@code delete}): an operator cancelling a job or removing a buried one.
   *
   * @throws JobNotFoundException when no job has this id
   * @throws JobReservedException when a worker holds the job reserved; nothing changes
   */
  void deleteJob(long id);

  /**
   * Deletes the job with this id in any state. If a worker holds it reserved, that worker's later
   * {@link #delete}, {@link #release}, {@link #bury} or {@link #touch} of it fails with {@link
   * JobNotReservedException}, as when its reservation ends by TTR.
   *
   * @throws JobNotFoundException when no job has this id
   * @throws UnsupportedByBackendException when the job is reserved and the backend lets only its
   *     holder delete it (beanstalkd); nothing changes
   */
  void forceDeleteJob(long id);

  /** The job with this id in whatever pipeline and state it is, if it exists. */
  Optional<Job> peek(long id);

  /** The names of the pipelines that have jobs, sorted. */
  List<String> pipelines();

  /** Counts of jobs by state for every pipeline. */
  QueueStats stats();

  /**
   * The limits of every pipeline that has any, by pipeline name, read at once: for each, what its
   * {@link Pipeline#limits()} answers. Empty on a backend that keeps none.
   */
  Map<String, PipelineLimits> limits();

  /**
   * The workers registered in this backend, gone ones included (see {@link WorkerInfo#gone()}),
   * sorted by id. Gone workers are pruned after {@link WorkerInfo#PRUNE_AFTER_INTERVALS} intervals.
   */
  List<WorkerInfo> workers();

  /**
   * Registers a worker or renews its registration: stores {@code worker} with the backend's time as
   * its last heartbeat. {@link io.jobqueue.worker.Worker} calls it every heartbeat interval; it
   * also prunes the rows of workers gone for long.
   */
  void heartbeat(WorkerInfo worker);

  /** Removes a worker's registration (its clean stop); nothing happens when there is none. */
  void unregisterWorker(String workerId);

  /**
   * The history record of the job with this id, if its pipeline {@linkplain Pipeline#keepHistory
   * keeps history}, the job ended and its record was not pruned yet.
   *
   * @throws UnsupportedByBackendException when the backend keeps no history (beanstalkd)
   */
  Optional<JobRecord> history(long jobId);

  /**
   * Records attempts at jobs in the history of their pipelines, in one round trip where the backend
   * allows. Attempts at jobs of pipelines that keep no history are ignored. {@link
   * io.jobqueue.worker.Worker} calls it in batches after the acknowledgements, off the path of
   * jobs: best-effort, so a crash of the worker loses the attempts it had not written yet.
   *
   * @throws UnsupportedByBackendException when the backend keeps no history (beanstalkd)
   */
  void recordAttempts(List<AttemptRecord> attempts);

  /**
   * Closes connections and stops background work. Jobs stay as they are (a job still reserved comes
   * back after its TTR). Closing twice does nothing; any other use afterwards throws {@link
   * JobQueueClosedException}.
   */
  @Override
  void close();
}
