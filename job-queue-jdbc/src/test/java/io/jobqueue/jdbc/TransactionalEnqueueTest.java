package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobqueue.AddResult;
import io.jobqueue.JobOptions;
import io.jobqueue.JobState;
import io.jobqueue.JobTooLargeException;
import io.jobqueue.NewJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Jobs added on the caller's own transaction exist if and only if the caller commits. */
class TransactionalEnqueueTest {

  @TempDir static Path dir;

  @ParameterizedTest
  @EnumSource(Database.class)
  void aJobAddedOnACommittedConnectionExistsAndTheConnectionIsLeftAsItWas(Database database)
      throws SQLException {
    String pipeline = Database.randomPipeline();
    try (JdbcJobQueue queue = JdbcJobQueue.open(database.config(dir).build());
        Connection connection = database.connect(dir)) {
      connection.setAutoCommit(false);
      long id = queue.addJob(connection, pipeline, bytes("order 1"), JobOptions.DEFAULT);

      assertThat(queue.peek(id)).as("not visible to others before the caller commits").isEmpty();
      assertThat(connection.isClosed()).isFalse();
      assertThat(connection.getAutoCommit()).isFalse();

      connection.commit();
      assertThat(queue.peek(id)).get().extracting(job -> job.state()).isEqualTo(JobState.READY);
      assertThat(queue.reserve(pipeline, Duration.ofSeconds(5)))
          .get()
          .satisfies(job -> assertThat(job.payloadText()).isEqualTo("order 1"));
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void aUniqueKeyDedupesInsideTheCallersTransaction(Database database) throws SQLException {
    String pipeline = Database.randomPipeline();
    JobOptions unique = JobOptions.DEFAULT.withUniqueKey("order:1");
    try (JdbcJobQueue queue = JdbcJobQueue.open(database.config(dir).build());
        Connection connection = database.connect(dir)) {
      connection.setAutoCommit(false);
      long id = queue.addJob(connection, pipeline, bytes("order 1"), unique);
      List<AddResult> again =
          queue.addAll(connection, pipeline, List.of(NewJob.text("again").withOptions(unique)));
      assertThat(again).containsExactly(new AddResult(id, false));
      connection.commit();

      assertThat(queue.selectPipeline(pipeline).add(NewJob.text("later").withOptions(unique)))
          .isEqualTo(new AddResult(id, false));
      assertThat(queue.selectPipeline(pipeline).stats().ready()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void jobsAddedOnARolledBackConnectionNeverExist(Database database) throws SQLException {
    String pipeline = Database.randomPipeline();
    try (JdbcJobQueue queue = JdbcJobQueue.open(database.config(dir).build());
        Connection connection = database.connect(dir)) {
      connection.setAutoCommit(false);
      List<Long> ids =
          queue.addJobs(
              connection,
              pipeline,
              List.of(
                  NewJob.text("a"),
                  NewJob.text("b")
                      .withOptions(JobOptions.DEFAULT.withDelay(Duration.ofSeconds(1)))));
      assertThat(ids).hasSize(2).doesNotHaveDuplicates();

      connection.rollback();
      assertThat(connection.isClosed()).isFalse();
      for (long id : ids) {
        assertThat(queue.peek(id)).isEmpty();
      }
      assertThat(queue.selectPipeline(pipeline).stats().total()).isZero();
      assertThat(queue.reserve(pipeline, Duration.ZERO)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void aJdbiHandleTransactionDecidesWhetherTheJobExists(Database database) throws SQLException {
    String pipeline = Database.randomPipeline();
    try (JdbcJobQueue queue = JdbcJobQueue.open(database.config(dir).build());
        Connection connection = database.connect(dir)) {
      Jdbi jdbi = Jdbi.create(connection);
      Handle handle = jdbi.open();
      handle.begin();
      long rolledBack = queue.addJob(handle, pipeline, bytes("never"), JobOptions.DEFAULT);
      handle.rollback();
      assertThat(queue.peek(rolledBack)).isEmpty();
      handle.begin();
      long committed = queue.addJobs(handle, pipeline, List.of(NewJob.text("kept"))).get(0);
      assertThat(queue.peek(committed)).as("not visible before commit").isEmpty();
      handle.commit();

      // SQLite may give the rolled-back id out again, so count the pipeline's jobs.
      assertThat(queue.selectPipeline(pipeline).stats().total()).isEqualTo(1);
      assertThat(queue.peek(committed))
          .get()
          .extracting(job -> job.payloadText())
          .isEqualTo("kept");
      assertThat(handle.getConnection().isClosed()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void invalidJobsAreRejectedBeforeTouchingTheConnection(Database database) throws SQLException {
    String pipeline = Database.randomPipeline();
    try (JdbcJobQueue queue = JdbcJobQueue.open(database.config(dir).maxPayloadBytes(10).build());
        Connection connection = database.connect(dir)) {
      connection.setAutoCommit(false);
      assertThatThrownBy(() -> queue.addJob(connection, "-bad", bytes("x"), JobOptions.DEFAULT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("pipeline name");
      assertThatThrownBy(() ->
              queue.addJob(connection, pipeline, bytes("more than ten bytes"), JobOptions.DEFAULT))
          .isInstanceOf(JobTooLargeException.class)
          .hasMessageContaining(pipeline);
      assertThatThrownBy(() -> queue.addJob(connection, pipeline, bytes("x"), null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("options");
      connection.commit();
      assertThat(queue.selectPipeline(pipeline).stats().total()).isZero();
      assertThat(connection.getAutoCommit()).isFalse();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
