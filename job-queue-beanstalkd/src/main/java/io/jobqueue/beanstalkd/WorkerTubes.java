package io.jobqueue.beanstalkd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobqueue.JobQueueException;
import io.jobqueue.WorkerInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Live workers on beanstalkd, which has no table: each worker has a tube of its own, {@link
 * #PREFIX} and its id, holding one ready job whose body is its {@link WorkerInfo} as JSON. A
 * heartbeat puts a new job and deletes the older ones, so the job's {@code age} (from {@code
 * stats-job}, by the server's clock, in whole seconds) is the time since the last heartbeat. Nobody
 * watches these tubes, and {@link BeanstalkdJobQueue#pipelines()} leaves them out.
 */
final class WorkerTubes {

  /** The tubes of workers start with this; pipelines should not. */
  static final String PREFIX = "jobqueue.worker.";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NOT_IN_TUBE_NAMES = Pattern.compile("[^A-Za-z0-9+/;.$_()-]");

  /** Nobody reserves a beat; its TTR only has to be valid. */
  private static final long TTR_SECONDS = 60;

  private final AtomicLong lastPruneMillis = new AtomicLong();

  static boolean isWorkerTube(String tube) {
    return tube.startsWith(PREFIX);
  }

  List<WorkerInfo> list(BeanstalkdConnection connection) {
    List<WorkerInfo> workers = new ArrayList<>();
    for (String tube : tubes(connection, "list the workers")) {
      current(connection, tube).ifPresent(workers::add);
    }
    workers.sort(Comparator.comparing(WorkerInfo::id));
    return workers;
  }

  void heartbeat(BeanstalkdConnection connection, WorkerInfo worker) {
    String action = "record the heartbeat of worker " + worker.id();
    byte[] body = write(worker);
    String tube = tube(worker.id());
    Reply put = connection.callInTube(tube, List.of(Request.put(0, 0, TTR_SECONDS, body))).get(0);
    long beat = ServerErrors.expect(put, connection, action, "INSERTED").number(0);
    deleteOlder(connection, tube, beat, action);
    long now = System.currentTimeMillis();
    long last = lastPruneMillis.get();
    long every = worker.heartbeatInterval().toMillis() * 10;
    if (now - last >= every && lastPruneMillis.compareAndSet(last, now)) {
      prune(connection);
    }
  }

  void unregister(BeanstalkdConnection connection, String workerId) {
    deleteOlder(connection, tube(workerId), Long.MAX_VALUE, "unregister worker " + workerId);
  }

  /** Deletes the tube's beats older than {@code keep} (every beat for {@link Long#MAX_VALUE}). */
  private static void deleteOlder(
      BeanstalkdConnection connection, String tube, long keep, String action) {
    while (true) {
      Reply found = peekReady(connection, tube, action);
      if (found.is("NOT_FOUND") || found.number(0) >= keep) {
        return;
      }
      ServerErrors.expect(
          connection.call(Request.of("delete " + found.number(0))),
          connection,
          action,
          "DELETED",
          "NOT_FOUND");
    }
  }

  /** Deletes the beats of workers gone for longer than {@link WorkerInfo#pruneAfter()}. */
  private void prune(BeanstalkdConnection connection) {
    for (String tube : tubes(connection, "prune the workers")) {
      Optional<WorkerInfo> worker = current(connection, tube);
      if (worker.isPresent()
          && worker.get().lastHeartbeat().plus(worker.get().pruneAfter()).isBefore(Instant.now())) {
        deleteOlder(connection, tube, Long.MAX_VALUE, "prune worker " + worker.get().id());
      }
    }
  }

  private static List<String> tubes(BeanstalkdConnection connection, String action) {
    return ServerErrors.expect(connection.call(Request.of("list-tubes")), connection, action, "OK")
        .list()
        .stream()
        .filter(WorkerTubes::isWorkerTube)
        .toList();
  }

  /**
   * The tube's newest beat with its age by the server's clock; empty when the tube has none (it was
   * just unregistered).
   */
  private static Optional<WorkerInfo> current(BeanstalkdConnection connection, String tube) {
    String action = "read the heartbeat in tube " + tube;
    Reply found = peekReady(connection, tube, action);
    if (found.is("NOT_FOUND")) {
      return Optional.empty();
    }
    Reply stats =
        ServerErrors.expect(
            connection.call(Request.of("stats-job " + found.number(0))),
            connection,
            action,
            "OK",
            "NOT_FOUND");
    if (stats.is("NOT_FOUND")) {
      return Optional.empty(); // replaced by a newer beat meanwhile
    }
    Map<String, String> job = stats.dictionary();
    long ageSeconds = Long.parseLong(job.get("age"));
    JsonNode beat = read(found.body(), tube);
    Duration interval = Duration.ofMillis(beat.path("intervalMillis").asLong());
    // whole seconds: gone once the age reaches the gone interval rounded up to a second
    long goneAfterSeconds =
        (interval.multipliedBy(WorkerInfo.GONE_AFTER_INTERVALS).toMillis() + 999) / 1000;
    return Optional.of(
        new WorkerInfo(
            beat.path("id").asText(),
            beat.path("host").asText(),
            beat.path("pid").asLong(),
            StreamSupport.stream(beat.path("pipelines").spliterator(), false)
                .map(JsonNode::asText)
                .toList(),
            beat.path("concurrency").asInt(),
            Instant.ofEpochMilli(beat.path("startedMillis").asLong()),
            Instant.now().minusSeconds(ageSeconds),
            interval,
            beat.path("jobsHeld").asInt(),
            ageSeconds >= goneAfterSeconds));
  }

  /** The tube's oldest beat ({@code FOUND}), or {@code NOT_FOUND}. */
  private static Reply peekReady(BeanstalkdConnection connection, String tube, String action) {
    return ServerErrors.expect(
        connection.callInTube(tube, List.of(Request.of("peek-ready"))).get(0),
        connection,
        action,
        "FOUND",
        "NOT_FOUND");
  }

  private static String tube(String workerId) {
    String tube = PREFIX + NOT_IN_TUBE_NAMES.matcher(workerId).replaceAll("_");
    return tube.length() <= 200 ? tube : tube.substring(0, 200);
  }

  private static byte[] write(WorkerInfo w) {
    try {
      ObjectNode beat = JSON.createObjectNode();
      beat.put("id", w.id())
          .put("host", w.host())
          .put("pid", w.pid())
          .put("concurrency", w.concurrency())
          .put("startedMillis", w.started().toEpochMilli())
          .put("intervalMillis", w.heartbeatInterval().toMillis())
          .put("jobsHeld", w.jobsHeld());
      w.pipelines().forEach(beat.putArray("pipelines")::add);
      return JSON.writeValueAsBytes(beat);
    } catch (JsonProcessingException e) {
      throw new JobQueueException("cannot write the heartbeat of worker " + w.id(), e);
    }
  }

  private static JsonNode read(byte[] body, String tube) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new JobQueueException(
          "tube " + tube + " holds a job that is not a worker's heartbeat; delete it", e);
    }
  }
}
