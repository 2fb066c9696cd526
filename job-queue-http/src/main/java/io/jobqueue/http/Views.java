package io.jobqueue.http;

import io.jobqueue.Job;
import io.jobqueue.JobAttempt;
import io.jobqueue.JobRecord;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.WorkerInfo;
import io.jobqueue.schedule.Schedule;
import io.jobqueue.schedule.ScheduleStats;
import io.jobqueue.schedule.Tick;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of the API's values, as maps in a fixed field order. */
final class Views {

  private Views() {}

  static Map<String, Object> job(Job job) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", job.id());
    view.put("pipeline", job.pipeline());
    view.put("state", job.state().name().toLowerCase(Locale.ROOT));
    view.put("priority", job.priority());
    view.put("ttrSeconds", job.ttr().toSeconds());
    view.put("createdAt", job.createdAt());
    view.put("attempts", job.attempts());
    view.put("reserves", job.reserves());
    view.put("releases", job.releases());
    view.put("timeouts", job.timeouts());
    view.put("buries", job.buries());
    view.put("kicks", job.kicks());
    view.put("buryReason", job.buryReason());
    view.put("payloadSize", job.payload().length);
    String text = utf8(job.payload());
    if (text != null) {
      view.put("payloadText", text);
    } else {
      view.put("payloadBase64", Base64.getEncoder().encodeToString(job.payload()));
    }
    return view;
  }

  static Map<String, Object> worker(WorkerInfo worker) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", worker.id());
    view.put("host", worker.host());
    view.put("pid", worker.pid());
    view.put("pipelines", worker.pipelines());
    view.put("concurrency", worker.concurrency());
    view.put("started", worker.started());
    view.put("lastHeartbeat", worker.lastHeartbeat());
    view.put("heartbeatIntervalSeconds", worker.heartbeatInterval().toMillis() / 1000.0);
    view.put("jobsHeld", worker.jobsHeld());
    view.put("gone", worker.gone());
    return view;
  }

  static Map<String, Object> record(JobRecord record) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", record.id());
    view.put("pipeline", record.pipeline());
    view.put("outcome", record.outcome().name().toLowerCase(Locale.ROOT));
    view.put("priority", record.priority());
    view.put("payloadSize", record.payloadBytes());
    view.put("created", record.created());
    view.put("finished", record.finished());
    view.put("totalMillis", record.totalTime().toMillis());
    view.put("attempts", record.attempts().stream().map(Views::attempt).toList());
    return view;
  }

  private static Map<String, Object> attempt(JobAttempt attempt) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("workerId", attempt.workerId());
    view.put("started", attempt.started());
    view.put("finished", attempt.finished());
    view.put("millis", attempt.duration().toMillis());
    view.put("outcome", attempt.outcome().name().toLowerCase(Locale.ROOT));
    view.put("error", attempt.error());
    return view;
  }

  static Map<String, Object> pipeline(
      PipelineStats stats, Rates.Rate rate, Optional<PipelineLimits> limits) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", stats.pipeline());
    view.put("ready", stats.ready());
    view.put("urgent", stats.urgent());
    view.put("reserved", stats.reserved());
    view.put("delayed", stats.delayed());
    view.put("buried", stats.buried());
    view.put("total", stats.total());
    view.put("paused", stats.paused());
    view.put("pauseSecondsLeft", stats.pauseTimeLeft().toSeconds());
    view.put("rates", rate);
    view.put("limits", limits(limits));
    return view;
  }

  /** A pipeline's limits, null when it has none; each limit null when not set. */
  static Map<String, Object> limits(Optional<PipelineLimits> limits) {
    if (limits.isEmpty()) {
      return null;
    }
    Map<String, Object> view = new LinkedHashMap<>();
    PipelineLimits set = limits.get();
    view.put("maxReserved", set.maxReserved().isPresent() ? set.maxReserved().getAsInt() : null);
    view.put(
        "rate",
        set.rate()
            .map(rate -> {
              Map<String, Object> r = new LinkedHashMap<>();
              r.put("count", rate.count());
              r.put("intervalMillis", rate.interval().toMillis());
              return r;
            })
            .orElse(null));
    return view;
  }

  static Map<String, Object> schedule(ScheduleStats stats) {
    Schedule schedule = stats.schedule();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", schedule.name());
    view.put("pipeline", schedule.pipeline());
    view.put("cron", schedule.cron().map(Object::toString).orElse(null));
    view.put("everySeconds", schedule.interval().map(d -> d.toSeconds()).orElse(null));
    view.put("at", schedule.at().orElse(null));
    view.put("zone", schedule.zone().getId());
    view.put("paused", stats.paused());
    view.put("nextTick", stats.nextTick().orElse(null));
    view.put("lastTick", stats.lastTick().map(Views::tick).orElse(null));
    return view;
  }

  static Map<String, Object> tick(Tick tick) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("instant", tick.instant());
    view.put("outcome", tick.outcome().name().toLowerCase(Locale.ROOT));
    view.put("jobId", tick.job().isPresent() ? tick.jobId() : null);
    view.put("detail", tick.detail());
    view.put("recordedAt", tick.recordedAt());
    return view;
  }

  /** The bytes as text when they are valid UTF-8, else null. */
  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
