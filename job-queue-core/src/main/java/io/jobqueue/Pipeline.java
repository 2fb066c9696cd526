package io.jobqueue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A handle on one named queue of jobs (beanstalkd: a tube), from {@link JobQueue#selectPipeline}. A
 * pipeline exists from its first job on; handles are cheap and thread-safe.
 *
 * <p>Names are 1–200 characters of {@code A-Z a-z 0-9 - + / ; . $ _ ( )}, not starting with {@code
 * -}; anything else is rejected with {@link IllegalArgumentException}.
 */
public interface Pipeline {

  /** The longest pipeline name allowed. */
  int MAX_NAME_LENGTH = 200;

  /** This pipeline's name. */
  String name();

  /** Adds a job carrying these bytes, with default options, and returns its id. */
  default long addJob(byte[] payload) {
    return addJob(payload, JobOptions.DEFAULT);
  }

  /**
   * Adds a job carrying these bytes and returns its id. It is {@link JobState#READY} at once, or
   * {@link JobState#DELAYED} when the options carry a delay. {@link Job#payload()} returns the
   * bytes.
   *
   * <p>With a {@link UniqueKey} in the options, while a job with that key waits in this pipeline,
   * returns that job's id and adds nothing ({@link #add(NewJob)} says which happened).
   *
   * @throws JobTooLargeException when the payload is over the queue's limit
   * @throws UnsupportedByBackendException for a unique key on a backend without unique jobs
   *     (beanstalkd)
   */
  long addJob(byte[] payload, JobOptions options);

  /**
   * Adds a job, unless its {@link UniqueKey} is held by a job waiting in this pipeline: then
   * returns that job's id with {@link AddResult#existing()}. Two callers adding the same key at
   * once, in one process or several, get one job: the backend enforces it.
   *
   * @throws JobTooLargeException when the payload is over the queue's limit
   * @throws UnsupportedByBackendException for a unique key on a backend without unique jobs
   *     (beanstalkd)
   */
  AddResult add(NewJob job);

  /**
   * Adds a job carrying this text as UTF-8, with default options; {@link Job#payloadText()} reads
   * it.
   */
  default long addText(String text) {
    return addText(text, JobOptions.DEFAULT);
  }

  /** Adds a job carrying this text as UTF-8; {@link Job#payloadText()} reads it. */
  default long addText(String text, JobOptions options) {
    return addJob(NewJob.text(text).payload(), options);
  }

  /**
   * Adds a job carrying this value as JSON (Jackson), with default options; {@link
   * Job#payloadJson(Class)} reads it. A {@code String} is stored as a JSON string, quotes included.
   */
  default long addJson(Object value) {
    return addJson(value, JobOptions.DEFAULT);
  }

  /** Adds a job carrying this value as JSON (Jackson); {@link Job#payloadJson(Class)} reads it. */
  default long addJson(Object value, JobOptions options) {
    return addJob(NewJob.json(value).payload(), options);
  }

  /**
   * Adds many jobs in as few round trips as the backend allows (one transaction on SQL backends:
   * all are added or none). Returns their ids in the order given. A job whose {@link UniqueKey} is
   * held by a waiting job, or by an earlier job of the same batch, gets that job's id.
   */
  default List<Long> addJobs(List<NewJob> jobs) {
    return addAll(jobs).stream().map(AddResult::id).toList();
  }

  /**
   * {@link #addJobs(List)} that says, job by job, whether it was added or its {@link UniqueKey} was
   * held ({@link AddResult#existing()}): by a waiting job, or by an earlier job of the batch.
   */
  List<AddResult> addAll(List<NewJob> jobs);

  /**
   * Moves up to {@code bound} jobs to {@link JobState#READY}: buried jobs if there are any,
   * otherwise delayed ones (beanstalkd's rule). Returns how many were kicked.
   */
  long kick(long bound);

  /**
   * Moves one buried or delayed job of this pipeline to {@link JobState#READY}. Returns false when
   * the job is ready or reserved already.
   *
   * @throws JobNotFoundException when this pipeline has no job with that id
   */
  boolean kickJob(long id);

  /** The ready job that would be reserved next from this pipeline, if any. */
  Optional<Job> peekReady();

  /** The delayed job whose delay ends first, if any. */
  Optional<Job> peekDelayed();

  /** The buried job that a kick would move first (the oldest buried), if any. */
  Optional<Job> peekBuried();

  /**
   * Up to {@code limit} jobs in this state, in the order they would be taken (ready: by priority
   * then age; delayed: by the end of their delay; buried and reserved: oldest first).
   *
   * @throws UnsupportedByBackendException when the backend cannot list jobs (beanstalkd)
   */
  default List<Job> peek(JobState state, int limit) {
    return peek(state, 0, limit);
  }

  /**
   * One page of the jobs in this state, in the order of {@link #peek(JobState, int)}: up to {@code
   * limit} jobs after skipping the first {@code offset}. Jobs that change state between two calls
   * move pages, so a page is a snapshot, not a cursor.
   *
   * @throws UnsupportedByBackendException when the backend cannot list jobs (beanstalkd shows only
   *     the first job of a state: {@link #peekReady}, {@link #peekDelayed}, {@link #peekBuried})
   */
  List<Job> peek(JobState state, int offset, int limit);

  /**
   * Deletes every job of this pipeline in this state, {@link JobState#READY}, {@link
   * JobState#DELAYED} or {@link JobState#BURIED}, and returns how many. Reserved jobs are never
   * purged: their workers may still finish them ({@link JobQueue#forceDeleteJob} deletes one).
   *
   * @throws IllegalArgumentException for {@link JobState#RESERVED}
   */
  long purge(JobState state);

  /** Counts of this pipeline's jobs by state (all zero for a pipeline that has no jobs). */
  PipelineStats stats();

  /**
   * The jobs this process added to and kicked in this pipeline through this queue so far; no round
   * trip, and readable after the queue is closed.
   */
  PipelineCounters counters();

  /**
   * Stops reservations from this pipeline for {@code duration}; jobs can still be added. {@link
   * Duration#ZERO} ends a pause.
   */
  void pause(Duration duration);

  /** Ends a pause now: the same as {@code pause(Duration.ZERO)}. */
  default void resume() {
    pause(Duration.ZERO);
  }

  /**
   * Limits how many of this pipeline's jobs are reserved at once and how many reservations start
   * per interval, across every process; replaces any limits set before. Stored in the backend;
   * every reserve checks them atomically with the reservation. Another process that reserves from
   * this pipeline applies a change within its backend's poll interval, never going past the limits
   * it has seen.
   *
   * @throws UnsupportedByBackendException when the backend cannot enforce them (beanstalkd)
   */
  void setLimits(PipelineLimits limits);

  /** This pipeline's limits, empty when it has none. */
  Optional<PipelineLimits> limits();

  /** Removes this pipeline's limits. */
  void clearLimits();

  /**
   * Keeps finished and buried jobs of this pipeline in its history, pruned by {@code retention};
   * {@code null} stops keeping it (records already kept stay until pruned). Stored in the backend,
   * so every process sees it; workers read it again on each heartbeat.
   *
   * @throws UnsupportedByBackendException when the backend keeps no history (beanstalkd)
   */
  void keepHistory(HistoryRetention retention);

  /** How this pipeline's history is kept, empty when it is not kept. */
  Optional<HistoryRetention> historyRetention();

  /**
   * One page of this pipeline's history, newest end first: up to {@code limit} records after the
   * first {@code offset}.
   *
   * @throws UnsupportedByBackendException when the backend keeps no history (beanstalkd)
   */
  List<JobRecord> history(int offset, int limit);
}
