package io.jobqueue.beanstalkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.NewJob;
import io.jobqueue.jdbc.JdbcOutbox;
import io.jobqueue.jdbc.OutboxRelay;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay as a process of its own ({@link OutboxRelay#main}), killed with SIGKILL in the middle
 * of its work and started again: every committed row reaches beanstalkd, at most the one row in
 * flight twice, none of a rolled-back transaction, in order per pipeline. The caller's database is
 * the real PostgreSQL.
 */
class OutboxRelayCrashTest {

  private static final OutboxDatabase DB = OutboxDatabase.POSTGRES;
  private static final int TRANSACTIONS = 150;
  private static final int JOBS_PER_TRANSACTION = 10;

  @TempDir Path dir;

  private final String prefix = OutboxDatabase.randomPrefix();
  private final List<String> pipelines =
      List.of(
          OutboxDatabase.randomPipeline(),
          OutboxDatabase.randomPipeline(),
          OutboxDatabase.randomPipeline());
  private final String queueUrl = BeanstalkdTestBackends.shared().config().url();
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (Process child : children) {
      child.destroyForcibly();
    }
    DB.dropOutbox(dir, prefix);
  }

  @Test
  void everyCommittedRowArrivesInOrderAfterTheRelayIsKilledMidRun() throws Exception {
    JdbcOutbox outbox = JdbcOutbox.builder(DB.url(dir)).tablePrefix(prefix).build();
    outbox.createTable();
    Map<String, List<Long>> committed = new HashMap<>();
    try (Connection connection = DB.connect(dir)) {
      connection.setAutoCommit(false);
      for (int t = 0; t < TRANSACTIONS; t++) {
        String pipeline = pipelines.get(t % pipelines.size());
        List<NewJob> jobs = new ArrayList<>();
        for (int j = 0; j < JOBS_PER_TRANSACTION; j++) {
          jobs.add(NewJob.text("transaction " + t + " job " + j));
        }
        List<Long> ids = outbox.addJobs(connection, pipeline, jobs);
        if (t % 5 == 4) {
          connection.rollback();
        } else {
          connection.commit();
          committed.computeIfAbsent(pipeline, p -> new ArrayList<>()).addAll(ids);
        }
      }
      connection.setAutoCommit(true);
    }
    long total = committed.values().stream().mapToLong(List::size).sum();

    try (JobQueue queue = JobQueues.open(queueUrl)) {
      Process first = startRelay();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> readyJobs(queue) >= 100);
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long left = OutboxTest.outboxRows(DB, dir, prefix);
      assertThat(left).as("rows left when the relay was killed").isPositive();

      startRelay();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> OutboxTest.outboxRows(DB, dir, prefix) == 0);

      long delivered = 0;
      for (String pipeline : pipelines) {
        List<Long> ids = OutboxTest.drain(queue, pipeline);
        delivered += ids.size();
        assertThat(new ArrayList<>(new LinkedHashSet<>(ids)))
            .as("distinct outbox ids of %s in the order they arrived", pipeline)
            .isEqualTo(committed.get(pipeline));
      }
      // the row whose put the kill interrupted before its delete may arrive twice; no other
      assertThat(delivered).isBetween(total, total + 1);
    }
  }

  private long readyJobs(JobQueue queue) {
    return pipelines.stream().mapToLong(p -> queue.selectPipeline(p).stats().ready()).sum();
  }

  private Process startRelay() throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                OutboxRelay.class.getName(),
                DB.url(dir),
                queueUrl,
                prefix,
                "50ms")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("relay-" + children.size() + ".log").toFile())
            .start();
    children.add(child);
    return child;
  }
}
