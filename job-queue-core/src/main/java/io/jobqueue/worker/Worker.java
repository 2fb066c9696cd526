package io.jobqueue.worker;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueClosedException;
import io.jobqueue.Pipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserves jobs from one or more pipelines and runs each with its pipeline's {@link JobHandler},
 * up to {@code concurrency} at a time, on virtual threads.
 *
 * <ul>
 *   <li>Handler returns: the job is deleted. Handler throws: the job is released with the {@link
 *       RetryPolicy}'s delay, and buried after its last attempt with the exception's class and
 *       message as the reason. A handler can decide itself through its {@link JobContext}.
 *   <li>A job still running at half its TTR is touched, and again every half TTR, so long jobs
 *       keep their reservation.
 *   <li>When the backend fails, the worker logs it once, retries with growing pauses (up to 5 s)
 *       and logs when the backend is back; it never stops on its own.
 *   <li>{@link #stop()} stops reserving, lets running handlers finish within the soft timeout,
 *       interrupts the rest, waits the hard timeout, then releases every job still held so that it
 *       is ready again at once. It never closes the queue, which belongs to the caller.
 * </ul>
 *
 * <pre>{@code
 * Worker worker = Worker.builder(queue)
 *     .handler("send_important_emails", ctx -> mailer.send(ctx.job().payloadAs(Email.class)))
 *     .concurrency(8)
 *     .build()
 *     .start();
 * // on shutdown:
 * worker.stop();
 * }</pre>
 *
 * <p>Logging (SLF4J, logger {@code io.jobqueue.worker.Worker}): lifecycle and a summary every
 * minute at INFO, backend trouble at WARN, one line per job event at DEBUG.
 */
public final class Worker implements AutoCloseable {

  /** Handlers running at once: 4. */
  public static final int DEFAULT_CONCURRENCY = 4;
  /** How long a stop waits for running handlers before interrupting them: 10 seconds. */
  public static final Duration DEFAULT_SOFT_STOP_TIMEOUT = Duration.ofSeconds(10);
  /** How long a stop waits for interrupted handlers before releasing their jobs: 5 seconds. */
  public static final Duration DEFAULT_HARD_STOP_TIMEOUT = Duration.ofSeconds(5);
  /** How long one reserve call waits for a job; bounds how late the loop notices a stop: 1 second. */
  public static final Duration DEFAULT_RESERVE_TIMEOUT = Duration.ofSeconds(1);
  /** How often the INFO summary is logged while jobs are processed: 1 minute. */
  public static final Duration DEFAULT_SUMMARY_INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private enum State { NEW, RUNNING, STOPPING, STOPPED }

  private final JobQueue queue;
  private final String name;
  private final Map<String, JobHandler> handlers;
  private final List<String> pipelines;
  private final int concurrency;
  private final RetryPolicy retryPolicy;
  private final Duration softStopTimeout;
  private final Duration hardStopTimeout;
  private final Duration reserveTimeout;
  private final Duration summaryInterval;

  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final Semaphore capacity;
  private final Set<RunningJob> running = ConcurrentHashMap.newKeySet();
  private final Counters counters = new Counters();
  private volatile boolean handlersInterrupted;
  private ExecutorService handlerThreads;
  private ScheduledThreadPoolExecutor timers;
  private Thread reserveLoop;
  private Instant startedAt;

  private Worker(Builder builder) {
    this.queue = builder.queue;
    this.handlers = Map.copyOf(builder.handlers);
    this.pipelines = List.copyOf(builder.handlers.keySet());
    this.name = builder.name != null ? builder.name : String.join(",", pipelines);
    this.concurrency = builder.concurrency;
    this.retryPolicy = builder.retryPolicy;
    this.softStopTimeout = builder.softStopTimeout;
    this.hardStopTimeout = builder.hardStopTimeout;
    this.reserveTimeout = builder.reserveTimeout;
    this.summaryInterval = builder.summaryInterval;
    this.capacity = new Semaphore(concurrency);
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
      throw new IllegalStateException("worker " + name + " was already started (state " + state.get()
          + "); build a new one to start again");
    }
    startedAt = Instant.now();
    handlerThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-job-", 1).factory());
    timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name(name + "-timer").daemon().factory());
    timers.setRemoveOnCancelPolicy(true);
    if (!summaryInterval.isZero()) {
      long every = summaryInterval.toMillis();
      timers.scheduleAtFixedRate(new Summary(), every, every, TimeUnit.MILLISECONDS);
    }
    reserveLoop = Thread.ofPlatform().name(name + "-reserve").start(this::reserveLoop);
    log.info("worker {}: started on pipelines {} with concurrency {}, {}", name, pipelines, concurrency, retryPolicy);
    return this;
  }

  /**
   * Stops gracefully and returns when done: stops reserving, waits up to the soft timeout for
   * running handlers, interrupts those still running, waits up to the hard timeout, then releases
   * every job still held (ready again at once) and logs a summary. Calling it again, or from
   * several threads, waits for the same stop. If the calling thread is interrupted, the waiting
   * is cut short: jobs still held are released at once and the interrupt flag stays set.
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
    log.info("worker {}: stopping; {} jobs running, waiting up to {} ms for them",
        name, running.size(), softStopTimeout.toMillis());
    stopRequested.countDown();
    try {
      reserveLoop.join(softStopTimeout.plus(reserveTimeout));
      handlerThreads.shutdown();
      if (!handlerThreads.awaitTermination(softStopTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        interruptHandlers();
        handlerThreads.awaitTermination(hardStopTimeout.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interruptHandlers();
    }
    releaseUnfinished();
    timers.shutdownNow();
    state.set(State.STOPPED);
    terminated.countDown();
    log.info("worker {}: stopped after {} s; {}", name, Duration.between(startedAt, Instant.now()).toSeconds(),
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

  /** The pipelines this worker reserves from. */
  public List<String> pipelines() {
    return pipelines;
  }

  /** What the worker did so far. */
  public WorkerStats stats() {
    return counters.snapshot(running.size());
  }

  @Override
  public String toString() {
    return "Worker[" + name + ", pipelines=" + pipelines + ", concurrency=" + concurrency + ", state=" + state.get()
        + "]";
  }

  Counters counters() {
    return counters;
  }

  boolean stopRequested() {
    return stopRequested.getCount() == 0;
  }

  boolean handlersInterrupted() {
    return handlersInterrupted;
  }

  /** Reserves as many jobs as there are free handler slots, hands them out, and repeats until stopped. */
  private void reserveLoop() {
    Outage outage = new Outage(log, name);
    while (!stopRequested()) {
      int slots = acquireSlots();
      if (slots == 0) {
        continue;
      }
      List<Job> jobs;
      try {
        jobs = queue.reserveBatch(pipelines, slots, reserveTimeout);
        outage.succeeded();
      } catch (JobQueueClosedException e) {
        capacity.release(slots);
        log.error("worker {}: the queue was closed while the worker was running; it reserves no more jobs", name);
        return;
      } catch (RuntimeException e) {
        capacity.release(slots);
        pause(outage.failed(e));
        continue;
      }
      capacity.release(slots - jobs.size());
      for (Job job : jobs) {
        dispatch(job);
      }
    }
  }

  /** Waits for at least one free slot, bounded so that a stop is noticed; takes all free ones. */
  private int acquireSlots() {
    try {
      if (!capacity.tryAcquire(reserveTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return 0;
      }
      return 1 + capacity.drainPermits();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopRequested.countDown();
      return 0;
    }
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
    RunningJob run = new RunningJob(job, queue, this);
    running.add(run);
    log.debug("worker {}: job {} in pipeline '{}' reserved, attempt {}",
        name, job.id(), job.pipeline(), job.attempts());
    if (stopRequested()) {
      finish(run, run::releaseAtStop);
      return;
    }
    try {
      long halfTtr = Math.max(job.ttr().toMillis() / 2, 1);
      run.autoTouchWith(timers.scheduleAtFixedRate(run::autoTouch, halfTtr, halfTtr, TimeUnit.MILLISECONDS));
      handlerThreads.execute(() -> handle(run));
    } catch (RejectedExecutionException e) {
      // the stop shut the executors down between the check above and here
      finish(run, run::releaseAtStop);
    }
  }

  private void handle(RunningJob run) {
    run.runsOn(Thread.currentThread());
    if (handlersInterrupted) {
      Thread.currentThread().interrupt(); // started after the stop's interrupts went out
    }
    Runnable outcome;
    try {
      handlers.get(run.job().pipeline()).handle(run);
      outcome = run::succeeded;
    } catch (Throwable e) {
      // Errors count as failed attempts too: a job that overflows the stack must not come back at
      // once and fail again forever; the retry policy spaces its attempts and ends them.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      outcome = () -> run.failed(e, retryPolicy);
    }
    finish(run, outcome);
  }

  private void finish(RunningJob run, Runnable outcome) {
    try {
      outcome.run();
    } finally {
      run.cancelAutoTouch();
      running.remove(run);
      capacity.release();
    }
  }

  private void interruptHandlers() {
    handlersInterrupted = true;
    log.warn("worker {}: {} jobs still running after the soft stop timeout of {} ms; interrupting them: {}",
        name, running.size(), softStopTimeout.toMillis(), jobIds());
    running.forEach(RunningJob::interruptHandler);
  }

  private void releaseUnfinished() {
    if (running.isEmpty()) {
      return;
    }
    List<String> ids = jobIds();
    long released = running.stream().filter(RunningJob::releaseAtStop).count();
    log.warn("worker {}: {} jobs did not finish within the stop timeouts ({} ms + {} ms): {}; released {} of them,"
        + " ready again at once", name, ids.size(), softStopTimeout.toMillis(), hardStopTimeout.toMillis(), ids,
        released);
  }

  private List<String> jobIds() {
    return running.stream().map(r -> r.job().pipeline() + "/" + r.job().id()).sorted().toList();
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
    return s.reserved() + " reserved, " + s.deleted() + " done, " + s.retried() + " retried, " + s.buried()
        + " buried, " + s.released() + " released, " + s.touches() + " touches, " + s.running() + " running";
  }

  /** Logs the INFO summary when something happened since the last one. */
  private final class Summary implements Runnable {
    private long lastReserved = -1;

    @Override
    public void run() {
      WorkerStats now = stats();
      if (now.reserved() != lastReserved) {
        lastReserved = now.reserved();
        log.info("worker {}: {}", name, summary(now));
      }
    }
  }

  /** Collects the settings of a {@link Worker}; {@link #build()} validates them. */
  public static final class Builder {
    private final JobQueue queue;
    private final Map<String, JobHandler> handlers = new LinkedHashMap<>();
    private String name;
    private int concurrency = DEFAULT_CONCURRENCY;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Duration softStopTimeout = DEFAULT_SOFT_STOP_TIMEOUT;
    private Duration hardStopTimeout = DEFAULT_HARD_STOP_TIMEOUT;
    private Duration reserveTimeout = DEFAULT_RESERVE_TIMEOUT;
    private Duration summaryInterval = DEFAULT_SUMMARY_INTERVAL;

    private Builder(JobQueue queue) {
      this.queue = Objects.requireNonNull(queue, "queue must not be null");
    }

    /** Essential: reserve from this pipeline and run {@code handler} for its jobs. Call once per pipeline. */
    public Builder handler(String pipeline, JobHandler handler) {
      Pipeline.checkName(pipeline);
      Objects.requireNonNull(handler, "handler for pipeline '" + pipeline + "' must not be null");
      if (handlers.putIfAbsent(pipeline, handler) != null) {
        throw new IllegalArgumentException("pipeline '" + pipeline + "' already has a handler; give one per pipeline");
      }
      return this;
    }

    /** Essential: handlers running at once, 1 or more; default {@value Worker#DEFAULT_CONCURRENCY}. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** Frequent: what happens to failed jobs; default {@link RetryPolicy#DEFAULT}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
      return this;
    }

    /** Frequent: how long a stop waits for running handlers before interrupting them; default 10 s. */
    public Builder softStopTimeout(Duration timeout) {
      this.softStopTimeout = timeout;
      return this;
    }

    /** Frequent: how long a stop waits for interrupted handlers before releasing their jobs; default 5 s. */
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

    /** Rare: how often the INFO summary is logged, {@link Duration#ZERO} for never; default 1 minute. */
    public Builder summaryInterval(Duration interval) {
      this.summaryInterval = interval;
      return this;
    }

    /** The worker, not started yet; throws {@link IllegalArgumentException} naming an invalid setting. */
    public Worker build() {
      if (handlers.isEmpty()) {
        throw new IllegalArgumentException("a worker needs at least one pipeline: call handler(pipeline, handler)");
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
      }
      checkNotNegative("softStopTimeout", softStopTimeout);
      checkNotNegative("hardStopTimeout", hardStopTimeout);
      checkNotNegative("summaryInterval", summaryInterval);
      checkNotNegative("reserveTimeout", reserveTimeout);
      if (reserveTimeout.isZero()) {
        throw new IllegalArgumentException("reserveTimeout must be more than zero, or the worker would spin; was "
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
