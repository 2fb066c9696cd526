package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobqueue.Job;
import io.jobqueue.JobQueueConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reserves and acknowledgements commit without waiting for the disk by default, and like adds with
 * {@code durableAcknowledgements}: seen from inside their own transactions on PostgreSQL (a trigger
 * records the {@code synchronous_commit} each one ran with), and as the connection's {@code PRAGMA
 * synchronous} on SQLite.
 */
class DurableAcknowledgementsTest {

  @TempDir Path dir;

  @Test
  void postgresAcknowledgementsCommitAsynchronouslyUnlessDurable() throws Exception {
    String prefix = Database.randomPrefix();
    try {
      // Migrated first: the trigger goes on the jobs table.
      open(prefix, false).close();
      recordSynchronousCommit(prefix);

      try (JdbcJobQueue queue = open(prefix, false)) {
        acknowledgeEachWay(queue, Database.randomPipeline());
      }
      assertThat(takeRecorded(prefix)).hasSize(5).containsOnly("off");

      try (JdbcJobQueue queue = open(prefix, true)) {
        acknowledgeEachWay(queue, Database.randomPipeline());
      }
      assertThat(takeRecorded(prefix)).hasSize(5).containsOnly(sessionSynchronousCommit());
    } finally {
      try (Connection connection = Database.POSTGRES.connect(dir);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + prefix + "acks");
      }
      Database.POSTGRES.dropTables(dir, prefix);
      try (Connection connection = Database.POSTGRES.connect(dir);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP FUNCTION IF EXISTS " + prefix + "record_ack()");
      }
    }
  }

  @Test
  void sqliteAcknowledgementsCommitAtNormalUnlessDurable() throws Exception {
    assertThat(sqliteLevelAfterAcknowledging(false)).as("NORMAL").isEqualTo(1);
    assertThat(sqliteLevelAfterAcknowledging(true)).as("FULL, as configured").isEqualTo(2);
  }

  @Test
  void theSettingIsReadFromTheConfig() {
    JobQueueConfig config =
        JobQueueConfig.builder("jdbc:sqlite:x.db")
            .property(JdbcJobQueue.PROPERTY_DURABLE_ACKNOWLEDGEMENTS, "true")
            .build();
    assertThat(JdbcSettings.from(config).durableAcknowledgements()).isTrue();
    assertThat(JdbcSettings.from(JobQueueConfig.of("jdbc:sqlite:x.db")).durableAcknowledgements())
        .isFalse();
  }

  /** Reserve, touch, release, reserve and delete: five statements that change the job's row. */
  private static void acknowledgeEachWay(JdbcJobQueue queue, String pipeline) {
    queue.selectPipeline(pipeline).addText("ack me");
    Job job = queue.reserve(pipeline, Duration.ofSeconds(5)).orElseThrow();
    queue.touch(job);
    queue.release(job);
    queue.delete(queue.reserve(pipeline, Duration.ofSeconds(5)).orElseThrow());
  }

  private JdbcJobQueue open(String prefix, boolean durable) {
    return JdbcJobQueue.open(
        Database.POSTGRES
            .config(dir)
            .property(JdbcJobQueue.PROPERTY_TABLE_PREFIX, prefix)
            .property(JdbcJobQueue.PROPERTY_DURABLE_ACKNOWLEDGEMENTS, String.valueOf(durable))
            .build());
  }

  private void recordSynchronousCommit(String prefix) throws SQLException {
    try (Connection connection = Database.POSTGRES.connect(dir);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + prefix + "acks (setting TEXT NOT NULL)");
      statement.execute(
          "CREATE FUNCTION "
              + prefix
              + "record_ack() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO "
              + prefix
              + "acks VALUES (current_setting('synchronous_commit')); RETURN NULL; END $$");
      statement.execute(
          "CREATE TRIGGER record_ack AFTER UPDATE OR DELETE ON "
              + prefix
              + "jobs FOR EACH ROW EXECUTE FUNCTION "
              + prefix
              + "record_ack()");
    }
  }

  private List<String> takeRecorded(String prefix) throws SQLException {
    List<String> settings = new ArrayList<>();
    try (Connection connection = Database.POSTGRES.connect(dir);
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SELECT setting FROM " + prefix + "acks")) {
        while (rs.next()) {
          settings.add(rs.getString(1));
        }
      }
      statement.execute("DELETE FROM " + prefix + "acks");
    }
    return settings;
  }

  private String sessionSynchronousCommit() throws SQLException {
    try (Connection connection = Database.POSTGRES.connect(dir);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW synchronous_commit")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The level of the pool's one connection after a reserve and a delete, configured at FULL. */
  private int sqliteLevelAfterAcknowledging(boolean durable) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + dir.resolve(durable + ".db"));
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty("synchronous", "FULL");
    config.setConnectionInitSql("PRAGMA busy_timeout = 0");
    config.setMaximumPoolSize(1);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      try (JdbcJobQueue queue =
          JdbcJobQueue.builder().dataSource(dataSource).durableAcknowledgements(durable).build()) {
        queue.selectPipeline("acks").addText("ack me");
        queue.delete(queue.reserve("acks", Duration.ofSeconds(5)).orElseThrow());
      }
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("PRAGMA synchronous")) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
