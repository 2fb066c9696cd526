package io.jobqueue.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.JobOptions;
import io.jobqueue.schedule.MissedTickPolicy;
import io.jobqueue.schedule.OverlapPolicy;
import io.jobqueue.schedule.Schedule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads schedules from a JSON file: an array of objects with {@code name}, one of {@code cron},
 * {@code every} (ISO-8601 duration) or {@code at} (ISO-8601 instant), {@code pipeline}, and
 * optionally {@code zone}, {@code payload} (any JSON), {@code priority}, {@code ttr}, {@code
 * overlap}, {@code missedTicks} and {@code startingDeadline}. See {@code
 * supervisor/schedules.json}.
 */
final class ScheduleFile {

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "cron",
          "every",
          "at",
          "zone",
          "pipeline",
          "payload",
          "priority",
          "ttr",
          "overlap",
          "missedTicks",
          "startingDeadline");

  private ScheduleFile() {}

  /**
   * @throws IllegalArgumentException naming the file, the entry and what is wrong
   */
  static List<Schedule> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the schedule file " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(
          "the schedule file " + file + " must hold a JSON array of schedules");
    }
    List<Schedule> schedules = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      try {
        schedules.add(schedule(root.get(i)));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "schedule " + (i + 1) + " in " + file + ": " + e.getMessage(), e);
      }
    }
    return schedules;
  }

  private static Schedule schedule(JsonNode node) {
    node.fieldNames()
        .forEachRemaining(field -> {
          if (!FIELDS.contains(field)) {
            throw new IllegalArgumentException(
                "unknown field '" + field + "'; the fields are " + FIELDS);
          }
        });
    Schedule.Builder b =
        Schedule.builder(node.path("name").asText(null))
            .pipeline(node.path("pipeline").asText(null));
    if (node.has("cron")) {
      b.cron(node.get("cron").asText());
    }
    if (node.has("every")) {
      b.every(Duration.parse(node.get("every").asText()));
    }
    if (node.has("at")) {
      b.at(Instant.parse(node.get("at").asText()));
    }
    if (node.has("zone")) {
      b.zone(node.get("zone").asText());
    }
    if (node.has("payload")) {
      b.payloadJson(node.get("payload"));
    }
    JobOptions options = JobOptions.DEFAULT;
    if (node.has("priority")) {
      options = options.withPriority(node.get("priority").asLong());
    }
    if (node.has("ttr")) {
      options = options.withTtr(Duration.parse(node.get("ttr").asText()));
    }
    b.options(options);
    if (node.has("overlap")) {
      b.overlap(OverlapPolicy.valueOf(node.get("overlap").asText()));
    }
    if (node.has("missedTicks")) {
      b.missedTicks(MissedTickPolicy.valueOf(node.get("missedTicks").asText()));
    }
    if (node.has("startingDeadline")) {
      b.startingDeadline(Duration.parse(node.get("startingDeadline").asText()));
    }
    return b.build();
  }
}
