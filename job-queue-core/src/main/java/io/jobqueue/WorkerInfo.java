package io.jobqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A {@link io.jobqueue.worker.Worker} as registered in the backend: who it is, what it watches and
 * when it last said it was alive. Workers {@linkplain JobQueue#heartbeat heartbeat} every {@link
 * #heartbeatInterval()}; one whose last heartbeat is older than {@link #GONE_AFTER_INTERVALS}
 * intervals by the backend's clock is {@link #gone()} (killed, hung or cut off), and its row is
 * pruned once it is older than {@link #PRUNE_AFTER_INTERVALS} intervals. A clean stop removes it at
 * once.
 *
 * @param id unique per worker process and start, e.g. {@code host:pid:random}
 * @param host the host name the worker runs on
 * @param pid the worker's process id
 * @param pipelines the pipelines it watches
 * @param concurrency how many jobs it runs at once at most
 * @param started when it started, by its own clock
 * @param lastHeartbeat its last heartbeat by the backend's clock; ignored by {@link
 *     JobQueue#heartbeat}, which stamps the backend's time
 * @param heartbeatInterval how often it heartbeats
 * @param jobsHeld jobs it held reserved at its last heartbeat
 * @param gone whether its last heartbeat is older than {@link #GONE_AFTER_INTERVALS} intervals;
 *     ignored by {@link JobQueue#heartbeat}
 */
public record WorkerInfo(
    String id,
    String host,
    long pid,
    List<String> pipelines,
    int concurrency,
    Instant started,
    Instant lastHeartbeat,
    Duration heartbeatInterval,
    int jobsHeld,
    boolean gone) {

  /** A worker whose heartbeat is older than this many intervals shows as gone. */
  public static final int GONE_AFTER_INTERVALS = 3;

  /** A gone worker's row is deleted once its heartbeat is older than this many intervals. */
  public static final int PRUNE_AFTER_INTERVALS = 60;

  /** The longest worker id allowed. */
  public static final int MAX_ID_LENGTH = 200;

  /** Checks that nothing is missing and the numbers make sense. */
  public WorkerInfo {
    Objects.requireNonNull(id, "worker id must not be null");
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "worker id must be 1 to " + MAX_ID_LENGTH + " characters, was " + id.length());
    }
    Objects.requireNonNull(host, "host must not be null");
    pipelines = List.copyOf(Objects.requireNonNull(pipelines, "pipelines must not be null"));
    Objects.requireNonNull(started, "started must not be null");
    Objects.requireNonNull(lastHeartbeat, "lastHeartbeat must not be null");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval must not be null");
    if (heartbeatInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "heartbeatInterval must be at least 1 ms, was " + heartbeatInterval);
    }
    if (concurrency < 1 || jobsHeld < 0) {
      throw new IllegalArgumentException(
          "concurrency must be at least 1 and jobsHeld zero or more, were "
              + concurrency
              + " and "
              + jobsHeld);
    }
  }

  /** How old a heartbeat may grow before this worker shows as gone. */
  public Duration goneAfter() {
    return heartbeatInterval.multipliedBy(GONE_AFTER_INTERVALS);
  }

  /** How old a heartbeat may grow before this worker's row is pruned. */
  public Duration pruneAfter() {
    return heartbeatInterval.multipliedBy(PRUNE_AFTER_INTERVALS);
  }
}
