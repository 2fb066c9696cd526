package io.jobqueue.spi;

import io.jobqueue.AddResult;
import io.jobqueue.AttemptRecord;
import io.jobqueue.HistoryRetention;
import io.jobqueue.InvalidPipelineLimitsException;
import io.jobqueue.Job;
import io.jobqueue.JobNotFoundException;
import io.jobqueue.JobNotReservedException;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueClosedException;
import io.jobqueue.JobRecord;
import io.jobqueue.JobReservedException;
import io.jobqueue.JobState;
import io.jobqueue.JobTooLargeException;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineCounters;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.QueueStats;
import io.jobqueue.UnsupportedByBackendException;
import io.jobqueue.WorkerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The base of every backend: it checks every argument and the open state once, the same way for all
 * backends, and hands only valid calls to the {@code do*} methods. A backend implements those, and
 * may override the batch methods ({@link #doAddAll}, {@link #doReserveBatch}, {@link #doDeleteAll})
 * where it can do them in fewer round trips.
 *
 * <p>Fencing: the methods that act on a reserved job ({@link #doDelete}, {@link #doDeleteAll},
 * {@link #doRelease}, {@link #doBury}, {@link #doTouch}) act only while the job's {@link
 * Job#lease()} is still the current reservation; otherwise they throw {@link
 * JobNotReservedException} (see {@link #notReserved}) and change nothing, so a caller whose TTR ran
 * out can never act on the job another caller now holds.
 */
public abstract class AbstractJobQueue implements JobQueue {

  private final String description;
  private final int maxPayloadBytes;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ConcurrentMap<String, Counts> counts = new ConcurrentHashMap<>();

  /**
   * @param description names the backend in messages and logs, e.g. {@code sqlite:jobs.db}; no
   *     passwords
   * @param maxPayloadBytes the largest payload accepted
   */
  protected AbstractJobQueue(String description, int maxPayloadBytes) {
    this.description = Objects.requireNonNull(description, "description");
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public final Pipeline selectPipeline(String name) {
    checkOpen();
    return new PipelineHandle(Checks.pipelineName(name));
  }

  @Override
  public final Optional<Job> reserve(Collection<String> pipelines, Duration timeout) {
    checkOpen();
    return Objects.requireNonNull(doReserve(checkPipelines(pipelines), checkTimeout(timeout)));
  }

  @Override
  public final List<Job> reserveBatch(Collection<String> pipelines, int max, Duration timeout) {
    checkOpen();
    List<String> names = checkPipelines(pipelines);
    if (max < 1) {
      throw new IllegalArgumentException("reserveBatch max must be at least 1, was " + max);
    }
    return List.copyOf(doReserveBatch(names, max, checkTimeout(timeout)));
  }

  @Override
  public final void delete(Job job) {
    checkOpen();
    doDelete(checkHeld(job, "delete"));
  }

  @Override
  public final void delete(Collection<Job> jobs) {
    checkOpen();
    Objects.requireNonNull(jobs, "jobs must not be null");
    List<Job> held = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      held.add(checkHeld(job, "delete"));
    }
    if (!held.isEmpty()) {
      doDeleteAll(held);
    }
  }

  @Override
  public final void release(Job job, long priority, Duration delay) {
    checkOpen();
    checkHeld(job, "release");
    doRelease(job, Checks.priority(priority), Checks.duration("release delay", delay));
  }

  @Override
  public final void bury(Job job, String reason) {
    checkOpen();
    doBury(checkHeld(job, "bury"), reason == null ? "" : reason);
  }

  @Override
  public final void touch(Job job) {
    checkOpen();
    doTouch(checkHeld(job, "touch"));
  }

  @Override
  public final void deleteJob(long id) {
    checkOpen();
    doDeleteJob(checkId(id), false);
  }

  @Override
  public final void forceDeleteJob(long id) {
    checkOpen();
    doDeleteJob(checkId(id), true);
  }

  @Override
  public final Optional<Job> peek(long id) {
    checkOpen();
    return Objects.requireNonNull(doPeek(checkId(id)));
  }

  @Override
  public final List<String> pipelines() {
    checkOpen();
    return List.copyOf(doPipelines());
  }

  @Override
  public final QueueStats stats() {
    checkOpen();
    return new QueueStats(doStatsAll());
  }

  @Override
  public final Map<String, PipelineLimits> limits() {
    checkOpen();
    return Collections.unmodifiableSortedMap(new TreeMap<>(doAllLimits()));
  }

  @Override
  public final List<WorkerInfo> workers() {
    checkOpen();
    return List.copyOf(doWorkers());
  }

  @Override
  public final void heartbeat(WorkerInfo worker) {
    checkOpen();
    Objects.requireNonNull(worker, "worker must not be null");
    for (String pipeline : worker.pipelines()) {
      Checks.pipelineName(pipeline);
    }
    doHeartbeat(worker);
  }

  @Override
  public final void unregisterWorker(String workerId) {
    checkOpen();
    doUnregisterWorker(Objects.requireNonNull(workerId, "workerId must not be null"));
  }

  @Override
  public final Optional<JobRecord> history(long jobId) {
    checkOpen();
    return Objects.requireNonNull(doHistory(checkId(jobId)));
  }

  @Override
  public final void recordAttempts(List<AttemptRecord> attempts) {
    checkOpen();
    Objects.requireNonNull(attempts, "attempts must not be null");
    for (AttemptRecord attempt : attempts) {
      Objects.requireNonNull(attempt, "attempts must not contain null");
      Checks.pipelineName(attempt.pipeline());
      checkId(attempt.jobId());
    }
    if (!attempts.isEmpty()) {
      doRecordAttempts(List.copyOf(attempts));
    }
  }

  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      doClose();
    }
  }

  /** Names the backend in messages and logs. */
  public final String description() {
    return description;
  }

  /** The largest payload this queue accepts, in bytes. */
  public final int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /**
   * Counts {@code jobs} added to {@code pipeline} for {@link Pipeline#counters()}: for a backend's
   * own add methods (the {@link Pipeline} adds are counted here already).
   */
  protected final void countAdded(String pipeline, int jobs) {
    counts(pipeline).added.add(jobs);
  }

  /** How many of a batch's results are jobs added, not existing ones returned for their key. */
  protected static int added(List<AddResult> results) {
    return (int) results.stream().filter(AddResult::added).count();
  }

  private Counts counts(String pipeline) {
    return counts.computeIfAbsent(pipeline, p -> new Counts());
  }

  /** What this process did to one pipeline; see {@link PipelineCounters}. */
  private static final class Counts {
    final LongAdder added = new LongAdder();
    final LongAdder kicked = new LongAdder();
  }

  /** Whether {@link #close()} was called. */
  protected final boolean isClosed() {
    return closed.get();
  }

  /** Throws {@link JobQueueClosedException} once the queue is closed. */
  protected final void checkOpen() {
    if (closed.get()) {
      throw new JobQueueClosedException(
          "queue " + description + " is closed; open a new one with JobQueues.open");
    }
  }

  /** The exception for a job whose reservation the caller no longer holds; nothing was changed. */
  protected static JobNotReservedException notReserved(Job job, String action) {
    return new JobNotReservedException(
        "cannot "
            + action
            + " job "
            + job.id()
            + " in pipeline '"
            + job.pipeline()
            + "': the caller no longer holds its reservation (its TTR ran out, or it was already"
            + " deleted, released or buried); nothing was changed",
        List.of(job.id()));
  }

  /**
   * The exception for {@link #doDeleteAll} when some of {@code jobs} were not held: names them, and
   * carries their ids in {@link JobNotReservedException#jobIds()} so a caller knows the others were
   * deleted.
   */
  protected static JobNotReservedException notReserved(List<Job> jobs, List<Long> notHeld) {
    return new JobNotReservedException(
        "deleted "
            + (jobs.size() - notHeld.size())
            + " of "
            + jobs.size()
            + " jobs; the caller no longer holds the reservation of jobs "
            + notHeld
            + ", which were not changed",
        notHeld);
  }

  /** The exception for an id that names no job (in this pipeline, when one is given). */
  protected static JobNotFoundException notFound(String pipeline, long id) {
    return new JobNotFoundException(
        pipeline == null
            ? "no job with id " + id
            : "no job with id " + id + " in pipeline '" + pipeline + "'");
  }

  /**
   * The exception for {@link #doDeleteJob} without force when the job is reserved; nothing was
   * changed.
   */
  protected static JobReservedException reserved(String pipeline, long id) {
    return new JobReservedException(
        "job "
            + id
            + " in pipeline '"
            + pipeline
            + "' is reserved by a worker, which may still finish it; nothing"
            + " was changed (forceDeleteJob deletes it anyway, and the worker's acknowledgement then fails)");
  }

  // What a backend implements. Arguments are already checked: names valid, durations in range.

  /** Adds a job whose options carry no {@link io.jobqueue.UniqueKey}. */
  protected abstract long doAdd(String pipeline, byte[] payload, JobOptions options);

  /**
   * Adds a job whose options carry a {@link io.jobqueue.UniqueKey}, unless a job of the pipeline
   * holds that key: then returns its id, not added. Atomic against concurrent adds in any process.
   * This default throws {@link #noUniqueJobs()}.
   */
  protected AddResult doAddUnique(String pipeline, NewJob job) {
    throw noUniqueJobs();
  }

  /** Whether this backend implements {@link #doAddUnique}; checked before anything is added. */
  protected boolean hasUniqueJobs() {
    return false;
  }

  /**
   * Adds every job or none; one transaction or pipelined round trip where possible. Jobs with a
   * unique key go through {@link #doAddUnique}, so a repeated key gets the first job's id. Returns
   * one result per job, in order: whether it was added or an existing job's id was returned, which
   * is what the pipeline's added counter counts.
   */
  protected List<AddResult> doAddAll(String pipeline, List<NewJob> jobs) {
    List<AddResult> results = new ArrayList<>(jobs.size());
    for (NewJob job : jobs) {
      results.add(
          job.options().unique() == null
              ? new AddResult(doAdd(pipeline, job.payload(), job.options()), true)
              : doAddUnique(pipeline, job));
    }
    return results;
  }

  /** The exception of a backend that cannot keep keys unique; nothing was added. */
  protected final UnsupportedByBackendException noUniqueJobs() {
    return new UnsupportedByBackendException(
        "unique jobs (JobOptions.withUniqueKey) are not available on "
            + description
            + ": the backend cannot check a key and add a job atomically (use a SQL backend);"
            + " nothing was added");
  }

  protected abstract Optional<Job> doReserve(List<String> pipelines, Duration timeout);

  /** Reserves up to {@code max} jobs; this default takes one. */
  protected List<Job> doReserveBatch(List<String> pipelines, int max, Duration timeout) {
    return doReserve(pipelines, timeout).map(List::of).orElse(List.of());
  }

  /**
   * Deletes the job. Fencing: only while {@code job}'s lease is the current reservation; otherwise
   * throws {@link #notReserved(Job, String)} and changes nothing.
   */
  protected abstract void doDelete(Job job);

  /**
   * Deletes each job whose lease is the current reservation. Fencing: the others are not changed,
   * and {@link #notReserved(List, List)} names them after the held ones are deleted. This default
   * deletes one at a time through {@link #doDelete}.
   */
  protected void doDeleteAll(List<Job> jobs) {
    List<Long> notHeld = new ArrayList<>();
    for (Job job : jobs) {
      try {
        doDelete(job);
      } catch (JobNotReservedException e) {
        notHeld.add(job.id());
      }
    }
    if (!notHeld.isEmpty()) {
      throw notReserved(jobs, notHeld);
    }
  }

  /**
   * Makes the job ready again (delayed when {@code delay} is positive) with this priority. Fencing:
   * only while {@code job}'s lease is the current reservation; otherwise throws {@link
   * #notReserved(Job, String)} and changes nothing.
   */
  protected abstract void doRelease(Job job, long priority, Duration delay);

  /**
   * Buries the job with this reason ({@code ""} for none). Fencing: only while {@code job}'s lease
   * is the current reservation; otherwise throws {@link #notReserved(Job, String)} and changes
   * nothing.
   */
  protected abstract void doBury(Job job, String reason);

  /**
   * Extends the reservation to one full TTR from now. Fencing: only while {@code job}'s lease is
   * the current reservation; otherwise throws {@link #notReserved(Job, String)} and changes nothing
   * (a touch must never revive a reservation that ended).
   */
  protected abstract void doTouch(Job job);

  /**
   * Deletes the job with this id if it is ready, delayed or buried, or in any state when {@code
   * force}; throws {@link #notFound} (with a null pipeline) when there is none, and {@link
   * #reserved} when it is reserved and not {@code force}. Atomic: a job reserved meanwhile is never
   * deleted without force. A forced delete of a reserved job ends its lease, so the holder's later
   * acknowledgement fails by the fencing rule. A backend where only the holder can delete a
   * reserved job throws {@link UnsupportedByBackendException} for a forced delete of one.
   */
  protected abstract void doDeleteJob(long id, boolean force);

  /**
   * Deletes every job of the pipeline in this state (never {@link JobState#RESERVED}) and returns
   * how many. This default deletes the first job of the state ({@link #doPeek(String, JobState)})
   * by id until there is none; a job that left the state meanwhile (reserved, deleted) is skipped.
   * A backend that can delete them in one statement should.
   */
  protected long doPurge(String pipeline, JobState state) {
    long deleted = 0;
    Optional<Job> next;
    while ((next = doPeek(pipeline, state)).isPresent()) {
      try {
        doDeleteJob(next.get().id(), false);
        deleted++;
      } catch (JobNotFoundException | JobReservedException e) {
        // taken or deleted by someone else between the peek and the delete: no longer ours to purge
      }
    }
    return deleted;
  }

  protected abstract Optional<Job> doPeek(long id);

  /**
   * The next job in this state: ready by priority then id, delayed by ready time, buried oldest.
   */
  protected abstract Optional<Job> doPeek(String pipeline, JobState state);

  /**
   * Up to {@code limit} jobs in a state after the first {@code offset}, in the order of {@link
   * Pipeline#peek(JobState, int, int)}; backends that cannot list throw {@link
   * UnsupportedByBackendException}.
   */
  protected abstract List<Job> doPeek(String pipeline, JobState state, int offset, int limit);

  protected abstract long doKick(String pipeline, long bound);

  /** Returns false when the job is ready or reserved; throws {@link #notFound} when absent. */
  protected abstract boolean doKickJob(String pipeline, long id);

  protected abstract PipelineStats doStats(String pipeline);

  /**
   * Counts for every pipeline that has jobs, sorted by name. This default asks once per pipeline; a
   * backend that can count all pipelines in one query should.
   */
  protected List<PipelineStats> doStatsAll() {
    List<PipelineStats> all = new ArrayList<>();
    for (String pipeline : doPipelines()) {
      all.add(doStats(pipeline));
    }
    return all;
  }

  /** Pipelines that have jobs, sorted by name. */
  protected abstract List<String> doPipelines();

  protected abstract void doPause(String pipeline, Duration duration);

  /**
   * Stores a pipeline's limits, or removes them for {@code null}; by default the backend cannot
   * enforce them.
   */
  protected void doSetLimits(String pipeline, PipelineLimits limits) {
    throw new UnsupportedByBackendException(
        description + " cannot enforce limits on pipeline '" + pipeline + "' across processes");
  }

  /** A pipeline's stored limits; by default none, as the backend keeps none. */
  protected Optional<PipelineLimits> doLimits(String pipeline) {
    return Optional.empty();
  }

  /**
   * Every pipeline's stored limits by name; by default none, as the backend keeps none. A backend
   * that overrides {@link #doLimits} overrides this too.
   */
  protected Map<String, PipelineLimits> doAllLimits() {
    return Map.of();
  }

  /**
   * Every registered worker, sorted by id, with {@link WorkerInfo#gone()} by the backend's clock.
   */
  protected abstract List<WorkerInfo> doWorkers();

  /**
   * Upserts the worker with the backend's time as its last heartbeat, and deletes the rows of
   * workers older than {@link WorkerInfo#pruneAfter()} (as often as the backend finds cheap).
   */
  protected abstract void doHeartbeat(WorkerInfo worker);

  protected abstract void doUnregisterWorker(String workerId);

  /**
   * The pipeline's history setting; {@code null} stops it. Backends without history throw {@link
   * #noHistory()}.
   */
  protected abstract void doKeepHistory(String pipeline, HistoryRetention retention);

  protected abstract Optional<HistoryRetention> doHistoryRetention(String pipeline);

  /** The history of a pipeline, newest end first. */
  protected abstract List<JobRecord> doHistory(String pipeline, int offset, int limit);

  protected abstract Optional<JobRecord> doHistory(long jobId);

  /**
   * Stores the attempts of pipelines that keep history (ignores the others), a {@link JobRecord}
   * for each that {@linkplain AttemptRecord#jobEnd() ends} its job, and prunes by the retention now
   * and then.
   */
  protected abstract void doRecordAttempts(List<AttemptRecord> attempts);

  /** The exception of a backend that keeps no job history. */
  protected final UnsupportedByBackendException noHistory() {
    return new UnsupportedByBackendException(
        "job history is not available on "
            + description
            + ": the backend cannot store finished jobs (use a SQL backend to keep history)");
  }

  /** Releases connections and threads; called once. */
  protected abstract void doClose();

  private static List<String> checkPipelines(Collection<String> pipelines) {
    Objects.requireNonNull(pipelines, "pipelines must not be null");
    if (pipelines.isEmpty()) {
      throw new IllegalArgumentException("pipelines must name at least one pipeline");
    }
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String name : pipelines) {
      names.add(Checks.pipelineName(name));
    }
    return List.copyOf(names);
  }

  private static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(
        timeout, "reserve timeout must not be null (use Duration.ZERO to not wait)");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          "reserve timeout must be zero or positive, was " + timeout);
    }
    return timeout;
  }

  private static void checkPage(String call, int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException(call + " offset must be zero or more, was " + offset);
    }
    if (limit < 1) {
      throw new IllegalArgumentException(call + " limit must be at least 1, was " + limit);
    }
  }

  private static long checkId(long id) {
    if (id < 1) {
      throw new IllegalArgumentException("job id must be 1 or more, was " + id);
    }
    return id;
  }

  private static Job checkHeld(Job job, String action) {
    Objects.requireNonNull(job, "job must not be null");
    if (job.lease() == 0) {
      throw new JobNotReservedException(
          "cannot "
              + action
              + " job "
              + job.id()
              + " in pipeline '"
              + job.pipeline()
              + "': this Job was not returned by reserve, so it carries no reservation");
    }
    return job;
  }

  /**
   * Returns {@code payload} if it is not null and within {@link #maxPayloadBytes()}; for backends
   * that add jobs outside {@link Pipeline#addJob}, e.g. on a caller's own transaction.
   *
   * @throws JobTooLargeException when it is larger
   */
  protected final byte[] checkPayload(String pipeline, byte[] payload) {
    Objects.requireNonNull(payload, "payload must not be null");
    if (payload.length > maxPayloadBytes) {
      throw new JobTooLargeException(
          "payload of "
              + payload.length
              + " bytes for pipeline '"
              + pipeline
              + "' is over the limit of "
              + maxPayloadBytes
              + " bytes (JobQueueConfig.maxPayloadBytes); nothing was added");
    }
    return payload;
  }

  /** The handle {@link #selectPipeline} returns: checks arguments, then calls the backend. */
  private final class PipelineHandle implements Pipeline {
    private final String name;

    PipelineHandle(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long addJob(byte[] payload, JobOptions options) {
      return add(new NewJob(payload, options)).id();
    }

    @Override
    public AddResult add(NewJob job) {
      checkOpen();
      Objects.requireNonNull(job, "job must not be null");
      checkPayload(name, job.payload());
      checkUnique(List.of(job));
      AddResult result =
          job.options().unique() == null
              ? new AddResult(doAdd(name, job.payload(), job.options()), true)
              : Objects.requireNonNull(doAddUnique(name, job));
      if (result.added()) {
        countAdded(name, 1);
      }
      return result;
    }

    @Override
    public List<AddResult> addAll(List<NewJob> jobs) {
      checkOpen();
      Objects.requireNonNull(jobs, "jobs must not be null");
      for (NewJob job : jobs) {
        checkPayload(name, Objects.requireNonNull(job, "jobs must not contain null").payload());
      }
      if (jobs.isEmpty()) {
        return List.of();
      }
      checkUnique(jobs);
      List<AddResult> results = doAddAll(name, List.copyOf(jobs));
      countAdded(name, added(results));
      return results;
    }

    @Override
    public long kick(long bound) {
      checkOpen();
      if (bound < 0) {
        throw new IllegalArgumentException("kick bound must be zero or more, was " + bound);
      }
      long kicked = bound == 0 ? 0 : doKick(name, bound);
      counts(name).kicked.add(kicked);
      return kicked;
    }

    @Override
    public boolean kickJob(long id) {
      checkOpen();
      boolean kicked = doKickJob(name, checkId(id));
      if (kicked) {
        counts(name).kicked.increment();
      }
      return kicked;
    }

    @Override
    public Optional<Job> peekReady() {
      return peekOne(JobState.READY);
    }

    @Override
    public Optional<Job> peekDelayed() {
      return peekOne(JobState.DELAYED);
    }

    @Override
    public Optional<Job> peekBuried() {
      return peekOne(JobState.BURIED);
    }

    @Override
    public List<Job> peek(JobState state, int offset, int limit) {
      checkOpen();
      Objects.requireNonNull(state, "state must not be null");
      checkPage("peek", offset, limit);
      return List.copyOf(doPeek(name, state, offset, limit));
    }

    @Override
    public long purge(JobState state) {
      checkOpen();
      Objects.requireNonNull(state, "state must not be null");
      if (state == JobState.RESERVED) {
        throw new IllegalArgumentException(
            "purge state must be READY, DELAYED or BURIED, was RESERVED: reserved jobs"
                + " belong to their workers (forceDeleteJob deletes one)");
      }
      return doPurge(name, state);
    }

    @Override
    public PipelineStats stats() {
      checkOpen();
      return doStats(name);
    }

    @Override
    public PipelineCounters counters() {
      Counts of = counts(name);
      return new PipelineCounters(name, of.added.sum(), of.kicked.sum());
    }

    @Override
    public void pause(Duration duration) {
      checkOpen();
      doPause(name, Checks.duration("pause duration", duration));
    }

    @Override
    public void setLimits(PipelineLimits limits) {
      checkOpen();
      if (limits == null) {
        throw new InvalidPipelineLimitsException(
            "pipeline '" + name + "': limits must not be null; clearLimits() removes them");
      }
      doSetLimits(name, limits);
    }

    @Override
    public Optional<PipelineLimits> limits() {
      checkOpen();
      return Objects.requireNonNull(doLimits(name));
    }

    @Override
    public void clearLimits() {
      checkOpen();
      doSetLimits(name, null);
    }

    @Override
    public void keepHistory(HistoryRetention retention) {
      checkOpen();
      doKeepHistory(name, retention);
    }

    @Override
    public Optional<HistoryRetention> historyRetention() {
      checkOpen();
      return Objects.requireNonNull(doHistoryRetention(name));
    }

    @Override
    public List<JobRecord> history(int offset, int limit) {
      checkOpen();
      checkPage("history", offset, limit);
      return List.copyOf(doHistory(name, offset, limit));
    }

    @Override
    public String toString() {
      return "Pipeline[" + name + " on " + description + "]";
    }

    private void checkUnique(List<NewJob> jobs) {
      if (!hasUniqueJobs() && jobs.stream().anyMatch(job -> job.options().unique() != null)) {
        throw noUniqueJobs();
      }
    }

    private Optional<Job> peekOne(JobState state) {
      checkOpen();
      return Objects.requireNonNull(doPeek(name, state));
    }
  }
}
