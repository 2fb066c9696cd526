package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobqueue.Job;
import io.jobqueue.Pipeline;
import io.jobqueue.PipelineLimits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * On PostgreSQL, writers notify only while some process waits on the pipeline (V2 and {@link
 * PostgresListener}): a waiting reserve must still be woken by a job another process adds, and the
 * notification must be sent exactly then.
 */
class PostgresWakeUpTest {

  /** Shorter than the 5 s fallback poll: only a notification can end this wait with a job. */
  private static final Duration WAIT = Duration.ofSeconds(4);

  private static final String ARMED_SLOTS =
      """
      SELECT count(*) FROM pg_locks AS l
      JOIN generate_series(0, 7) AS s ON l.objid = ((hashtext(?) & -8) | s)::oid
      WHERE l.locktype = 'advisory' AND l.mode = 'ShareLock' AND l.granted AND l.objsubid = 2
        AND l.classid = hashtext(?)::oid
      """;

  @TempDir static Path dir;

  @Test
  void aReserveWaitingInOneProcessGetsTheJobAnotherAdds() throws Exception {
    String prefix = Database.randomPrefix();
    String pipeline = Database.randomPipeline();
    try (JdbcJobQueue waiting = open(prefix);
        JdbcJobQueue adding = open(prefix)) {
      CompletableFuture<Optional<Job>> reserved =
          CompletableFuture.supplyAsync(() -> waiting.reserve(pipeline, WAIT));
      await().atMost(WAIT).until(() -> armedSlots(prefix, pipeline) == 8);

      long id = adding.selectPipeline(pipeline).addText("wake up");

      assertThat(reserved.get())
          .as("the job added while the reserve waited")
          .get()
          .extracting(Job::id)
          .isEqualTo(id);
    } finally {
      Database.POSTGRES.dropTables(dir, prefix);
    }
  }

  @Test
  void jobsNotifyOnlyWhileAReserveWaitsOnTheirPipeline() throws Exception {
    String prefix = Database.randomPrefix();
    String pipeline = Database.randomPipeline();
    try (JdbcJobQueue adding = open(prefix);
        JdbcJobQueue waiting = open(prefix);
        Connection listening = Database.POSTGRES.connect(dir)) {
      try (Statement statement = listening.createStatement()) {
        statement.execute("LISTEN " + prefix + "jobs");
      }
      adding.selectPipeline(pipeline).addText("nobody waits");
      adding.selectPipeline(Database.randomPipeline()).addText("nobody waits here either");
      // a notification is delivered at the writer's commit, so it is here by the next round trip
      try (Statement statement = listening.createStatement()) {
        statement.execute("SELECT 1");
      }
      assertThat(notifications(listening)).as("notifications with nobody waiting").isEmpty();

      CompletableFuture<Optional<Job>> reserved =
          CompletableFuture.supplyAsync(() -> waiting.reserve(pipeline, WAIT));
      assertThat(reserved.get()).as("the job that was there before the reserve").isPresent();
      CompletableFuture<Optional<Job>> next =
          CompletableFuture.supplyAsync(() -> waiting.reserve(pipeline, WAIT));
      await().atMost(WAIT).until(() -> armedSlots(prefix, pipeline) == 8);
      adding.selectPipeline(pipeline).addText("somebody waits");

      List<PGNotification> seen = new ArrayList<>();
      await().atMost(WAIT).until(() -> seen.addAll(notifications(listening)));
      assertThat(next.get()).isPresent();
    } finally {
      Database.POSTGRES.dropTables(dir, prefix);
    }
  }

  @Test
  void aReserveHeldBackByMaxReservedWakesWhenAnotherProcessDeletesTheHeldJob() throws Exception {
    heldBackReserveWakesWhenAnotherProcessFrees(JdbcJobQueue::delete);
  }

  @Test
  void aReserveHeldBackByMaxReservedWakesWhenAnotherProcessBuriesTheHeldJob() throws Exception {
    heldBackReserveWakesWhenAnotherProcessFrees((queue, job) -> queue.bury(job, "frees the slot"));
  }

  /**
   * One process holds the only job a limit of one reserved lets out; another's reserve waits, held
   * back. When the first frees it, the NOTIFY of V10 must wake the second within {@link #WAIT}:
   * shorter than the 5 s poll and the job's TTR, so nothing else could.
   */
  private static void heldBackReserveWakesWhenAnotherProcessFrees(
      BiConsumer<JdbcJobQueue, Job> free) throws Exception {
    String prefix = Database.randomPrefix();
    String pipeline = Database.randomPipeline();
    try (JdbcJobQueue holding = open(prefix);
        JdbcJobQueue waiting = open(prefix)) {
      Pipeline limited = holding.selectPipeline(pipeline);
      limited.setLimits(PipelineLimits.builder().maxReserved(1).build());
      limited.addText("held");
      long next = limited.addText("held back");
      Job held = holding.reserve(pipeline, WAIT).orElseThrow();
      CompletableFuture<Optional<Job>> reserved =
          CompletableFuture.supplyAsync(() -> waiting.reserve(pipeline, WAIT));
      await().atMost(WAIT).until(() -> armedSlots(prefix, pipeline) == 8);

      free.accept(holding, held);

      assertThat(reserved.get())
          .as("the job the limit held back, once the other process freed its slot")
          .get()
          .extracting(Job::id)
          .isEqualTo(next);
    } finally {
      Database.POSTGRES.dropTables(dir, prefix);
    }
  }

  private static JdbcJobQueue open(String prefix) {
    return JdbcJobQueue.open(
        Database.POSTGRES
            .config(dir)
            .property(JdbcJobQueue.PROPERTY_TABLE_PREFIX, prefix)
            .property(JdbcJobQueue.PROPERTY_POOL_SIZE, "2")
            .build());
  }

  private static long armedSlots(String prefix, String pipeline) throws SQLException {
    try (Connection connection = Database.POSTGRES.connect(dir);
        PreparedStatement statement = connection.prepareStatement(ARMED_SLOTS)) {
      statement.setString(1, pipeline);
      statement.setString(2, prefix + "jobs");
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<PGNotification> notifications(Connection connection) throws SQLException {
    PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications();
    return received == null ? List.of() : List.of(received);
  }
}
