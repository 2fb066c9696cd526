package io.jobqueue.testkit;

import io.jobqueue.AddResult;
import io.jobqueue.AttemptRecord;
import io.jobqueue.BackendUnavailableException;
import io.jobqueue.HistoryRetention;
import io.jobqueue.Job;
import io.jobqueue.JobAttempt;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobRecord;
import io.jobqueue.JobState;
import io.jobqueue.NewJob;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.UniqueKey;
import io.jobqueue.WorkerInfo;
import io.jobqueue.schedule.spi.UnstartedJobs;
import io.jobqueue.spi.AbstractJobQueue;
import io.jobqueue.spi.JobQueueProvider;
import io.jobqueue.spi.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The contract in memory, for the testkit's own tests only: it shows the suite is consistent (every
 * test can pass) before a real backend runs it. Queues opened with the same {@code memory:} URL
 * share one store, as two workers share one database. Not a backend to ship.
 */
final class InMemoryJobQueue extends AbstractJobQueue implements UnstartedJobs {

  private static final Map<String, Store> STORES = new ConcurrentHashMap<>();
  private static final long POLL_MILLIS = 10;

  /** How long a call waits during an outage before it fails, as a pool waits for a connection. */
  private static final Duration OUTAGE_WAIT = Duration.ofSeconds(2);

  private final Store store;
  private volatile CountDownLatch outageOver;

  private InMemoryJobQueue(JobQueueConfig config) {
    super(config.url(), config.maxPayloadBytes());
    this.store = STORES.computeIfAbsent(config.url(), url -> new Store());
  }

  /**
   * Cuts this queue off, for {@link InMemoryOutage}: until {@code over} opens, the calls a worker
   * makes wait for it up to {@link #OUTAGE_WAIT} and then fail; {@code null} lets them through.
   */
  void cutOff(CountDownLatch over) {
    this.outageOver = over;
  }

  /** Finds this backend by URL for {@link io.jobqueue.JobQueues#open}. */
  public static final class Provider implements JobQueueProvider {
    @Override
    public List<String> urlPrefixes() {
      return List.of("memory:");
    }

    @Override
    public JobQueue open(JobQueueConfig config) {
      return new InMemoryJobQueue(config);
    }
  }

  private static final class Store {
    final Map<Long, Entry> jobs = new HashMap<>();
    final Map<String, Long> pausedUntil = new HashMap<>();
    final Map<String, PipelineLimits> limits = new HashMap<>();
    // Per rate-limited pipeline, the nanoTime of each reservation started in the current window.
    final Map<String, ArrayDeque<Long>> starts = new HashMap<>();
    final Map<String, WorkerInfo> workers = new TreeMap<>();
    final Map<String, HistoryRetention> keepHistory = new HashMap<>();
    final Map<Long, List<JobAttempt>> attempts = new HashMap<>();
    final Map<Long, JobRecord> history = new HashMap<>();
    long nextId = 1;
    long nextLease = 1;
    long nextBurySeq = 1;
  }

  private static final class Entry {
    long id;
    String pipeline;
    byte[] payload;
    long priority;
    JobState state;
    Duration ttr;
    Instant createdAt;
    long readyAt;
    long reservedUntil;
    long lease;
    long burySeq;
    int reserves;
    // null once the job no longer holds its unique key (reserved, buried)
    String uniqueKey;
    long uniqueUntil;
    boolean uniqueWhileReserved;
    int releases;
    int timeouts;
    int buries;
    int kicks;
    int reservesAtKick;
    String buryReason;

    Job toJob(long withLease) {
      return Jobs.create(
          new Jobs.Fields(
              id,
              pipeline,
              payload.clone(),
              priority,
              state,
              ttr,
              createdAt,
              reserves,
              releases,
              timeouts,
              buries,
              kicks,
              reserves - reservesAtKick,
              withLease,
              buryReason));
    }
  }

  @Override
  protected long doAdd(String pipeline, byte[] payload, JobOptions options) {
    synchronized (store) {
      Entry e = new Entry();
      e.id = store.nextId++;
      e.pipeline = pipeline;
      e.payload = payload.clone();
      e.priority = options.priority();
      e.ttr = options.ttr();
      e.createdAt = Instant.now();
      if (options.delay().isZero()) {
        e.state = JobState.READY;
      } else {
        e.state = JobState.DELAYED;
        e.readyAt = System.nanoTime() + options.delay().toNanos();
      }
      store.jobs.put(e.id, e);
      return e.id;
    }
  }

  @Override
  protected boolean hasUniqueJobs() {
    return true;
  }

  @Override
  protected AddResult doAddUnique(String pipeline, NewJob job) {
    UniqueKey unique = job.options().unique();
    synchronized (store) {
      tick();
      long now = System.nanoTime();
      Optional<Entry> holder =
          jobs(e ->
                  e.pipeline.equals(pipeline)
                      && unique.key().equals(e.uniqueKey)
                      && e.uniqueUntil - now > 0)
              .findFirst();
      if (holder.isPresent()) {
        return new AddResult(holder.get().id, false);
      }
      Entry e = store.jobs.get(doAdd(pipeline, job.payload(), job.options()));
      e.uniqueKey = unique.key();
      e.uniqueUntil = now + Math.min(unique.window().toNanos(), Long.MAX_VALUE / 4);
      e.uniqueWhileReserved = unique.whileReserved();
      return new AddResult(e.id, true);
    }
  }

  @Override
  protected Optional<Job> doReserve(List<String> pipelines, Duration timeout) {
    awaitReachable();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      synchronized (store) {
        tick();
        long now = System.nanoTime();
        Optional<Entry> next =
            jobs(e ->
                    e.state == JobState.READY
                        && pipelines.contains(e.pipeline)
                        && store.pausedUntil.getOrDefault(e.pipeline, 0L) - now <= 0
                        && withinLimits(e.pipeline, now))
                .min(Comparator.<Entry>comparingLong(e -> e.priority).thenComparingLong(e -> e.id));
        if (next.isPresent()) {
          Entry e = next.get();
          e.state = JobState.RESERVED;
          if (!e.uniqueWhileReserved) {
            e.uniqueKey = null;
          }
          e.lease = store.nextLease++;
          e.reserves++;
          e.reservedUntil = now + e.ttr.toNanos();
          if (store.limits.containsKey(e.pipeline)) {
            store.starts.computeIfAbsent(e.pipeline, p -> new ArrayDeque<>()).addLast(now);
          }
          return Optional.of(e.toJob(e.lease));
        }
        if (System.nanoTime() - deadline >= 0) {
          return Optional.empty();
        }
        try {
          store.wait(POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
  }

  /** Whether one more of this pipeline's jobs may be reserved now; holding the store. */
  private boolean withinLimits(String pipeline, long now) {
    PipelineLimits limits = store.limits.get(pipeline);
    if (limits == null) {
      return true;
    }
    if (limits.maxReserved().isPresent()
        && jobs(e -> e.state == JobState.RESERVED && e.pipeline.equals(pipeline)).count()
            >= limits.maxReserved().getAsInt()) {
      return false;
    }
    if (limits.rate().isEmpty()) {
      return true;
    }
    ArrayDeque<Long> started = store.starts.computeIfAbsent(pipeline, p -> new ArrayDeque<>());
    long interval = limits.rate().get().interval().toNanos();
    while (!started.isEmpty() && now - started.peekFirst() >= interval) {
      started.removeFirst();
    }
    return started.size() < limits.rate().get().count();
  }

  @Override
  protected void doSetLimits(String pipeline, PipelineLimits limits) {
    synchronized (store) {
      if (limits == null) {
        store.limits.remove(pipeline);
        store.starts.remove(pipeline);
      } else {
        store.limits.put(pipeline, limits);
      }
      store.notifyAll();
    }
  }

  @Override
  protected Optional<PipelineLimits> doLimits(String pipeline) {
    synchronized (store) {
      return Optional.ofNullable(store.limits.get(pipeline));
    }
  }

  @Override
  protected Map<String, PipelineLimits> doAllLimits() {
    synchronized (store) {
      return Map.copyOf(store.limits);
    }
  }

  @Override
  protected void doDelete(Job job) {
    awaitReachable();
    synchronized (store) {
      held(job, "delete");
      store.jobs.remove(job.id());
    }
  }

  @Override
  public boolean deleteUnstarted(long jobId) {
    synchronized (store) {
      tick();
      Entry e = store.jobs.get(jobId);
      return e != null
          && (e.state == JobState.READY || e.state == JobState.DELAYED)
          && store.jobs.remove(jobId) != null;
    }
  }

  @Override
  protected void doRelease(Job job, long priority, Duration delay) {
    awaitReachable();
    synchronized (store) {
      Entry e = held(job, "release");
      e.priority = priority;
      e.releases++;
      e.lease = 0;
      if (delay.isZero()) {
        e.state = JobState.READY;
      } else {
        e.state = JobState.DELAYED;
        e.readyAt = System.nanoTime() + delay.toNanos();
      }
      store.notifyAll();
    }
  }

  @Override
  protected void doBury(Job job, String reason) {
    awaitReachable();
    synchronized (store) {
      Entry e = held(job, "bury");
      e.state = JobState.BURIED;
      e.uniqueKey = null;
      e.buries++;
      e.lease = 0;
      e.buryReason = reason;
      e.burySeq = store.nextBurySeq++;
    }
  }

  @Override
  protected void doTouch(Job job) {
    awaitReachable();
    synchronized (store) {
      Entry e = held(job, "touch");
      e.reservedUntil = System.nanoTime() + e.ttr.toNanos();
    }
  }

  @Override
  protected void doDeleteJob(long id, boolean force) {
    synchronized (store) {
      tick();
      Entry e = store.jobs.get(id);
      if (e == null) {
        throw notFound(null, id);
      }
      if (e.state == JobState.RESERVED && !force) {
        throw reserved(e.pipeline, id);
      }
      store.jobs.remove(id);
    }
  }

  @Override
  protected long doPurge(String pipeline, JobState state) {
    synchronized (store) {
      tick();
      List<Long> ids =
          jobs(e -> e.pipeline.equals(pipeline) && e.state == state).map(e -> e.id).toList();
      ids.forEach(store.jobs::remove);
      return ids.size();
    }
  }

  @Override
  protected Optional<Job> doPeek(long id) {
    awaitReachable();
    synchronized (store) {
      tick();
      return Optional.ofNullable(store.jobs.get(id)).map(e -> e.toJob(0));
    }
  }

  @Override
  protected Optional<Job> doPeek(String pipeline, JobState state) {
    return doPeek(pipeline, state, 0, 1).stream().findFirst();
  }

  @Override
  protected List<Job> doPeek(String pipeline, JobState state, int offset, int limit) {
    synchronized (store) {
      tick();
      return jobs(e -> e.pipeline.equals(pipeline) && e.state == state)
          .sorted(order(state))
          .skip(offset)
          .limit(limit)
          .map(e -> e.toJob(0))
          .toList();
    }
  }

  @Override
  protected long doKick(String pipeline, long bound) {
    synchronized (store) {
      tick();
      boolean anyBuried =
          jobs(e -> e.pipeline.equals(pipeline) && e.state == JobState.BURIED)
              .findAny()
              .isPresent();
      JobState from = anyBuried ? JobState.BURIED : JobState.DELAYED;
      List<Entry> kicked =
          jobs(e -> e.pipeline.equals(pipeline) && e.state == from)
              .sorted(order(from))
              .limit(bound)
              .toList();
      kicked.forEach(this::kick);
      store.notifyAll();
      return kicked.size();
    }
  }

  @Override
  protected boolean doKickJob(String pipeline, long id) {
    synchronized (store) {
      tick();
      Entry e = store.jobs.get(id);
      if (e == null || !e.pipeline.equals(pipeline)) {
        throw notFound(pipeline, id);
      }
      if (e.state != JobState.BURIED && e.state != JobState.DELAYED) {
        return false;
      }
      kick(e);
      store.notifyAll();
      return true;
    }
  }

  @Override
  protected PipelineStats doStats(String pipeline) {
    synchronized (store) {
      tick();
      List<Entry> all = jobs(e -> e.pipeline.equals(pipeline)).toList();
      long left = store.pausedUntil.getOrDefault(pipeline, 0L) - System.nanoTime();
      return new PipelineStats(
          pipeline,
          all.stream()
              .filter(e -> e.state == JobState.READY && e.priority < JobOptions.DEFAULT_PRIORITY)
              .count(),
          count(all, JobState.READY),
          count(all, JobState.RESERVED),
          count(all, JobState.DELAYED),
          count(all, JobState.BURIED),
          left > 0 ? Duration.ofNanos(left) : Duration.ZERO);
    }
  }

  @Override
  protected List<String> doPipelines() {
    synchronized (store) {
      return store.jobs.values().stream().map(e -> e.pipeline).distinct().sorted().toList();
    }
  }

  @Override
  protected void doPause(String pipeline, Duration duration) {
    synchronized (store) {
      store.pausedUntil.put(pipeline, System.nanoTime() + duration.toNanos());
      store.notifyAll();
    }
  }

  @Override
  protected List<WorkerInfo> doWorkers() {
    synchronized (store) {
      Instant now = Instant.now();
      return store.workers.values().stream()
          .map(w ->
              new WorkerInfo(
                  w.id(),
                  w.host(),
                  w.pid(),
                  w.pipelines(),
                  w.concurrency(),
                  w.started(),
                  w.lastHeartbeat(),
                  w.heartbeatInterval(),
                  w.jobsHeld(),
                  w.lastHeartbeat().plus(w.goneAfter()).isBefore(now)))
          .toList();
    }
  }

  @Override
  protected void doHeartbeat(WorkerInfo worker) {
    synchronized (store) {
      Instant now = Instant.now();
      store.workers.values().removeIf(w -> w.lastHeartbeat().plus(w.pruneAfter()).isBefore(now));
      store.workers.put(
          worker.id(),
          new WorkerInfo(
              worker.id(),
              worker.host(),
              worker.pid(),
              worker.pipelines(),
              worker.concurrency(),
              worker.started(),
              now,
              worker.heartbeatInterval(),
              worker.jobsHeld(),
              false));
    }
  }

  @Override
  protected void doUnregisterWorker(String workerId) {
    synchronized (store) {
      store.workers.remove(workerId);
    }
  }

  @Override
  protected void doKeepHistory(String pipeline, HistoryRetention retention) {
    synchronized (store) {
      if (retention == null) {
        store.keepHistory.remove(pipeline);
      } else {
        store.keepHistory.put(pipeline, retention);
      }
    }
  }

  @Override
  protected Optional<HistoryRetention> doHistoryRetention(String pipeline) {
    synchronized (store) {
      return Optional.ofNullable(store.keepHistory.get(pipeline));
    }
  }

  @Override
  protected List<JobRecord> doHistory(String pipeline, int offset, int limit) {
    synchronized (store) {
      return newestFirst(pipeline).skip(offset).limit(limit).toList();
    }
  }

  @Override
  protected Optional<JobRecord> doHistory(long jobId) {
    synchronized (store) {
      return Optional.ofNullable(store.history.get(jobId));
    }
  }

  @Override
  protected void doRecordAttempts(List<AttemptRecord> attempts) {
    synchronized (store) {
      for (AttemptRecord a : attempts) {
        HistoryRetention retention = store.keepHistory.get(a.pipeline());
        if (retention == null) {
          continue;
        }
        List<JobAttempt> all = store.attempts.computeIfAbsent(a.jobId(), id -> new ArrayList<>());
        all.add(a.attempt());
        if (a.jobEnd().isPresent()) {
          store.history.put(
              a.jobId(),
              new JobRecord(
                  a.jobId(),
                  a.pipeline(),
                  a.jobEnd().get(),
                  a.priority(),
                  a.payloadBytes(),
                  a.created(),
                  a.attempt().finished(),
                  all));
          prune(a.pipeline(), retention);
        }
      }
    }
  }

  private void prune(String pipeline, HistoryRetention retention) {
    Instant oldest = Instant.now().minus(retention.maxAge());
    List<JobRecord> expired =
        newestFirst(pipeline)
            .filter(
                new Predicate<JobRecord>() {
                  int kept;

                  @Override
                  public boolean test(JobRecord r) {
                    return r.finished().isBefore(oldest) || ++kept > retention.maxCount();
                  }
                })
            .toList();
    for (JobRecord r : expired) {
      store.history.remove(r.id());
      store.attempts.remove(r.id());
    }
  }

  private Stream<JobRecord> newestFirst(String pipeline) {
    return store.history.values().stream()
        .filter(r -> r.pipeline().equals(pipeline))
        .sorted(
            Comparator.comparing(JobRecord::finished).thenComparingLong(JobRecord::id).reversed());
  }

  @Override
  protected void doClose() {}

  private void awaitReachable() {
    CountDownLatch over = outageOver;
    if (over == null) {
      return;
    }
    try {
      if (over.await(OUTAGE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new BackendUnavailableException(description() + ": unreachable (an outage of the test)");
  }

  private void tick() {
    long now = System.nanoTime();
    for (Entry e : store.jobs.values()) {
      if (e.state == JobState.DELAYED && e.readyAt - now <= 0) {
        e.state = JobState.READY;
      } else if (e.state == JobState.RESERVED && e.reservedUntil - now <= 0) {
        e.state = JobState.READY;
        e.timeouts++;
        e.lease = 0;
      }
    }
  }

  private Entry held(Job job, String action) {
    tick();
    Entry e = store.jobs.get(job.id());
    if (e == null || e.state != JobState.RESERVED || e.lease != job.lease()) {
      throw notReserved(job, action);
    }
    return e;
  }

  private void kick(Entry e) {
    e.state = JobState.READY;
    e.kicks++;
    e.reservesAtKick = e.reserves;
  }

  private Stream<Entry> jobs(Predicate<Entry> filter) {
    return store.jobs.values().stream().filter(filter);
  }

  private static Comparator<Entry> order(JobState state) {
    return switch (state) {
      case READY -> Comparator.<Entry>comparingLong(e -> e.priority).thenComparingLong(e -> e.id);
      case DELAYED -> Comparator.<Entry>comparingLong(e -> e.readyAt).thenComparingLong(e -> e.id);
      case BURIED -> Comparator.comparingLong(e -> e.burySeq);
      case RESERVED -> Comparator.comparingLong(e -> e.id);
    };
  }

  private static long count(List<Entry> all, JobState state) {
    return all.stream().filter(e -> e.state == state).count();
  }
}
