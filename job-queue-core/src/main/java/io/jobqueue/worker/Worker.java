package io.jobqueue.worker;

import io.jobqueue.AttemptRecord;
import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueClosedException;
import io.jobqueue.PipelineStats;
import io.jobqueue.spi.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reserves jobs from one or more pipelines and runs each with its pipeline's {@link JobHandler}, up
 * to {@code concurrency} at a time, on virtual threads.
 *
 * <ul>
 *   <li>Round trips are the cost, so the worker reserves many jobs per call: one for each free
 *       handler, plus jobs reserved ahead (prefetched) so that handlers never wait for the next
 *       reserve. It keeps twice as many ahead as its handlers finish during one reserve round trip,
 *       {@code floor(2 * concurrency * reserveTime / handlerTime)} with both times moving averages
 *       measured as it runs, and at most {@code prefetch}: short jobs come in large batches, while
 *       none are reserved ahead when the handlers together finish less than half a job per round
 *       trip. Prefetched jobs are reserved like running ones (touched at half their TTR) and
 *       released at once by a stop.
 *   <li>Finished jobs are deleted in groups: a delete starts as soon as a job finished and none is
 *       under way, and the jobs finished meanwhile go in the next one. A lone job is never held
 *       back. At most {@code maxPendingDeletes} finished jobs wait for their delete; a handler that
 *       finishes while that many wait, waits too, and runs no other job meanwhile. So when the
 *       process dies without a stop (kill -9), at most {@link #maxJobsRunAgainAfterCrash()} of its
 *       jobs ({@code concurrency + maxPendingDeletes}) run a second time.
 *   <li>Handler returns: the job is deleted. Handler throws: the job is released with the {@link
 *       RetryPolicy}'s delay, and buried after its last attempt with the exception's class and
 *       message as the reason. A handler can decide itself through its {@link JobContext}.
 *   <li>A job still running at half its TTR is touched, and again every half TTR, so long jobs keep
 *       their reservation.
 *   <li>When the backend fails, the worker logs it once, retries with growing pauses (from 100 ms
 *       up to 5 s) and logs when the backend is back; it never stops on its own.
 *   <li>{@link #stop()} stops reserving, lets running handlers finish within the soft timeout,
 *       interrupts the rest, waits the hard timeout, deletes the finished jobs still waiting for
 *       their delete, then releases every unfinished job still held so that it is ready again at
 *       once. It returns within {@link #stopDeadline()} even when the backend does not answer. It
 *       never closes the queue, which belongs to the caller.
 *   <li>It shows in {@link JobQueue#workers()} from its start (which waits up to 2 s for the first
 *       heartbeat) to its stop, heartbeating every {@link Builder#heartbeatInterval} on a thread of
 *       its own; a clean stop unregisters it.
 *   <li>For pipelines that {@linkplain io.jobqueue.Pipeline#keepHistory keep history} (read at each
 *       heartbeat, so a job costs no round trip for it), it records every attempt (its id, start,
 *       end, outcome, error) with {@link JobQueue#recordAttempts} in batches every 200 ms, after
 *       the job's delete, release or bury: best-effort, so a kill loses the attempts not written
 *       yet, and a failing write is logged and dropped, never retried.
 * </ul>
 *
 * <pre>{@code
 * Worker worker = Worker.builder(queue)
 *     .handler("send_important_emails", ctx -> mailer.send(ctx.job().payloadJson(Email.class)))
 *     .concurrency(8)
 *     .build()
 *     .start();
 * // on shutdown:
 * worker.stop();
 * }</pre>
 *
 * <p>A started worker keeps the JVM alive until its stop has finished, so a {@code main} may return
 * after {@link #start()}.
 *
 * <p>Logging (SLF4J, logger {@code io.jobqueue.worker.Worker}): lifecycle and a summary every
 * minute at INFO (rates since the last one, the pipelines' depth, counts since the start); a retry
 * at INFO in one line (job id, pipeline, attempt, the error, the delay); a bury as one WARN line,
 * its stack trace at DEBUG; backend trouble at WARN; other job events at DEBUG. While a handler
 * runs, the MDC holds {@value #MDC_JOB_ID} and {@value #MDC_PIPELINE}, so a JSON log carries them
 * as fields. A {@link WorkerListener} hears every job's reservation, run time and outcome.
 */
public final class Worker implements AutoCloseable {

  /** Handlers running at once: 4. */
  public static final int DEFAULT_CONCURRENCY = 4;

  /** How long a stop waits for running handlers before interrupting them: 10 seconds. */
  public static final Duration DEFAULT_SOFT_STOP_TIMEOUT = Duration.ofSeconds(10);

  /** How long a stop waits for interrupted handlers before releasing their jobs: 5 seconds. */
  public static final Duration DEFAULT_HARD_STOP_TIMEOUT = Duration.ofSeconds(5);

  /**
   * What a stop may take beyond the soft and hard timeouts, to release the jobs still held and
   * flush the grouped deletes: 3 seconds. See {@link #stopDeadline()}.
   */
  public static final Duration STOP_MARGIN = Duration.ofSeconds(3);

  /**
   * How long one reserve call waits for a job; bounds how late the loop notices a stop: 1 second.
   */
  public static final Duration DEFAULT_RESERVE_TIMEOUT = Duration.ofSeconds(1);

  /**
   * The most jobs reserved ahead of free handlers: 256. It bounds the memory they hold (16 MiB of
   * 64 KiB payloads). In a no-op drain (job-queue-benchmark, 4 handlers) 64 → 256 gained 15-90%,
   * 256 → 1024 nothing on PostgreSQL, 7% on SQLite and 60% on MariaDB, already 7x its baseline.
   */
  public static final int DEFAULT_PREFETCH = 256;

  /**
   * The most finished jobs waiting for their grouped delete: 64. After a crash (kill -9) these and
   * the running ones are delivered again, so a killed worker runs at most {@code concurrency +
   * maxPendingDeletes} of its jobs a second time; see {@link #maxJobsRunAgainAfterCrash()}.
   *
   * <p>The smallest that kept the throughput of the old limit (concurrency + prefetch = 260) in the
   * benchmark's no-op drain ({@code scripts/bench --backends postgres,sqlite --scenarios
   * drain-worker --jobs 50000 --runs 5}, 4 handlers, variants interleaved on a busy 2-core machine;
   * medians of 5 runs, jobs/s): PostgreSQL 260: 6,200–8,200, 64: 6,200–12,400, 32: 5,200–7,300;
   * SQLite 260: 23,500–29,400, 64: 26,500–40,300, 32: 21,300–29,100, 16: 15,700–21,300. 32 was
   * below 64 in every pairing on both databases.
   */
  public static final int DEFAULT_MAX_PENDING_DELETES = 64;

  /** How often the INFO summary is logged while jobs are processed: 1 minute. */
  public static final Duration DEFAULT_SUMMARY_INTERVAL = Duration.ofMinutes(1);

  /** How often a worker heartbeats ({@link Builder#heartbeatInterval}), unless set. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

  private static final Duration MIN_HEARTBEAT_INTERVAL = Duration.ofMillis(10);

  /**
   * How often running jobs are checked for a due automatic touch. A touch is due every half TTR and
   * the shortest TTR is 1 s, so a touch comes at most this much later and still well in time.
   */
  static final Duration TOUCH_SCAN_INTERVAL = Duration.ofMillis(100);

  /** The MDC key of the id of the job a log line is about, set while its handler runs. */
  public static final String MDC_JOB_ID = "jobId";

  /** The MDC key of the pipeline of the job a log line is about, set while its handler runs. */
  public static final String MDC_PIPELINE = "pipeline";

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private enum State {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final JobQueue queue;
  private final String name;
  private final Map<String, JobHandler> handlers;
  private final List<String> pipelines;
  private final int concurrency;
  private final int prefetch;
  private final int maxPendingDeletes;
  private final RetryPolicy retryPolicy;
  private final Duration softStopTimeout;
  private final Duration hardStopTimeout;
  private final Duration reserveTimeout;
  private final Duration summaryInterval;
  private final WorkerListener listener;

  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);

  /** Jobs reserved and not yet handed to a handler, oldest first. */
  private final Queue<RunningJob> waiting = new ConcurrentLinkedQueue<>();

  /** Jobs reserved and without an outcome yet: waiting or running. */
  private final Set<RunningJob> running = ConcurrentHashMap.newKeySet();

  /** Handler threads taking jobs from {@code waiting}; at most {@code concurrency}. */
  private final AtomicInteger handlersBusy = new AtomicInteger();

  private final Pace pace = new Pace();
  private volatile boolean reserveLoopParked;
  private final Counters counters = new Counters();
  private volatile boolean handlersInterrupted;
  private ExecutorService handlerThreads;
  private ScheduledThreadPoolExecutor timers;
  private Deleter deleter;
  private Thread reserveLoop;
  private Instant startedAt;
  private final Presence presence;

  private Worker(Builder builder) {
    this.queue = builder.queue;
    this.handlers = Map.copyOf(builder.handlers);
    this.pipelines = List.copyOf(builder.handlers.keySet());
    this.name = builder.name != null ? builder.name : String.join(",", pipelines);
    this.concurrency = builder.concurrency;
    this.prefetch = builder.prefetch;
    this.maxPendingDeletes = builder.maxPendingDeletes;
    this.retryPolicy = builder.retryPolicy;
    this.softStopTimeout = builder.softStopTimeout;
    this.hardStopTimeout = builder.hardStopTimeout;
    this.reserveTimeout = builder.reserveTimeout;
    this.summaryInterval = builder.summaryInterval;
    this.listener = builder.listener;
    this.presence =
        new Presence(
            queue,
            name,
            pipelines,
            concurrency,
            builder.heartbeatInterval,
            () -> Math.max(0, running.size() - waiting.size()));
  }

  /** Starts configuring a worker on this queue. */
  public static Builder builder(JobQueue queue) {
    return new Builder(queue);
  }

  /**
   * Starts reserving and running jobs; returns at once.
   *
   * @throws IllegalStateException when the worker was started before
   */
  public Worker start() {
    if (!state.compareAndSet(State.NEW, State.RUNNING)) {
      throw new IllegalStateException(
          "worker "
              + name
              + " was already started (state "
              + state.get()
              + "); build a new one to start again");
    }
    startedAt = Instant.now();
    handlerThreads =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-job-", 1).factory());
    timers =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name(name + "-timer").daemon().factory());
    long scan = TOUCH_SCAN_INTERVAL.toMillis();
    timers.scheduleWithFixedDelay(this::touchDueJobs, scan, scan, TimeUnit.MILLISECONDS);
    if (!summaryInterval.isZero()) {
      long every = summaryInterval.toMillis();
      timers.scheduleAtFixedRate(new Summary(), every, every, TimeUnit.MILLISECONDS);
    }
    presence.start();
    deleter = new Deleter(queue, this, maxPendingDeletes);
    deleter.start();
    // a daemon: a reserve the backend never answers must not keep the process alive after a stop
    reserveLoop = Thread.ofPlatform().name(name + "-reserve").daemon().start(this::reserveLoop);
    // the one thread that keeps the process alive, from start until the stop has finished
    Thread.ofPlatform().name(name + "-running").start(this::awaitUninterruptibly);
    log.info(
        "worker {}: started on pipelines {} with concurrency {}, prefetch up to {}, {}",
        name,
        pipelines,
        concurrency,
        prefetch,
        retryPolicy);
    return this;
  }

  /**
   * Stops gracefully and returns when done, within {@link #stopDeadline()} whatever the backend
   * does: stops reserving, releases the jobs reserved ahead (ready again at once), waits up to the
   * soft timeout for running handlers, interrupts those still running, waits up to the hard
   * timeout, deletes the finished jobs waiting for their delete, then releases every unfinished job
   * still held (ready again at once) and logs a summary. The deletes and releases get what is left
   * of the deadline; those the backend has not answered by then are logged at WARN with their job
   * ids and left to the backend (the jobs are ready again when their TTR ends).
   *
   * <p>Calling it again, or from several threads, waits for the same stop. If the calling thread is
   * interrupted, the waits for the handlers are cut short: jobs still held are deleted or released
   * at once, within the same deadline, and the interrupt flag stays set.
   */
  public void stop() {
    if (state.compareAndSet(State.NEW, State.STOPPED)) {
      terminated.countDown();
      return;
    }
    if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
      awaitUninterruptibly();
      return;
    }
    long softEnd = System.nanoTime() + softStopTimeout.toNanos();
    long hardEnd = softEnd + hardStopTimeout.toNanos();
    long deadline = hardEnd + STOP_MARGIN.toNanos();
    log.info(
        "worker {}: stopping; {} jobs running, waiting up to {} ms for them",
        name,
        running.size() - waiting.size(),
        softStopTimeout.toMillis());
    stopRequested.countDown();
    LockSupport.unpark(reserveLoop);
    // every backend call of the stop runs beside it, so that a backend that does not answer cannot
    // hold it up
    Thread releasingAhead =
        Thread.ofVirtual().name(name + "-release-ahead").start(this::releaseWaiting);
    boolean interrupted = false;
    try {
      reserveLoop.join(Duration.ofNanos(Math.max(0, softEnd - System.nanoTime())));
      handlerThreads.shutdown();
      if (!handlerThreads.awaitTermination(softEnd - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        interruptHandlers(hardEnd);
        handlerThreads.awaitTermination(hardEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
      handlerThreads.shutdown();
      interruptHandlers(System.nanoTime());
    }
    List<RunningJob> undeleted = deleter.stop(deadline);
    if (!undeleted.isEmpty()) {
      log.warn(
          "worker {}: the stop deadline of {} ms passed before the backend confirmed the delete of {} finished"
              + " jobs: {}; unless the delete reached it, they run again when their TTR ends",
          name,
          stopDeadline().toMillis(),
          undeleted.size(),
          jobIds(undeleted));
    }
    joinUntil(releasingAhead, deadline);
    releaseUnfinished(deadline);
    timers.shutdownNow();
    joinUntil(Thread.ofVirtual().name(name + "-unregister").start(presence::stop), deadline);
    state.set(State.STOPPED);
    terminated.countDown();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    log.info(
        "worker {}: stopped after {} s; {}",
        name,
        Duration.between(startedAt, Instant.now()).toSeconds(),
        summary(stats()));
  }

  /** {@link #stop()}; closing twice does nothing. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Waits until a stop has finished, or the timeout passes; returns whether it finished. When the
   * calling thread is interrupted it returns false with the interrupt flag set.
   */
  public boolean awaitTermination(Duration timeout) {
    try {
      return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the worker was started and is not stopped yet. */
  public boolean isRunning() {
    return state.get() == State.RUNNING;
  }

  /** This worker's name, used in logs and thread names. */
  public String name() {
    return name;
  }

  /**
   * This worker's id in {@link JobQueue#workers()}: {@code host:pid:random}, unique per start of a
   * worker.
   */
  public String id() {
    return presence.id();
  }

  /** The pipelines this worker reserves from. */
  public List<String> pipelines() {
    return pipelines;
  }

  /**
   * The most of this worker's jobs that can run a second time when its process dies without a stop
   * (kill -9, power loss): the handlers running at that moment ({@code concurrency}) plus the
   * finished jobs still waiting for their delete ({@code maxPendingDeletes}). A handler whose job
   * finished while that many wait keeps its place among the {@code concurrency} until its job is
   * queued for the delete, so no finished job is outside these two. Jobs reserved ahead but not
   * started come back (at once, or after their TTR) without having run. {@code WorkerCrashTest} in
   * job-queue-testkit checks this bound on every backend.
   */
  public int maxJobsRunAgainAfterCrash() {
    return concurrency + maxPendingDeletes;
  }

  /**
   * The longest a {@link #stop()} takes, whatever the backend does: the soft stop timeout, plus the
   * hard stop timeout, plus {@link #STOP_MARGIN} for the deletes and releases. A process supervisor
   * must wait at least this long before it kills the worker (supervisord's {@code stopwaitsecs}).
   */
  public Duration stopDeadline() {
    return softStopTimeout.plus(hardStopTimeout).plus(STOP_MARGIN);
  }

  /** What the worker did so far. */
  public WorkerStats stats() {
    return counters.snapshot(Math.max(0, running.size() - waiting.size()));
  }

  @Override
  public String toString() {
    return "Worker["
        + name
        + ", pipelines="
        + pipelines
        + ", concurrency="
        + concurrency
        + ", prefetch="
        + prefetch
        + ", state="
        + state.get()
        + "]";
  }

  Counters counters() {
    return counters;
  }

  /**
   * Counts the outcome of a job, tells the listener, and records the attempt when the job's
   * pipeline keeps history (a set look-up; the write is batched on the presence's thread).
   */
  void finished(RunningJob run, WorkerListener.Outcome outcome) {
    Job job = run.job();
    if (presence.keepsHistory(job.pipeline())) {
      run.attempt(presence.id(), outcome)
          .ifPresent(attempt -> presence.record(AttemptRecord.of(job, attempt)));
    }
    switch (outcome) {
      case DELETED -> counters.deleted.increment();
      case RETRIED -> counters.retried.increment();
      case RELEASED -> counters.released.increment();
      case BURIED -> counters.buried.increment();
      case LOST -> {}
    }
    tell(() -> listener.finished(job, outcome));
  }

  private void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("worker {}: its listener failed: {}", name, e.toString());
    }
  }

  boolean stopRequested() {
    return stopRequested.getCount() == 0;
  }

  boolean handlersInterrupted() {
    return handlersInterrupted;
  }

  /**
   * Reserves as many jobs as there is room for, hands them out, and repeats until stopped; one
   * reserve is under way at a time, beside the handlers and the deletes.
   */
  private void reserveLoop() {
    Outage outage = new Outage(log, name);
    while (!stopRequested()) {
      int room = room();
      if (room <= 0) {
        awaitRoom();
        continue;
      }
      List<Job> jobs;
      long started = System.nanoTime();
      try {
        jobs = queue.reserveBatch(pipelines, room, reserveTimeout);
        outage.succeeded();
      } catch (JobQueueClosedException e) {
        log.error(
            "worker {}: the queue was closed while the worker was running; it reserves no more jobs",
            name);
        return;
      } catch (RuntimeException e) {
        pause(outage.failed(e));
        continue;
      }
      if (jobs.size() == room) {
        pace.reserveTook(
            System.nanoTime() - started); // a full batch did not wait for jobs to arrive
      }
      for (Job job : jobs) {
        dispatch(job);
      }
      startHandlers();
    }
    // a reserve that returned after the stop gave up waiting for this loop finds no handlers left
    releaseWaiting();
  }

  /**
   * Jobs to reserve now: one per free handler plus those to keep ahead, less those already held.
   */
  private int room() {
    return concurrency + pace.prefetch(concurrency, prefetch) - running.size();
  }

  /** Parks the reserve loop until a job finishes (or a stop), bounded so that nothing is missed. */
  private void awaitRoom() {
    reserveLoopParked = true;
    if (room() <= 0 && !stopRequested()) {
      LockSupport.parkNanos(this, reserveTimeout.toNanos());
    }
    reserveLoopParked = false;
  }

  private void pause(Duration backoff) {
    try {
      stopRequested.await(backoff.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopRequested.countDown();
    }
  }

  private void dispatch(Job job) {
    counters.reserved.increment();
    tell(() -> listener.reserved(job));
    RunningJob run = new RunningJob(job, queue, this);
    running.add(run);
    waiting.add(run);
    if (log.isDebugEnabled()) {
      log.debug(
          "worker {}: job {} in pipeline '{}' reserved, attempt {}",
          name,
          job.id(),
          job.pipeline(),
          job.attempts());
    }
  }

  /** Starts handler threads for the waiting jobs, up to the concurrency. */
  private void startHandlers() {
    while (!waiting.isEmpty() && claimHandler()) {
      try {
        handlerThreads.execute(this::handleWaiting);
      } catch (RejectedExecutionException e) {
        // the stop shut the executor down; it releases the waiting jobs itself
        handlersBusy.decrementAndGet();
        return;
      }
    }
  }

  private boolean claimHandler() {
    int busy;
    do {
      busy = handlersBusy.get();
      if (busy >= concurrency) {
        return false;
      }
    } while (!handlersBusy.compareAndSet(busy, busy + 1));
    return true;
  }

  /**
   * A handler thread: runs waiting jobs one after the other while there are any, so a batch of
   * short jobs costs no thread per job.
   */
  private void handleWaiting() {
    do {
      RunningJob run;
      while ((run = waiting.poll()) != null) {
        if (stopRequested()) {
          finish(run, run::releaseAtStop);
        } else {
          handle(run);
        }
      }
      handlersBusy.decrementAndGet();
      // a job may have been added after the poll above and before the decrement
    } while (!waiting.isEmpty() && claimHandler());
  }

  private void handle(RunningJob run) {
    // the job's id and pipeline in every log line about it, as fields of a JSON log
    MDC.put(MDC_JOB_ID, String.valueOf(run.job().id()));
    MDC.put(MDC_PIPELINE, run.job().pipeline());
    try {
      handleWithContext(run);
    } finally {
      MDC.remove(MDC_JOB_ID);
      MDC.remove(MDC_PIPELINE);
    }
  }

  private void handleWithContext(RunningJob run) {
    run.runsOn(Thread.currentThread());
    if (handlersInterrupted) {
      Thread.currentThread().interrupt(); // started after the stop's interrupts went out
    } else {
      Thread.interrupted(); // a previous job's handler may have left the flag set
    }
    Runnable outcome;
    long started = System.nanoTime();
    try {
      handlers.get(run.job().pipeline()).handle(run);
      outcome =
          () -> {
            if (run.succeeded()) {
              deleter.add(run);
            }
          };
    } catch (Throwable e) {
      // Errors count as failed attempts too: a job that overflows the stack must not come back at
      // once and fail again forever; the retry policy spaces its attempts and ends them.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      outcome = () -> run.failed(e, retryPolicy);
    }
    long took = System.nanoTime() - started;
    run.handlerEnded();
    pace.handlerTook(took);
    tell(() -> listener.handled(run.job(), Duration.ofNanos(took)));
    finish(run, outcome);
  }

  private void finish(RunningJob run, Runnable outcome) {
    try {
      outcome.run();
    } finally {
      running.remove(run);
      if (reserveLoopParked) {
        LockSupport.unpark(reserveLoop);
      }
    }
  }

  /** Gives back the jobs reserved ahead that no handler started; they are ready again at once. */
  private void releaseWaiting() {
    RunningJob run;
    while ((run = waiting.poll()) != null) {
      finish(run, run::releaseAtStop);
    }
  }

  /**
   * One scan over the running jobs instead of a timer per job: scheduling and cancelling a timer
   * for every job cost more than the jobs themselves when they are short.
   */
  private void touchDueJobs() {
    long now = System.nanoTime();
    for (RunningJob run : running) {
      run.touchIfDue(now);
    }
  }

  private void interruptHandlers(long deadlineNanos) {
    handlersInterrupted = true;
    log.warn(
        "worker {}: {} jobs still running after the soft stop timeout of {} ms; interrupting them: {}",
        name,
        running.size(),
        softStopTimeout.toMillis(),
        jobIds(running));
    running.forEach(run -> run.interruptHandler(deadlineNanos));
  }

  /**
   * Releases the jobs still without an outcome, on a thread of its own, waiting for it until the
   * deadline at most; what it has not reached by then is logged and left to the TTR.
   */
  private void releaseUnfinished(long deadlineNanos) {
    if (running.isEmpty()) {
      return;
    }
    List<RunningJob> unfinished = List.copyOf(running);
    Set<RunningJob> notReleased = ConcurrentHashMap.newKeySet();
    notReleased.addAll(unfinished);
    AtomicInteger released = new AtomicInteger();
    Thread releasing =
        Thread.ofVirtual()
            .name(name + "-release")
            .start(() -> {
              for (RunningJob run : unfinished) {
                if (run.releaseAtStop()) {
                  released.incrementAndGet();
                }
                notReleased.remove(run);
              }
            });
    boolean done = joinUntil(releasing, deadlineNanos);
    log.warn(
        "worker {}: {} jobs did not finish within the stop timeouts ({} ms + {} ms): {}; released {} of them,"
            + " ready again at once",
        name,
        unfinished.size(),
        softStopTimeout.toMillis(),
        hardStopTimeout.toMillis(),
        jobIds(unfinished),
        released.get());
    if (!done) {
      log.warn(
          "worker {}: the stop deadline of {} ms passed before the backend answered the release of {} jobs: {};"
              + " they are ready again when their TTR ends",
          name,
          stopDeadline().toMillis(),
          notReleased.size(),
          jobIds(notReleased));
    }
  }

  private static List<String> jobIds(Collection<RunningJob> runs) {
    return runs.stream().map(r -> r.job().pipeline() + "/" + r.job().id()).sorted().toList();
  }

  /**
   * Waits for {@code thread} to end until {@code deadlineNanos} ({@link System#nanoTime()}) at
   * most; returns whether it ended. An interrupt does not cut the wait short: the caller must not
   * leave before the work it waits for is done or the deadline passed. The interrupt flag is
   * restored.
   */
  static boolean joinUntil(Thread thread, long deadlineNanos) {
    boolean interrupted = false;
    try {
      while (true) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return !thread.isAlive();
        }
        try {
          return thread.join(Duration.ofNanos(left));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        terminated.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static String summary(WorkerStats s) {
    return s.reserved()
        + " reserved, "
        + s.deleted()
        + " done, "
        + s.retried()
        + " retried, "
        + s.buried()
        + " buried, "
        + s.released()
        + " released, "
        + s.touches()
        + " touches, "
        + s.running()
        + " running";
  }

  /**
   * Logs the INFO summary when something happened since the last one: the rates since then, the
   * depth of the worker's pipelines now, and the counts since the start.
   */
  private final class Summary implements Runnable {
    private WorkerStats last = new WorkerStats(0, 0, 0, 0, 0, 0, 0);
    private long lastAt = System.nanoTime();

    @Override
    public void run() {
      WorkerStats now = stats();
      long at = System.nanoTime();
      if (now.reserved() == last.reserved() && now.finished() == last.finished()) {
        return;
      }
      double seconds = Math.max(1e-3, (at - lastAt) / 1e9);
      log.info(
          "worker {}: last {} s: {} done/s, {} retried/s, {} buried, {} released; {}; since start: {}",
          name,
          Math.round(seconds),
          rate(now.deleted() - last.deleted(), seconds),
          rate(now.retried() - last.retried(), seconds),
          now.buried() - last.buried(),
          now.released() - last.released(),
          depth(),
          summary(now));
      last = now;
      lastAt = at;
    }

    private static String rate(long count, double seconds) {
      return String.format(Locale.ROOT, "%.1f", count / seconds);
    }

    /** How much work waits in this worker's pipelines, by the backend's counts. */
    private String depth() {
      long ready = 0;
      long delayed = 0;
      long buried = 0;
      try {
        for (String pipeline : pipelines) {
          PipelineStats stats = queue.selectPipeline(pipeline).stats();
          ready += stats.ready();
          delayed += stats.delayed();
          buried += stats.buried();
        }
      } catch (RuntimeException e) {
        return "queue depth unknown (" + e.getMessage() + ")";
      }
      return "queue: " + ready + " ready, " + delayed + " delayed, " + buried + " buried";
    }
  }

  /** Collects the settings of a {@link Worker}; {@link #build()} validates them. */
  public static final class Builder {
    private final JobQueue queue;
    private final Map<String, JobHandler> handlers = new LinkedHashMap<>();
    private String name;
    private int concurrency = DEFAULT_CONCURRENCY;
    private int prefetch = DEFAULT_PREFETCH;
    private int maxPendingDeletes = DEFAULT_MAX_PENDING_DELETES;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Duration softStopTimeout = DEFAULT_SOFT_STOP_TIMEOUT;
    private Duration hardStopTimeout = DEFAULT_HARD_STOP_TIMEOUT;
    private Duration reserveTimeout = DEFAULT_RESERVE_TIMEOUT;
    private Duration summaryInterval = DEFAULT_SUMMARY_INTERVAL;
    private WorkerListener listener = new WorkerListener() {};
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;

    private Builder(JobQueue queue) {
      this.queue = Objects.requireNonNull(queue, "queue must not be null");
    }

    /**
     * Essential: reserve from this pipeline and run {@code handler} for its jobs. Call once per
     * pipeline.
     */
    public Builder handler(String pipeline, JobHandler handler) {
      Checks.pipelineName(pipeline);
      Objects.requireNonNull(handler, "handler for pipeline '" + pipeline + "' must not be null");
      if (handlers.putIfAbsent(pipeline, handler) != null) {
        throw new IllegalArgumentException(
            "pipeline '" + pipeline + "' already has a handler; give one per pipeline");
      }
      return this;
    }

    /**
     * Essential: handlers running at once, 1 or more; default {@value Worker#DEFAULT_CONCURRENCY}.
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Rare: the most jobs reserved ahead of free handlers, 0 or more (0: only as many as there are
     * free handlers); default {@value Worker#DEFAULT_PREFETCH}. The worker reserves ahead twice
     * what its handlers finish during one reserve round trip (see {@link Worker}), so this cap
     * matters only for very short jobs.
     */
    public Builder prefetch(int prefetch) {
      this.prefetch = prefetch;
      return this;
    }

    /**
     * Rare: the most finished jobs waiting for their grouped delete, 1 or more; default {@value
     * Worker#DEFAULT_MAX_PENDING_DELETES}. A handler that finishes while this many wait, waits. It
     * bounds how many jobs run again after a crash ({@link Worker#maxJobsRunAgainAfterCrash()}),
     * and larger groups make short jobs cheaper.
     */
    public Builder maxPendingDeletes(int maxPendingDeletes) {
      this.maxPendingDeletes = maxPendingDeletes;
      return this;
    }

    /** Frequent: what happens to failed jobs; default {@link RetryPolicy#DEFAULT}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
      return this;
    }

    /**
     * Frequent: how long a stop waits for running handlers before interrupting them; default 10 s.
     */
    public Builder softStopTimeout(Duration timeout) {
      this.softStopTimeout = timeout;
      return this;
    }

    /**
     * Frequent: how long a stop waits for interrupted handlers before releasing their jobs; default
     * 5 s.
     */
    public Builder hardStopTimeout(Duration timeout) {
      this.hardStopTimeout = timeout;
      return this;
    }

    /** Rare: the name in logs and thread names; default the pipeline names joined by commas. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name must not be null");
      return this;
    }

    /** Rare: how long one reserve call waits for a job, more than zero; default 1 s. */
    public Builder reserveTimeout(Duration timeout) {
      this.reserveTimeout = timeout;
      return this;
    }

    /**
     * Rare: how often the INFO summary is logged, {@link Duration#ZERO} for never; default 1
     * minute.
     */
    public Builder summaryInterval(Duration interval) {
      this.summaryInterval = interval;
      return this;
    }

    /**
     * Rare: hears every job's reservation, run time and outcome, e.g. for metrics; default none.
     */
    public Builder listener(WorkerListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    /**
     * Rare: how often the worker renews its registration in {@link JobQueue#workers()} and reads
     * which of its pipelines keep history, at least 10 ms; default 5 s. It shows as gone after
     * {@link io.jobqueue.WorkerInfo#GONE_AFTER_INTERVALS} intervals without one.
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    /**
     * The worker, not started yet; throws {@link IllegalArgumentException} naming an invalid
     * setting.
     */
    public Worker build() {
      if (handlers.isEmpty()) {
        throw new IllegalArgumentException(
            "a worker needs at least one pipeline: call handler(pipeline, handler)");
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
      }
      if (prefetch < 0) {
        throw new IllegalArgumentException("prefetch must be 0 or more, was " + prefetch);
      }
      if (maxPendingDeletes < 1) {
        throw new IllegalArgumentException(
            "maxPendingDeletes must be at least 1, was " + maxPendingDeletes);
      }
      checkNotNegative("softStopTimeout", softStopTimeout);
      checkNotNegative("hardStopTimeout", hardStopTimeout);
      checkNotNegative("summaryInterval", summaryInterval);
      checkNotNegative("reserveTimeout", reserveTimeout);
      checkNotNegative("heartbeatInterval", heartbeatInterval);
      if (heartbeatInterval.compareTo(MIN_HEARTBEAT_INTERVAL) < 0) {
        throw new IllegalArgumentException(
            "heartbeatInterval must be at least 10 ms, was " + heartbeatInterval);
      }
      if (reserveTimeout.isZero()) {
        throw new IllegalArgumentException(
            "reserveTimeout must be more than zero, or the worker would spin; was "
                + reserveTimeout);
      }
      return new Worker(this);
    }

    private static void checkNotNegative(String setting, Duration value) {
      Objects.requireNonNull(value, setting + " must not be null");
      if (value.isNegative()) {
        throw new IllegalArgumentException(setting + " must be zero or positive, was " + value);
      }
    }
  }
}
