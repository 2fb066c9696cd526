package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.BackendUnavailableException;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database is told from JDBC metadata, MariaDB apart from MySQL; URLs reach the right driver.
 */
class DialectDetectionTest {

  @TempDir static Path dir;

  @Test
  void postgresIsDetected() throws Exception {
    try (Connection connection = Database.POSTGRES.connect(dir)) {
      SqlDialect dialect = SqlDialect.detect(connection.getMetaData(), false);
      assertThat(dialect).isInstanceOf(PostgresDialect.class);
      assertThat(dialect.database()).startsWith("PostgreSQL ");
      assertThat(dialect.capabilities().notifiesJobs()).isTrue();
    }
  }

  @Test
  void mariaDbThroughConnectorJIsDetectedAsMariaDb() throws Exception {
    try (Connection connection = Database.MARIADB.connect(dir)) {
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("MySQL");
      SqlDialect dialect = SqlDialect.detect(connection.getMetaData(), false);
      assertThat(dialect).isInstanceOf(MySqlDialect.class);
      assertThat(dialect.database()).startsWith("MariaDB 1").doesNotContain("5.5.5-");
      assertThat(dialect.name()).isEqualTo("mysql");
    }
  }

  @Test
  void sqliteIsDetected() throws Exception {
    try (Connection connection = Database.SQLITE.connect(dir)) {
      SqlDialect dialect = SqlDialect.detect(connection.getMetaData(), false);
      assertThat(dialect).isInstanceOf(SqliteDialect.class);
      assertThat(dialect.database()).startsWith("SQLite 3.");
    }
  }

  @Test
  void theUrlsOfTheReadmeOpen() {
    for (String url :
        new String[] {
          "jdbc:mysql://root@127.0.0.1:3306/test",
          "jdbc:mariadb://root@127.0.0.1:3306/test",
          "jdbc:postgresql://127.0.0.1:5432/test?user=root",
          "jdbc:sqlite:" + dir.resolve("readme.db")
        }) {
      try (JobQueue queue = JobQueues.open(url)) {
        String pipeline = Database.randomPipeline();
        long id = queue.selectPipeline(pipeline).addText("hello");
        assertThat(queue.reserve(pipeline, Duration.ZERO))
            .as(url)
            .get()
            .extracting(j -> j.id())
            .isEqualTo(id);
      }
    }
  }

  @Test
  void anUnreachableDatabaseIsBackendUnavailableWithoutThePassword() {
    JobQueueConfig config =
        JobQueueConfig.of("jdbc:postgresql://127.0.0.1:1/test?user=root&password=s3cret");
    assertThatThrownBy(() -> JobQueues.open(config))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("s3cret")
        .hasCauseInstanceOf(RuntimeException.class);
  }

  @Test
  void unknownDatabasesAreNamedInTheError() {
    assertThatThrownBy(() -> SqlDialect.named("jdbc:oracle:thin:@x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql:");
  }
}
