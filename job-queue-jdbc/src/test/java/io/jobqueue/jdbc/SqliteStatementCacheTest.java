package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobqueue.JobState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite connections keep their prepared statements ({@link StatementCache}): a kept statement
 * holds no read transaction, so a WAL checkpoint still completes, and a connection keeps at most
 * {@value StatementCache#MAX_PER_CONNECTION}.
 */
class SqliteStatementCacheTest {

  @TempDir Path dir;

  @Test
  void keptStatementsDoNotStopACheckpoint() throws Exception {
    try (JdbcJobQueue queue = JdbcJobQueue.open(Database.SQLITE.config(dir).build())) {
      for (int i = 0; i < 20; i++) {
        queue.selectPipeline("kept").addText("job " + i);
        queue.delete(queue.reserve("kept", Duration.ofSeconds(5)).orElseThrow());
        queue.selectPipeline("kept").addText("left " + i);
        queue.selectPipeline("kept").peek(JobState.READY, 5);
        queue.selectPipeline("kept").stats();
      }
      try (Connection connection = Database.SQLITE.connect(dir);
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        rs.next();
        assertThat(rs.getInt(1)).as("busy: a reader held the log").isZero();
        assertThat(rs.getInt(2)).as("frames left in the log").isZero();
      }
      assertThat(queue.selectPipeline("kept").stats().ready()).isEqualTo(20);
    }
  }

  @Test
  void aConnectionKeepsAtMostTheBoundAndClosesTheLeastRecentlyUsed() throws Exception {
    try (Connection connection = Database.SQLITE.connect(dir)) {
      StatementCache cache = StatementCache.of(connection);
      PreparedStatement[] kept = new PreparedStatement[StatementCache.MAX_PER_CONNECTION];
      for (int i = 0; i < kept.length; i++) {
        kept[i] = cache.get("SELECT " + i);
      }
      assertThat(cache.get("SELECT 0"))
          .as("kept, and now the most recently used")
          .isSameAs(kept[0]);

      cache.get("SELECT " + kept.length);

      assertThat(kept[1].isClosed()).as("the least recently used, closed").isTrue();
      assertThat(kept[0].isClosed()).isFalse();
      assertThat(cache.get("SELECT 1")).as("prepared again").isNotSameAs(kept[1]);
    }
  }
}
