package io.jobqueue.beanstalkd;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.jdbc.JdbcOutbox;
import io.jobqueue.jdbc.OutboxRelay;
import io.jobqueue.spi.Checks;

/**
 * The outbox a beanstalkd queue writes its transactional adds to, and the relay it runs, when the
 * queue's settings name the database ({@value #URL}). Its own class so that a queue without an
 * outbox never loads job-queue-jdbc, an optional dependency.
 */
final class OutboxLink implements AutoCloseable {

  static final String URL = "outboxUrl";
  static final String TABLE_PREFIX = "outboxTablePrefix";
  static final String POLL_INTERVAL = "outboxPollInterval";
  static final String RELAY = "outboxRelay";

  private final JdbcOutbox outbox;
  private final OutboxRelay relay;

  private OutboxLink(JdbcOutbox outbox, OutboxRelay relay) {
    this.outbox = outbox;
    this.relay = relay;
  }

  /** Whether the settings ask for an outbox. */
  static boolean configured(JobQueueConfig config) {
    return config.property(URL, null) != null;
  }

  /**
   * Creates the outbox table if it is missing and, unless {@value #RELAY} is {@code false}, starts
   * a relay into {@code target}.
   */
  static OutboxLink open(JobQueueConfig config, JobQueue target) {
    JdbcOutbox.Builder builder =
        JdbcOutbox.builder(config.property(URL, null)).maxPayloadBytes(config.maxPayloadBytes());
    String prefix = config.property(TABLE_PREFIX, null);
    if (prefix != null) {
      builder.tablePrefix(prefix);
    }
    String pollInterval = config.property(POLL_INTERVAL, null);
    if (pollInterval != null) {
      builder.pollInterval(Checks.parseDuration(pollInterval));
    }
    boolean relay =
        switch (config.property(RELAY, "true")) {
          case "true" -> true;
          case "false" -> false;
          default ->
              throw new IllegalArgumentException(
                  "property "
                      + RELAY
                      + " must be true or false, was '"
                      + config.property(RELAY, "")
                      + "'");
        };
    JdbcOutbox outbox = builder.build();
    outbox.createTable();
    return new OutboxLink(outbox, relay ? outbox.startRelay(target) : null);
  }

  JdbcOutbox outbox() {
    return outbox;
  }

  @Override
  public void close() {
    if (relay != null) {
      relay.close();
    }
  }
}
