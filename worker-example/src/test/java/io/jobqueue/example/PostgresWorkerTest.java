package io.jobqueue.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.worker.Worker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The worker on the PostgreSQL server at 127.0.0.1:5432, and what it does when the database goes away. */
class PostgresWorkerTest extends WorkerContractTest {

  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=root";

  @Override
  protected JobQueue openQueue() {
    return JobQueues.open(URL);
  }

  /**
   * A database of its own that the test makes refuse connections for a while (and drops every
   * open one): the worker logs the outage once, backs off instead of spinning, logs the recovery,
   * and goes on with the next job.
   */
  @Test
  void aWorkerSurvivesADatabaseOutageWithoutSpinning() throws Exception {
    String database = "jq_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("CREATE DATABASE " + database);
    try (WorkerLogs logs = new WorkerLogs(Level.DEBUG);
        JobQueue outageQueue = JobQueues.open("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=root")) {
      ConcurrentHashMap<Long, Boolean> done = new ConcurrentHashMap<>();
      long before = outageQueue.selectPipeline(pipeline).addText("before the outage");
      Worker worker = Worker.builder(outageQueue).handler(pipeline, ctx -> done.put(ctx.job().id(), true))
          .summaryInterval(Duration.ZERO).build().start();
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> done.containsKey(before));

        sql("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        await().atMost(Duration.ofSeconds(30)).until(() -> logs.count("cannot reserve, backend unavailable") == 1);
        // the worker keeps trying (each attempt may wait for the pool's connection timeout)
        await().atMost(Duration.ofSeconds(90)).until(() -> logs.count("reserve failed again") >= 2);
        assertThat(worker.isRunning()).isTrue();
        sql("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");

        await().atMost(Duration.ofSeconds(60)).until(() -> logs.count("backend available again") == 1);
        long after = outageQueue.selectPipeline(pipeline).addText("after the outage");
        await().atMost(Duration.ofSeconds(20)).until(() -> done.containsKey(after));
        assertThat(logs.count("cannot reserve, backend unavailable")).as("one warning per outage").isEqualTo(1);
        // backoff 100 ms, 200 ms, … 5 s: a few attempts per outage, never a busy loop
        assertThat(logs.count("reserve failed again")).isLessThan(20);
      } finally {
        worker.stop();
      }
    } finally {
      sql("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
      sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  /** Administration on the test server; the names are generated above, never user input. */
  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
