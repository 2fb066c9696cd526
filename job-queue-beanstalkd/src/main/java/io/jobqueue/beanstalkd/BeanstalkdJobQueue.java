package io.jobqueue.beanstalkd;

import static io.jobqueue.beanstalkd.BeanstalkdConnection.PIPELINE_CHUNK;

import io.jobqueue.AddResult;
import io.jobqueue.AttemptRecord;
import io.jobqueue.BackendUnavailableException;
import io.jobqueue.HistoryRetention;
import io.jobqueue.Job;
import io.jobqueue.JobNotReservedException;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueueClosedException;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueueException;
import io.jobqueue.JobRecord;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.PipelineStats;
import io.jobqueue.UnsupportedByBackendException;
import io.jobqueue.WorkerInfo;
import io.jobqueue.schedule.spi.UnstartedJobs;
import io.jobqueue.spi.AbstractJobQueue;
import io.jobqueue.spi.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link io.jobqueue.JobQueue} on a beanstalkd server: {@code
 * JobQueues.open("beanstalk://127.0.0.1:11300")}. A pipeline is a tube; priorities, delays, TTR,
 * bury and kick are beanstalkd's own.
 *
 * <p>Settings ({@link JobQueueConfig#property}), all optional:
 *
 * <ul>
 *   <li>{@code connectTimeout}: how long opening a connection may take (milliseconds or ISO-8601
 *       such as {@code PT2S}); default 2 s. A server that is down fails fast with {@link
 *       BackendUnavailableException}.
 *   <li>{@code readTimeout}: how long an answer may take beyond the wait a reserve asked for;
 *       default 10 s.
 *   <li>{@code maxIdleConnections}: connections kept open for reuse; default 16.
 *   <li>{@code outboxUrl}: the JDBC URL of the application's database, for transactional adds
 *       ({@link #addJob(java.sql.Connection, String, byte[], JobOptions)}) through an outbox table
 *       there; needs job-queue-jdbc. Then {@code outboxTablePrefix} (default {@code jobqueue_}),
 *       {@code outboxPollInterval} (default {@code 1s}) and {@code outboxRelay} ({@code true}: this
 *       queue runs the relay; {@code false}: a relay runs elsewhere, e.g. {@code
 *       io.jobqueue.jdbc.OutboxRelay} as a process of its own).
 * </ul>
 *
 * <p>How it differs from the SQL backends, because beanstalkd cannot do otherwise:
 *
 * <ul>
 *   <li>{@code Pipeline.peek(state, limit)} answers only {@code limit} 1 (and no offset) for ready,
 *       delayed and buried jobs; anything else throws {@link UnsupportedByBackendException}.
 *   <li>{@code forceDeleteJob} of a job another connection holds reserved throws {@link
 *       UnsupportedByBackendException}: beanstalkd lets only the holder delete it.
 *   <li>{@link Job#attempts()} counts the job's whole life, like {@link Job#reserves()}: beanstalkd
 *       keeps no count since the last kick, so a kicked job does not get a fresh retry budget.
 *   <li>{@link Job#buryReason()} is always null: beanstalkd stores no reasons.
 *   <li>{@code Pipeline.setLimits} throws {@link UnsupportedByBackendException}: a reserve cannot
 *       be made conditional on a count of the tube's reserved jobs, and a limit kept by one process
 *       would not bind the others; {@code limits()} is always empty.
 *   <li>Delay, TTR and pause count whole seconds (rounded up); {@link Job#createdAt()} is derived
 *       from the job's age in whole seconds.
 *   <li>{@code addJobs} is all-or-none only as far as the connection survives: when the server
 *       rejects a job of the batch, the jobs already added are deleted again; when the connection
 *       breaks midway, those already added stay.
 *   <li>A reservation lives on the connection that made it: if that connection breaks, the server
 *       makes the job ready at once rather than at the end of its TTR.
 * </ul>
 *
 * <p>Fencing: each reservation is tied to the connection that made it, and only that connection
 * releases, buries or touches the job (the server refuses others with {@code NOT_FOUND}).
 * beanstalkd lets any connection delete a ready job, so {@code delete} sends a plain {@code delete}
 * only while the reservation is surely still held: the server started the TTR no earlier than the
 * reserve (or last touch) was sent, so until then plus the TTR, less half the TTR (at least one
 * second) for stalls, by this process's monotonic clock, the job cannot have timed out. Later, it
 * first touches the job over the holding connection and deletes only when the server confirms that
 * connection still holds it. Either way the job could only time out before the delete if this
 * process or the server stalled for longer than that margin; that is the one window left.
 *
 * <p>Round trips: {@code addJob}, {@code release}, {@code bury} and {@code touch} one; {@code
 * addJobs} one per 500 jobs; {@code reserve} two (the reserve, then {@code stats-job} for the job's
 * fields, which the reserve answer lacks); {@code reserveBatch} two when jobs are ready: the first
 * write carries as many {@code reserve-with-timeout 0} as the last reserve got (at least one), the
 * next the {@code stats-job} of the jobs found and as many more reserves as were found, so an idle
 * pipeline costs one reserve that finds nothing rather than one per job asked for; {@code delete}
 * one while the reservation is surely held (see above), two later. Deletes that wait for the same
 * holding connection at the same time share one write; {@code delete(jobs)} (the Worker's) writes
 * to every holding connection before it reads any answer, so those round trips overlap.
 *
 * <p>Commands: a Worker draining a backlog sends three per job ({@code reserve-with-timeout},
 * {@code stats-job}, {@code delete}), a naive loop two. The {@code stats-job} stays: a job's
 * counters ({@link Job#reserves()}, {@link Job#attempts()}, {@link Job#kicks()}, …) exist only on
 * the server, and the body carries no framing of this library that could hold even its priority and
 * TTR, so that other clients read and write the same bytes. It costs the server a command per job;
 * its round trip is shared by the whole batch and carries the batch's further reserves.
 *
 * <p>The client is written here rather than taken from Maven Central: com.surftools:BeanstalkClient
 * (last release 2012) has no {@code kick-job}, {@code pause-tube} or connect/read timeouts and ties
 * connections to threads; com.dinstone.beanstalkc has no {@code kick-job} or {@code pause-tube} and
 * hides which pooled connection holds a reservation, which fencing needs.
 */
public final class BeanstalkdJobQueue extends AbstractJobQueue implements UnstartedJobs {

  private static final Logger LOG = LoggerFactory.getLogger(BeanstalkdJobQueue.class);

  /**
   * How often a reserve polls during the part of its timeout shorter than beanstalkd's one second.
   */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

  private static final int PEEK_ATTEMPTS = 5;
  private static final long MAX_U32 = 0xFFFF_FFFFL;

  /** Longer reserve timeouts are cut to this, which still fits System.nanoTime arithmetic. */
  private static final Duration LONGEST_WAIT = Duration.ofDays(3650);

  private final Endpoint endpoint;
  private final ConnectionPool pool;
  private final PausedTubes pausedTubes;
  private final Leases leases = new Leases();
  private final WorkerTubes workerTubes = new WorkerTubes();
  private final GroupedDeletes deletes;

  /**
   * How many jobs the last reserve got, to size the next one's first write ({@link
   * #firstReserves}); a hint shared by the reserving threads, so races only cost a round trip.
   */
  private volatile int lastReserved = PIPELINE_CHUNK;

  /** Null unless the settings name an outbox database ({@code outboxUrl}). */
  private final OutboxLink outbox;

  BeanstalkdJobQueue(JobQueueConfig config) {
    this(Endpoint.from(config), config);
  }

  private BeanstalkdJobQueue(Endpoint endpoint, JobQueueConfig config) {
    super(endpoint.describe(), config.maxPayloadBytes());
    this.endpoint = endpoint;
    this.pool = new ConnectionPool(endpoint, endpoint.describe(), leases);
    this.deletes = new GroupedDeletes(pool, leases);
    this.pausedTubes = new PausedTubes(endpoint, endpoint.describe());
    pool.giveBack(pool.borrow());
    try {
      this.outbox = OutboxLink.configured(config) ? OutboxLink.open(config, this) : null;
    } catch (RuntimeException e) {
      pausedTubes.close();
      pool.close();
      throw e;
    }
    LOG.info("{}: opened", endpoint.describe());
  }

  /**
   * Writes a job into the outbox table of the caller's database on the caller's connection, inside
   * the caller's transaction: the relay puts it into beanstalkd if and only if the caller commits,
   * at least once, in order per pipeline (see {@link io.jobqueue.jdbc.JdbcOutbox} for the duplicate
   * window). The connection is left as it was. Needs the setting {@code outboxUrl} (the database's
   * JDBC URL) and job-queue-jdbc with the database's driver on the class or module path.
   *
   * @return the outbox row's id, which the job's body carries ({@link
   *     io.jobqueue.jdbc.OutboxEnvelope}); beanstalkd gives the job its own id when the relay puts
   *     it
   * @throws UnsupportedByBackendException when this queue has no outbox
   */
  public long addJob(
      java.sql.Connection connection, String pipeline, byte[] payload, JobOptions options) {
    return outbox().addJob(connection, pipeline, payload, options);
  }

  /**
   * {@link #addJob(java.sql.Connection, String, byte[], JobOptions)} for several jobs, in order.
   */
  public List<Long> addJobs(java.sql.Connection connection, String pipeline, List<NewJob> jobs) {
    return outbox().addJobs(connection, pipeline, jobs);
  }

  private io.jobqueue.jdbc.JdbcOutbox outbox() {
    checkOpen();
    if (outbox == null) {
      throw new UnsupportedByBackendException(
          "beanstalkd cannot join a database transaction: set the property "
              + OutboxLink.URL
              + " to your database's JDBC URL so that transactional adds go through an outbox"
              + " table there (see JdbcOutbox)");
    }
    return outbox.outbox();
  }

  @Override
  protected long doAdd(String pipeline, byte[] payload, JobOptions options) {
    return withConnection(connection -> {
      Reply reply = connection.callInTube(pipeline, List.of(put(payload, options))).get(0);
      return inserted(reply, connection, pipeline);
    });
  }

  /** Pipelined puts: one write of many commands, then their answers. */
  @Override
  protected List<AddResult> doAddAll(String pipeline, List<NewJob> jobs) {
    return withConnection(connection -> {
      List<Long> ids = new ArrayList<>(jobs.size());
      for (int start = 0; start < jobs.size(); start += PIPELINE_CHUNK) {
        List<Request> puts = new ArrayList<>();
        for (NewJob job : jobs.subList(start, Math.min(jobs.size(), start + PIPELINE_CHUNK))) {
          puts.add(put(job.payload(), job.options()));
        }
        RuntimeException failure = null;
        for (Reply reply : connection.callInTube(pipeline, puts)) {
          if (reply.is("INSERTED") || reply.is("BURIED")) {
            ids.add(reply.number(0));
          }
          if (!reply.is("INSERTED") && failure == null) {
            failure = insertFailure(reply, connection, pipeline);
          }
        }
        if (failure != null) {
          int undone = deleteAddedJobs(connection, ids);
          failure.addSuppressed(
              new JobQueueException(
                  "of the "
                      + jobs.size()
                      + " jobs of the batch, "
                      + ids.size()
                      + " had been added; "
                      + undone
                      + " of those were deleted again"));
          throw failure;
        }
      }
      // no unique keys here (hasUniqueJobs is false): every job was added
      return ids.stream().map(id -> new AddResult(id, true)).toList();
    });
  }

  @Override
  protected Optional<Job> doReserve(List<String> pipelines, Duration timeout) {
    return reserve(pipelines, 1, timeout).stream().findFirst();
  }

  /**
   * {@code reserve-with-timeout 0} for every job in one write, a blocking reserve only when none
   * was ready; see {@link #reserve}.
   */
  @Override
  protected List<Job> doReserveBatch(List<String> pipelines, int max, Duration timeout) {
    return reserve(pipelines, max, timeout);
  }

  /**
   * One round trip, shared with the other deletes waiting for the same connection (see {@link
   * GroupedDeletes}).
   */
  @Override
  protected void doDelete(Job job) {
    Reservation reservation = leases.find(job);
    boolean deleted;
    try {
      deleted = reservation != null && deletes.delete(reservation);
    } catch (BackendUnavailableException e) {
      throw isClosed() ? closed(e) : e;
    }
    if (!deleted) {
      throw notHeld(job, "delete");
    }
  }

  /**
   * Grouped by holding connection: one write of deletes (and touches where needed), see {@link
   * GroupedDeletes}.
   */
  @Override
  protected void doDeleteAll(List<Job> jobs) {
    List<Long> notHeld;
    try {
      notHeld = deletes.deleteAll(jobs);
    } catch (BackendUnavailableException e) {
      throw isClosed() ? closed(e) : e;
    }
    if (!notHeld.isEmpty()) {
      throw notReserved(jobs, notHeld);
    }
  }

  @Override
  protected void doRelease(Job job, long priority, Duration delay) {
    onHolder(
        job,
        "release",
        (connection, reservation) -> {
          String action = "release job " + job.id() + " in pipeline '" + job.pipeline() + "'";
          Reply reply =
              ServerErrors.expect(
                  connection.call(
                      Request.of("release " + job.id() + " " + priority + " " + seconds(delay))),
                  connection,
                  action,
                  "RELEASED",
                  "BURIED",
                  "NOT_FOUND");
          pool.end(reservation);
          if (reply.is("NOT_FOUND")) {
            throw notHeld(job, "release");
          }
          if (reply.is("BURIED")) {
            throw new JobQueueException(
                "cannot "
                    + action
                    + ": beanstalkd at "
                    + endpoint.describe()
                    + " ran out of memory growing its queue and buried the job instead; kick it when the server has memory");
          }
        });
  }

  @Override
  protected void doBury(Job job, String reason) {
    onHolder(
        job,
        "bury",
        (connection, reservation) -> {
          String action = "bury job " + job.id() + " in pipeline '" + job.pipeline() + "'";
          Reply reply =
              connection.expect(
                  "bury " + job.id() + " " + job.priority(), action, "BURIED", "NOT_FOUND");
          pool.end(reservation);
          if (reply.is("NOT_FOUND")) {
            throw notHeld(job, "bury");
          }
        });
  }

  @Override
  protected void doTouch(Job job) {
    onHolder(
        job,
        "touch",
        (connection, reservation) -> {
          String action = "touch job " + job.id() + " in pipeline '" + job.pipeline() + "'";
          long sent = System.nanoTime();
          Reply reply = connection.expect("touch " + job.id(), action, "TOUCHED", "NOT_FOUND");
          if (reply.is("NOT_FOUND")) {
            pool.end(reservation);
            throw notHeld(job, "touch");
          }
          reservation.touched(sent);
        });
  }

  @Override
  protected Optional<Job> doPeek(long id) {
    return withConnection(connection -> {
      List<Reply> replies =
          connection.call(List.of(Request.of("peek " + id), Request.of("stats-job " + id)));
      String action = "peek at job " + id;
      Reply found = ServerErrors.expect(replies.get(0), connection, action, "FOUND", "NOT_FOUND");
      Reply stats = ServerErrors.expect(replies.get(1), connection, action, "OK", "NOT_FOUND");
      if (found.is("NOT_FOUND") || stats.is("NOT_FOUND")) {
        return Optional.empty();
      }
      return Optional.of(toJob(id, found.body(), stats.dictionary(), 0));
    });
  }

  @Override
  protected Optional<Job> doPeek(String pipeline, JobState state) {
    String command =
        switch (state) {
          case READY -> "peek-ready";
          case DELAYED -> "peek-delayed";
          case BURIED -> "peek-buried";
          case RESERVED ->
              throw new UnsupportedByBackendException(
                  "beanstalkd has no command to peek at reserved jobs (pipeline '"
                      + pipeline
                      + "')");
        };
    String action = command + " in pipeline '" + pipeline + "'";
    return withConnection(connection -> {
      // the job found may change state before its stats are read; look again then
      for (int attempt = 0; attempt < PEEK_ATTEMPTS; attempt++) {
        Reply peeked = connection.callInTube(pipeline, List.of(Request.of(command))).get(0);
        Reply found = ServerErrors.expect(peeked, connection, action, "FOUND", "NOT_FOUND");
        if (found.is("NOT_FOUND")) {
          return Optional.empty();
        }
        long id = found.number(0);
        Reply stats = connection.expect("stats-job " + id, action, "OK", "NOT_FOUND");
        if (stats.is("OK")) {
          Job job = toJob(id, found.body(), stats.dictionary(), 0);
          if (job.state() == state && job.pipeline().equals(pipeline)) {
            return Optional.of(job);
          }
        }
      }
      return Optional.empty();
    });
  }

  @Override
  protected List<Job> doPeek(String pipeline, JobState state, int offset, int limit) {
    if (offset == 0 && limit == 1 && state != JobState.RESERVED) {
      return doPeek(pipeline, state).map(List::of).orElse(List.of());
    }
    throw new UnsupportedByBackendException(
        "beanstalkd cannot list jobs: it can only peek at the first ready, delayed or buried job of a pipeline"
            + " (use peek(state, 1), peekReady, peekDelayed or peekBuried); asked for up to "
            + limit
            + " "
            + state
            + " jobs of pipeline '"
            + pipeline
            + "' after the first "
            + offset);
  }

  /**
   * One round trip: beanstalkd's {@code delete} takes any ready, delayed or buried job from any
   * connection, and answers {@code NOT_FOUND} for a job another connection holds, so a job reserved
   * meanwhile is never deleted. Only after a refusal does {@code stats-job} tell why.
   */
  @Override
  protected void doDeleteJob(long id, boolean force) {
    String action = "delete job " + id;
    withConnection(connection -> {
      for (int attempt = 0; attempt < PEEK_ATTEMPTS; attempt++) {
        Reply deleted = connection.expect("delete " + id, action, "DELETED", "NOT_FOUND");
        if (deleted.is("DELETED")) {
          return null;
        }
        Reply stats = connection.expect("stats-job " + id, action, "OK", "NOT_FOUND");
        if (stats.is("NOT_FOUND")) {
          throw notFound(null, id);
        }
        if (state(stats.dictionary()) == JobState.RESERVED) {
          String pipeline = stats.dictionary().get("tube");
          throw force
              ? new UnsupportedByBackendException(
                  "cannot force-delete job "
                      + id
                      + " in pipeline '"
                      + pipeline
                      + "': beanstalkd lets only the connection that reserved it delete it; it can be deleted once its"
                      + " worker releases or buries it or its TTR ends")
              : reserved(pipeline, id);
        }
        // its reservation ended between the two commands: try the delete again
      }
      throw new JobQueueException(
          "cannot " + action + ": it kept changing state between delete and stats-job");
    });
  }

  @Override
  protected long doKick(String pipeline, long bound) {
    return withConnection(connection -> {
      Reply reply =
          connection
              .callInTube(pipeline, List.of(Request.of("kick " + Math.min(bound, MAX_U32))))
              .get(0);
      return ServerErrors.expect(
              reply, connection, "kick jobs in pipeline '" + pipeline + "'", "KICKED")
          .number(0);
    });
  }

  @Override
  protected boolean doKickJob(String pipeline, long id) {
    String action = "kick job " + id + " in pipeline '" + pipeline + "'";
    return withConnection(connection -> {
      JobState state = stateInPipeline(connection, pipeline, id, action);
      if (state == JobState.READY || state == JobState.RESERVED) {
        return false;
      }
      Reply kicked = connection.expect("kick-job " + id, action, "KICKED", "NOT_FOUND");
      if (kicked.is("KICKED")) {
        return true;
      }
      stateInPipeline(
          connection, pipeline, id, action); // it changed meanwhile: gone, or no longer kickable
      return false;
    });
  }

  /**
   * For the scheduler's {@code OverlapPolicy.REPLACE}: beanstalkd lets any connection delete a job
   * that no connection has reserved, so this checks the state and deletes. A job reserved between
   * the two answers NOT_FOUND to the delete and stays.
   */
  @Override
  public boolean deleteUnstarted(long jobId) {
    checkOpen();
    String action = "delete unstarted job " + jobId;
    return withConnection(connection -> {
      Reply stats = connection.expect("stats-job " + jobId, action, "OK", "NOT_FOUND");
      if (stats.is("NOT_FOUND")) {
        return false;
      }
      JobState state = state(stats.dictionary());
      if (state != JobState.READY && state != JobState.DELAYED) {
        return false;
      }
      return connection.expect("delete " + jobId, action, "DELETED", "NOT_FOUND").is("DELETED");
    });
  }

  @Override
  protected PipelineStats doStats(String pipeline) {
    return withConnection(connection -> {
      Reply reply =
          connection.expect(
              "stats-tube " + pipeline,
              "read the stats of pipeline '" + pipeline + "'",
              "OK",
              "NOT_FOUND");
      return toStats(pipeline, reply);
    });
  }

  @Override
  protected List<String> doPipelines() {
    return withConnection(connection -> {
      String action = "list the pipelines";
      List<String> tubes =
          connection.expect("list-tubes", action, "OK").list().stream()
              .filter(tube -> !WorkerTubes.isWorkerTube(tube))
              .toList();
      List<String> withJobs = new ArrayList<>();
      for (int start = 0; start < tubes.size(); start += PIPELINE_CHUNK) {
        List<String> chunk = tubes.subList(start, Math.min(tubes.size(), start + PIPELINE_CHUNK));
        List<Reply> replies =
            connection.call(chunk.stream().map(t -> Request.of("stats-tube " + t)).toList());
        for (int i = 0; i < chunk.size(); i++) {
          Reply reply = ServerErrors.expect(replies.get(i), connection, action, "OK", "NOT_FOUND");
          if (toStats(chunk.get(i), reply).total() > 0) {
            withJobs.add(chunk.get(i));
          }
        }
      }
      return withJobs.stream().sorted().toList();
    });
  }

  @Override
  protected void doPause(String pipeline, Duration duration) {
    long seconds = seconds(duration);
    withConnection(connection -> {
      Request pause = Request.of("pause-tube " + pipeline + " " + seconds);
      Reply reply = connection.callInTube(pipeline, List.of(pause)).get(0);
      return ServerErrors.expect(reply, connection, "pause pipeline '" + pipeline + "'", "PAUSED");
    });
    pausedTubes.paused(pipeline, Duration.ofSeconds(seconds));
  }

  @Override
  protected void doKeepHistory(String pipeline, HistoryRetention retention) {
    throw noHistory();
  }

  /** Never kept here, so workers never record attempts. */
  @Override
  protected Optional<HistoryRetention> doHistoryRetention(String pipeline) {
    return Optional.empty();
  }

  @Override
  protected List<JobRecord> doHistory(String pipeline, int offset, int limit) {
    throw noHistory();
  }

  @Override
  protected Optional<JobRecord> doHistory(long jobId) {
    throw noHistory();
  }

  @Override
  protected void doRecordAttempts(List<AttemptRecord> attempts) {
    throw noHistory();
  }

  @Override
  protected List<WorkerInfo> doWorkers() {
    return withConnection(workerTubes::list);
  }

  @Override
  protected void doHeartbeat(WorkerInfo worker) {
    withConnection(connection -> {
      workerTubes.heartbeat(connection, worker);
      return null;
    });
  }

  @Override
  protected void doUnregisterWorker(String workerId) {
    withConnection(connection -> {
      workerTubes.unregister(connection, workerId);
      return null;
    });
  }

  @Override
  protected void doClose() {
    if (outbox != null) {
      outbox.close(); // first: the relay puts through this queue's connections
    }
    pausedTubes.close();
    pool.close();
    LOG.info("{}: closed", endpoint.describe());
  }

  /** Open connections, for tests. */
  int openConnections() {
    return pool.size();
  }

  /**
   * Whether this queue's reservation of {@code job} is {@linkplain Reservation#surelyHeld surely
   * held} now, for tests.
   */
  boolean surelyHeld(Job job) {
    Reservation reservation = leases.find(job);
    return reservation != null && reservation.surelyHeld(System.nanoTime());
  }

  /**
   * Reserves up to {@code max} jobs over one connection. When a batch is asked for, jobs are
   * usually ready: {@code reserve-with-timeout 0} goes out in one write ({@link #firstReserves} of
   * them), and only when none came is there a blocking reserve. The stats of the jobs reserved so
   * far go in the same write as further reserves, so a batch that finds its jobs ready takes two
   * round trips, one job too.
   */
  private List<Job> reserve(List<String> pipelines, int max, Duration timeout) {
    long deadline =
        System.nanoTime()
            + (timeout.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : timeout).toNanos();
    while (true) {
      BeanstalkdConnection connection = pool.borrow();
      connection.lock().lock();
      try {
        List<Reply> reserved = new ArrayList<>();
        long sent = System.nanoTime();
        boolean drained =
            max > 1
                && collect(
                    connection.callWatching(pipelines, reserves(firstReserves(max))),
                    reserved,
                    connection,
                    pipelines);
        if (reserved.isEmpty()) {
          sent = System.nanoTime();
          Reply first = reserveFirst(connection, pipelines, deadline);
          if (first == null) {
            lastReserved = 0;
            return List.of();
          }
          if (first.is("DEADLINE_SOON")) {
            // only a connection reused after its holder abandoned a job answers this: take another
            connection.close();
            continue;
          }
          reserved.add(first);
          drained = max == 1;
        }
        List<Job> jobs = describeAndHold(connection, pipelines, max, reserved, drained, sent);
        lastReserved = jobs.size();
        return jobs;
      } catch (RuntimeException e) {
        connection.close(); // the server makes the jobs reserved so far ready again at once
        throw e instanceof BackendUnavailableException && isClosed() ? closed(e) : e;
      } finally {
        connection.lock().unlock();
        pool.giveBack(connection);
      }
    }
  }

  /**
   * How many {@code reserve-with-timeout 0} the first write of a batch carries: as many jobs as the
   * last reserve got, at least one. An idle pipeline then costs one reserve that finds nothing
   * rather than {@code max}; a busy one gets its whole batch in the first write, and the reserves
   * that did not fit go with the jobs' stats-job in the second.
   */
  private int firstReserves(int max) {
    return Math.min(Math.min(max, PIPELINE_CHUNK), Math.max(1, lastReserved));
  }

  /**
   * The first reservation, waiting until {@code deadline}: whole seconds as one blocking
   * reserve-with-timeout, the rest by polling. A wait less than a poll interval short of a whole
   * second (the Worker's default of exactly one second, once the call has begun) blocks for that
   * second, overshooting by less than polling would, rather than polling all of it. Returns null
   * when the deadline passed.
   */
  private Reply reserveFirst(
      BeanstalkdConnection connection, List<String> pipelines, long deadline) {
    while (true) {
      long seconds =
          Math.max(0, (deadline - System.nanoTime() + POLL_INTERVAL.toNanos()) / 1_000_000_000L);
      Reply reply =
          connection.callWatching(
              pipelines,
              Request.of("reserve-with-timeout " + seconds),
              Duration.ofSeconds(seconds));
      if (reply.is("RESERVED") || reply.is("DEADLINE_SOON")) {
        return reply;
      }
      ServerErrors.expect(reply, connection, "reserve from pipelines " + pipelines, "TIMED_OUT");
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return null;
      }
      if (seconds == 0) {
        try {
          Thread.sleep(Duration.ofNanos(Math.min(remaining, POLL_INTERVAL.toNanos())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  /**
   * Reads the stats of the reserved jobs, in the same writes as more {@code reserve-with-timeout 0}
   * until {@code max} jobs or the pipelines are drained, and records each reservation under a new
   * lease.
   *
   * @param sent when the first reserve command was sent: the server started every TTR later
   */
  private List<Job> describeAndHold(
      BeanstalkdConnection connection,
      List<String> pipelines,
      int max,
      List<Reply> reserved,
      boolean drained,
      long sent) {
    List<Job> jobs = new ArrayList<>(reserved.size());
    while (jobs.size() < reserved.size()) {
      List<Reply> described =
          List.copyOf(
              reserved.subList(
                  jobs.size(), Math.min(reserved.size(), jobs.size() + PIPELINE_CHUNK)));
      List<Request> requests =
          new ArrayList<>(
              described.stream().map(r -> Request.of("stats-job " + r.number(0))).toList());
      if (!drained) {
        // as many more as were found so far: a pipeline that just ran dry wastes few reserves
        requests.addAll(
            reserves(Math.min(Math.min(max - reserved.size(), PIPELINE_CHUNK), reserved.size())));
      }
      List<Reply> replies = connection.call(requests);
      for (int i = 0; i < described.size(); i++) {
        long id = described.get(i).number(0);
        Reply stats =
            ServerErrors.expect(
                replies.get(i), connection, "read the stats of reserved job " + id, "OK");
        Job job = toJob(id, described.get(i).body(), stats.dictionary(), leases.next());
        leases.hold(new Reservation(job.lease(), id, job.pipeline(), connection, job.ttr(), sent));
        jobs.add(job);
      }
      if (!drained) {
        drained =
            collect(
                    replies.subList(described.size(), replies.size()),
                    reserved,
                    connection,
                    pipelines)
                || reserved.size() == max;
      }
    }
    return jobs;
  }

  /**
   * Adds the jobs reserved by {@code replies} to {@code reserved}; returns whether any reserve
   * found none.
   */
  private static boolean collect(
      List<Reply> replies,
      List<Reply> reserved,
      BeanstalkdConnection connection,
      List<String> pipelines) {
    boolean drained = false;
    for (Reply reply : replies) {
      if (reply.is("RESERVED")) {
        reserved.add(reply);
      } else {
        ServerErrors.expect(
            reply, connection, "reserve from pipelines " + pipelines, "TIMED_OUT", "DEADLINE_SOON");
        drained = true;
      }
    }
    return drained;
  }

  private static List<Request> reserves(int count) {
    return Collections.nCopies(count, Request.of("reserve-with-timeout 0"));
  }

  /**
   * Runs a command for a held job over the connection that holds it, under that connection's lock.
   */
  private void onHolder(Job job, String action, HolderCommand command) {
    Reservation reservation = leases.find(job);
    if (reservation == null) {
      throw notHeld(job, action);
    }
    try {
      pool.runLocked(
          reservation.connection,
          () -> {
            if (!Leases.current(reservation)) {
              throw notHeld(job, action);
            }
            command.run(reservation.connection, reservation);
          });
    } catch (BackendUnavailableException e) {
      throw isClosed() ? closed(e) : e;
    }
  }

  /** The job's state, or {@link #notFound} when it does not exist or lives in another pipeline. */
  private JobState stateInPipeline(
      BeanstalkdConnection connection, String pipeline, long id, String action) {
    Reply stats = connection.expect("stats-job " + id, action, "OK", "NOT_FOUND");
    if (stats.is("NOT_FOUND") || !pipeline.equals(stats.dictionary().get("tube"))) {
      throw notFound(pipeline, id);
    }
    return state(stats.dictionary());
  }

  private <T> T withConnection(Function<BeanstalkdConnection, T> work) {
    BeanstalkdConnection connection = pool.borrow();
    try {
      return work.apply(connection);
    } catch (BackendUnavailableException e) {
      throw isClosed() ? closed(e) : e;
    } finally {
      pool.giveBack(connection);
    }
  }

  private long inserted(Reply reply, BeanstalkdConnection connection, String pipeline) {
    if (reply.is("INSERTED")) {
      return reply.number(0);
    }
    throw insertFailure(reply, connection, pipeline);
  }

  private RuntimeException insertFailure(
      Reply reply, BeanstalkdConnection connection, String pipeline) {
    if (reply.is("BURIED")) {
      return new JobQueueException(
          "beanstalkd at "
              + endpoint.describe()
              + " ran out of memory growing its queue:"
              + " job "
              + reply.number(0)
              + " was added to pipeline '"
              + pipeline
              + "' as BURIED; kick it when the server"
              + " has memory again");
    }
    return ServerErrors.toException(reply, connection, "add a job to pipeline '" + pipeline + "'");
  }

  /** Deletes jobs a failed batch added; returns how many it could delete. */
  private static int deleteAddedJobs(BeanstalkdConnection connection, List<Long> ids) {
    if (ids.isEmpty() || connection.isBroken()) {
      return 0;
    }
    int deleted = 0;
    for (Reply reply :
        connection.call(ids.stream().map(id -> Request.of("delete " + id)).toList())) {
      deleted += reply.is("DELETED") ? 1 : 0;
    }
    return deleted;
  }

  private JobQueueClosedException closed(RuntimeException cause) {
    return new JobQueueClosedException(
        "queue " + description() + " was closed during the call", cause);
  }

  private static JobNotReservedException notHeld(Job job, String action) {
    return new JobNotReservedException(
        "cannot "
            + action
            + " job "
            + job.id()
            + " in pipeline '"
            + job.pipeline()
            + "': the caller no longer holds"
            + " its reservation (its TTR ran out, it was already deleted, released or buried, or the connection that"
            + " reserved it was lost); nothing was changed");
  }

  private static Request put(byte[] payload, JobOptions options) {
    return Request.put(
        options.priority(), seconds(options.delay()), seconds(options.ttr()), payload);
  }

  /** Whole seconds, rounded up: beanstalkd counts delays, TTR and pauses in seconds. */
  private static long seconds(Duration duration) {
    return duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
  }

  private static Job toJob(long id, byte[] payload, Map<String, String> stats, long lease) {
    return Jobs.create(
        new Jobs.Fields(
            id,
            stats.get("tube"),
            payload,
            Long.parseLong(stats.get("pri")),
            state(stats),
            Duration.ofSeconds(Long.parseLong(stats.get("ttr"))),
            Instant.now().minusSeconds(Long.parseLong(stats.get("age"))),
            Integer.parseInt(stats.get("reserves")),
            Integer.parseInt(stats.get("releases")),
            Integer.parseInt(stats.get("timeouts")),
            Integer.parseInt(stats.get("buries")),
            Integer.parseInt(stats.get("kicks")),
            // attempts: beanstalkd keeps no count since the last kick, only the lifetime one
            Integer.parseInt(stats.get("reserves")),
            lease,
            null));
  }

  private static JobState state(Map<String, String> stats) {
    return JobState.valueOf(stats.get("state").toUpperCase(Locale.ROOT));
  }

  private static PipelineStats toStats(String pipeline, Reply reply) {
    if (reply.is("NOT_FOUND")) {
      return new PipelineStats(pipeline, 0, 0, 0, 0, 0, Duration.ZERO);
    }
    Map<String, String> stats = reply.dictionary();
    return new PipelineStats(
        pipeline,
        Long.parseLong(stats.get("current-jobs-urgent")),
        Long.parseLong(stats.get("current-jobs-ready")),
        Long.parseLong(stats.get("current-jobs-reserved")),
        Long.parseLong(stats.get("current-jobs-delayed")),
        Long.parseLong(stats.get("current-jobs-buried")),
        Duration.ofSeconds(Long.parseLong(stats.get("pause-time-left"))));
  }

  /** A command for a held job, run with the holding connection locked. */
  @FunctionalInterface
  private interface HolderCommand {
    void run(BeanstalkdConnection connection, Reservation reservation);
  }
}
