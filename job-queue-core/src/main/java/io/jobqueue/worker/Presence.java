package io.jobqueue.worker;

import io.jobqueue.AttemptRecord;
import io.jobqueue.JobQueue;
import io.jobqueue.UnsupportedByBackendException;
import io.jobqueue.WorkerInfo;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's presence in the backend, on a thread of its own so that a slow backend delays neither
 * jobs nor touches: it heartbeats its {@link WorkerInfo} every interval, reads then which of its
 * pipelines keep history (so that jobs pay no round trip for it), writes the attempts of those
 * pipelines in batches, and unregisters at the stop.
 */
final class Presence {

  /** How often recorded attempts are written. */
  static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);

  /**
   * The most attempts waiting to be written; more are dropped (and counted in a warning), so a
   * backend that refuses them cannot make the worker run out of memory.
   */
  static final int MAX_WAITING_ATTEMPTS = 10_000;

  /** The longest a worker's start waits for its first heartbeat. */
  static final Duration FIRST_BEAT_WAIT = Duration.ofSeconds(2);

  /** The most attempts written in one call. */
  static final int BATCH = 500;

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final JobQueue queue;
  private final String workerName;
  private final WorkerInfo registration;
  private final IntSupplier jobsHeld;
  private final ConcurrentLinkedQueue<AttemptRecord> attempts = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private volatile Set<String> keepingHistory = Set.of();
  private volatile boolean heartbeatsSupported = true;
  private volatile boolean heartbeatFailing;
  private final CountDownLatch firstBeat = new CountDownLatch(1);
  private ScheduledThreadPoolExecutor thread;

  Presence(
      JobQueue queue,
      String workerName,
      List<String> pipelines,
      int concurrency,
      Duration interval,
      IntSupplier jobsHeld) {
    this.queue = queue;
    this.workerName = workerName;
    this.jobsHeld = jobsHeld;
    String host = hostName();
    long pid = ProcessHandle.current().pid();
    String id = host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    this.registration =
        new WorkerInfo(id, host, pid, pipelines, concurrency, now, now, interval, 0, false);
  }

  /** This worker's id in {@link JobQueue#workers()}. */
  String id() {
    return registration.id();
  }

  /**
   * Heartbeats now and then every interval on the presence's own thread; waits for the first
   * heartbeat up to {@link #FIRST_BEAT_WAIT}, so that the history settings are known before the
   * first job, while a backend that does not answer delays the start no longer than that.
   */
  void start() {
    thread =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name(workerName + "-presence").daemon().factory());
    long every = registration.heartbeatInterval().toMillis();
    thread.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
    long flush = FLUSH_INTERVAL.toMillis();
    thread.scheduleWithFixedDelay(this::flush, flush, flush, TimeUnit.MILLISECONDS);
    try {
      firstBeat.await(FIRST_BEAT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether attempts at this pipeline's jobs go to its history, as of the last heartbeat. */
  boolean keepsHistory(String pipeline) {
    return keepingHistory.contains(pipeline);
  }

  /** Queues an attempt to be written with the next batch. */
  void record(AttemptRecord attempt) {
    if (waiting.incrementAndGet() > MAX_WAITING_ATTEMPTS) {
      waiting.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    attempts.add(attempt);
  }

  /**
   * Writes what is left and unregisters; called once by the stop, on a thread it waits for only
   * until its deadline.
   */
  void stop() {
    if (thread == null) {
      return;
    }
    thread.shutdownNow();
    try {
      thread.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
    if (heartbeatsSupported) {
      try {
        queue.unregisterWorker(id());
      } catch (RuntimeException e) {
        log.warn(
            "worker {}: could not unregister ({}); it shows as gone until it is pruned",
            workerName,
            e.toString());
      }
    }
  }

  private void beat() {
    if (heartbeatsSupported) {
      try {
        queue.heartbeat(
            new WorkerInfo(
                registration.id(),
                registration.host(),
                registration.pid(),
                registration.pipelines(),
                registration.concurrency(),
                registration.started(),
                Instant.now(),
                registration.heartbeatInterval(),
                jobsHeld.getAsInt(),
                false));
        if (heartbeatFailing) {
          heartbeatFailing = false;
          log.info("worker {}: heartbeats reach the backend again", workerName);
        }
      } catch (UnsupportedByBackendException e) {
        heartbeatsSupported = false;
        log.info("worker {}: not registered, {}", workerName, e.getMessage());
      } catch (RuntimeException e) {
        failing("heartbeat", e);
      }
    }
    readHistorySettings();
    firstBeat.countDown();
  }

  private void readHistorySettings() {
    try {
      Set<String> keeping = new HashSet<>();
      for (String pipeline : registration.pipelines()) {
        if (queue.selectPipeline(pipeline).historyRetention().isPresent()) {
          keeping.add(pipeline);
        }
      }
      keepingHistory = Set.copyOf(keeping);
    } catch (RuntimeException e) {
      failing("read the history settings", e); // the last settings stay
    }
  }

  private void flush() {
    int lost = dropped.getAndSet(0);
    if (lost > 0) {
      log.warn(
          "worker {}: {} attempts were not recorded in the job history: more than {} waited to be"
              + " written",
          workerName,
          lost,
          MAX_WAITING_ATTEMPTS);
    }
    List<AttemptRecord> batch = new ArrayList<>(BATCH);
    AttemptRecord next;
    while ((next = attempts.poll()) != null) {
      waiting.decrementAndGet();
      batch.add(next);
      if (batch.size() == BATCH || attempts.isEmpty()) {
        write(batch);
        batch = new ArrayList<>(BATCH);
      }
    }
  }

  private void write(List<AttemptRecord> batch) {
    try {
      queue.recordAttempts(batch);
    } catch (RuntimeException e) {
      log.warn(
          "worker {}: {} attempts were not recorded in the job history: {}",
          workerName,
          batch.size(),
          e.toString());
    }
  }

  /** Logs the first failure of a streak at WARN; the backend's outage is logged elsewhere too. */
  private void failing(String what, RuntimeException e) {
    if (!heartbeatFailing) {
      heartbeatFailing = true;
      log.warn("worker {}: could not {}: {}; trying again", workerName, what, e.toString());
    }
  }

  private static String hostName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host.length() > 100 ? host.substring(0, 100) : host;
  }
}
