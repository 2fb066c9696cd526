package io.jobqueue.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueueException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A schedule as the text a store keeps: JSON with the fields in a fixed order, so the same schedule
 * always gives the same text and an upsert can compare texts.
 */
final class Definitions {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Definitions() {}

  static String write(Schedule s) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", s.name());
    s.cron().ifPresent(c -> node.put("cron", c.toString()));
    s.interval()
        .ifPresent(i -> node.put("every", i.toString()).put("anchor", s.anchor().toString()));
    s.at().ifPresent(a -> node.put("at", a.toString()));
    node.put("zone", s.zone().getId());
    node.put("pipeline", s.pipeline());
    node.put("payload", Base64.getEncoder().encodeToString(s.payload()));
    node.put("priority", s.options().priority());
    node.put("delay", s.options().delay().toString());
    node.put("ttr", s.options().ttr().toString());
    node.put("overlap", s.overlap().name());
    node.put("missedTicks", s.missedTicks().name());
    node.put("startingDeadline", s.startingDeadline().toString());
    return node.toString();
  }

  static Schedule read(String definition) {
    JsonNode node;
    try {
      node = MAPPER.readTree(definition);
    } catch (IOException e) {
      throw new JobQueueException("a stored schedule is not readable JSON: " + e.getMessage(), e);
    }
    Schedule.Builder b = Schedule.builder(node.path("name").asText(null));
    if (node.has("cron")) {
      b.cron(node.get("cron").asText());
    }
    if (node.has("every")) {
      b.every(Duration.parse(node.get("every").asText()))
          .anchor(Instant.parse(node.get("anchor").asText()));
    }
    if (node.has("at")) {
      b.at(Instant.parse(node.get("at").asText()));
    }
    return b.zone(node.get("zone").asText())
        .pipeline(node.get("pipeline").asText())
        .payload(Base64.getDecoder().decode(node.get("payload").asText()))
        .options(
            new JobOptions(
                node.get("priority").asLong(),
                Duration.parse(node.get("delay").asText()),
                Duration.parse(node.get("ttr").asText())))
        .overlap(OverlapPolicy.valueOf(node.get("overlap").asText()))
        .missedTicks(MissedTickPolicy.valueOf(node.get("missedTicks").asText()))
        .startingDeadline(Duration.parse(node.get("startingDeadline").asText()))
        .build();
  }
}
