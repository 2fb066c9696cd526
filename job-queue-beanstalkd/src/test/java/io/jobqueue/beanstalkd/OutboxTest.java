package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import io.jobqueue.JobTooLargeException;
import io.jobqueue.NewJob;
import io.jobqueue.UnsupportedByBackendException;
import io.jobqueue.jdbc.JdbcOutbox;
import io.jobqueue.jdbc.OutboxEnvelope;
import io.jobqueue.jdbc.OutboxRelay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transactional enqueue on beanstalkd: jobs written to the outbox in the caller's transaction on a
 * real PostgreSQL, MariaDB and SQLite reach the real beanstalkd through the relay if and only if
 * the transaction commits, in order per pipeline, each carrying its outbox row's id.
 */
class OutboxTest {

  @TempDir Path dir;

  private final String prefix = OutboxDatabase.randomPrefix();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private OutboxDatabase database;

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable closeable : opened.reversed()) {
      closeable.close();
    }
    if (database != null) {
      database.dropOutbox(dir, prefix);
    }
  }

  @ParameterizedTest
  @EnumSource(OutboxDatabase.class)
  void aCommittedJobIsDeliveredWithItsOptionsAndARolledBackOneNever(OutboxDatabase db)
      throws Exception {
    JdbcOutbox outbox = outbox(db);
    String pipeline = OutboxDatabase.randomPipeline();
    JobOptions options = JobOptions.DEFAULT.withPriority(17).withTtr(Duration.ofSeconds(42));
    long committed;
    try (Connection connection = db.connect(dir)) {
      connection.setAutoCommit(false);
      committed = outbox.addJob(connection, pipeline, bytes("kept"), options);
      connection.commit();
      outbox.addJob(connection, pipeline, bytes("rolled back"), options);
      connection.rollback();
      connection.setAutoCommit(true);
    }

    JobQueue queue = relayTo(outbox);
    awaitOutboxEmpty(db);
    Job job = queue.reserve(pipeline, Duration.ofSeconds(10)).orElseThrow();
    OutboxEnvelope envelope = OutboxEnvelope.of(job);
    assertThat(envelope.outboxId()).isEqualTo(committed);
    assertThat(new String(envelope.payload(), StandardCharsets.UTF_8)).isEqualTo("kept");
    assertThat(job.priority()).isEqualTo(17);
    assertThat(job.ttr()).isEqualTo(Duration.ofSeconds(42));
    queue.delete(job);
    assertThat(queue.reserve(pipeline, Duration.ZERO)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(OutboxDatabase.class)
  void jobsOfEachPipelineArriveInTheOrderTheirTransactionsCommitted(OutboxDatabase db)
      throws Exception {
    JdbcOutbox outbox = outbox(db);
    List<String> pipelines =
        List.of(
            OutboxDatabase.randomPipeline(),
            OutboxDatabase.randomPipeline(),
            OutboxDatabase.randomPipeline());
    Map<String, List<Long>> added = new HashMap<>();
    try (Connection connection = db.connect(dir)) {
      connection.setAutoCommit(false);
      for (int i = 0; i < 60; i++) {
        String pipeline = pipelines.get(i % pipelines.size());
        List<NewJob> jobs = List.of(NewJob.text(pipeline + " " + i), NewJob.text("more " + i));
        added
            .computeIfAbsent(pipeline, p -> new ArrayList<>())
            .addAll(outbox.addJobs(connection, pipeline, jobs));
        connection.commit();
      }
      connection.setAutoCommit(true);
    }

    JobQueue queue = relayTo(outbox);
    awaitOutboxEmpty(db);
    for (String pipeline : pipelines) {
      assertThat(drain(queue, pipeline)).isEqualTo(added.get(pipeline));
    }
  }

  @Test
  void aBeanstalkdQueueConfiguredWithTheOutboxAddsInTheCallersTransactionAndRelaysItself()
      throws Exception {
    database = OutboxDatabase.SQLITE;
    String pipeline = OutboxDatabase.randomPipeline();
    long committed;
    try (JobQueue queue =
            JobQueues.open(
                JobQueueConfig.builder(BeanstalkdTestBackends.shared().config().url())
                    .property("outboxUrl", database.url(dir))
                    .property("outboxTablePrefix", prefix)
                    .property("outboxPollInterval", "50ms")
                    .build());
        Connection connection = database.connect(dir)) {
      BeanstalkdJobQueue beanstalkd = (BeanstalkdJobQueue) queue;
      connection.setAutoCommit(false);
      committed = beanstalkd.addJob(connection, pipeline, bytes("kept"), JobOptions.DEFAULT);
      connection.commit();
      beanstalkd.addJobs(connection, pipeline, List.of(NewJob.text("rolled back")));
      connection.rollback();
      connection.setAutoCommit(true);

      awaitOutboxEmpty(database);
      assertThat(drain(queue, pipeline)).containsExactly(committed);
    }
  }

  @Test
  void aBeanstalkdQueueWithoutAnOutboxSaysWhichSettingATransactionalAddNeeds() throws Exception {
    try (JobQueue queue = JobQueues.open(BeanstalkdTestBackends.shared().config().url());
        Connection connection = OutboxDatabase.SQLITE.connect(dir)) {
      assertThatThrownBy(() ->
              ((BeanstalkdJobQueue) queue).addJob(connection, "p", bytes("x"), JobOptions.DEFAULT))
          .isInstanceOf(UnsupportedByBackendException.class)
          .hasMessageContaining("set the property outboxUrl");
    }
    assertThatThrownBy(() ->
            JobQueues.open(
                JobQueueConfig.builder(BeanstalkdTestBackends.shared().config().url())
                    .property("outboxUrl", OutboxDatabase.SQLITE.url(dir))
                    .property("outboxRelay", "yes")
                    .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("property outboxRelay must be true or false, was 'yes'");
  }

  @Test
  void badInputIsRefusedWithAMessageSayingWhatIsAllowed() throws Exception {
    JdbcOutbox outbox = outbox(OutboxDatabase.SQLITE);
    try (Connection connection = OutboxDatabase.SQLITE.connect(dir)) {
      assertThatThrownBy(
              () -> outbox.addJob((Connection) null, "p", bytes("x"), JobOptions.DEFAULT))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("connection must not be null");
      assertThatThrownBy(() -> outbox.addJob(connection, "-bad", bytes("x"), JobOptions.DEFAULT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-bad");
      assertThatThrownBy(() -> outbox.addJob(connection, "p", null, JobOptions.DEFAULT))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("payload");
      assertThatThrownBy(() -> outbox.addJob(connection, "p", new byte[65_535], JobOptions.DEFAULT))
          .isInstanceOf(JobTooLargeException.class)
          .hasMessageContaining("over the outbox's limit of 65499 bytes");
      assertThatThrownBy(() ->
              outbox.addJob(connection, "p", bytes("x"), JobOptions.DEFAULT.withUniqueKey("k")))
          .isInstanceOf(UnsupportedByBackendException.class)
          .hasMessageContaining("unique jobs");
      try (Statement statement = connection.createStatement();
          var rs = statement.executeQuery("SELECT count(*) FROM " + prefix + "outbox")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
    assertThatThrownBy(() -> JdbcOutbox.builder("jdbc:h2:mem:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(() -> JdbcOutbox.builder("jdbc:sqlite:x").tablePrefix("Bad-"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[a-z][a-z0-9_]{0,30}");
    assertThatThrownBy(() -> JdbcOutbox.builder("jdbc:sqlite:x").pollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use 10 ms to 1 hour");
    assertThatThrownBy(() -> OutboxEnvelope.read(bytes("plain job")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jobqueue-outbox:<id>");
  }

  @Test
  void theEnvelopeIsOneHeaderLineThenThePayloadByteForByte() {
    byte[] payload = {'\n', 0, (byte) 0xFF, '\r'};
    byte[] body = new OutboxEnvelope(123, payload).body();
    assertThat(new String(body, 0, 20, StandardCharsets.US_ASCII))
        .isEqualTo("jobqueue-outbox:123\n");
    assertThat(OutboxEnvelope.read(body)).isEqualTo(new OutboxEnvelope(123, payload));
  }

  /** Reads every ready job of the pipeline, deleting each; returns their outbox ids in order. */
  static List<Long> drain(JobQueue queue, String pipeline) {
    List<Long> ids = new ArrayList<>();
    for (Job job = queue.reserve(pipeline, Duration.ZERO).orElse(null);
        job != null;
        job = queue.reserve(pipeline, Duration.ZERO).orElse(null)) {
      ids.add(OutboxEnvelope.of(job).outboxId());
      queue.delete(job);
    }
    return ids;
  }

  private JdbcOutbox outbox(OutboxDatabase db) {
    database = db;
    JdbcOutbox outbox =
        JdbcOutbox.builder(db.url(dir))
            .tablePrefix(prefix)
            .pollInterval(Duration.ofMillis(50))
            .build();
    outbox.createTable();
    return outbox;
  }

  private JobQueue relayTo(JdbcOutbox outbox) {
    JobQueue queue = JobQueues.open(BeanstalkdTestBackends.shared().config().url());
    opened.add(queue);
    OutboxRelay relay = outbox.startRelay(queue);
    opened.add(relay);
    return queue;
  }

  private void awaitOutboxEmpty(OutboxDatabase db) {
    await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows(db, dir, prefix) == 0);
  }

  static long outboxRows(OutboxDatabase db, Path dir, String prefix) throws SQLException {
    try (Connection connection = db.connect(dir);
        Statement statement = connection.createStatement();
        var rs = statement.executeQuery("SELECT count(*) FROM " + prefix + "outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
