package io.jobqueue.jdbc;

import io.jobqueue.JobQueueException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs work on a connection of the queue's pool and turns its failures into the queue's exceptions,
 * naming the queue and the action: plain JDBC for what every job goes through (see {@link PlainSql}
 * for why), Jdbi for the rest.
 */
final class Connector {

  private final String description;
  private final DataSource dataSource;
  private final Jdbi jdbi;

  Connector(String description, DataSource dataSource) {
    this.description = description;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /** The queue's name in messages. */
  String description() {
    return description;
  }

  /** Runs {@code work} on a pooled connection, without a Jdbi handle. */
  <T> T connect(String action, SqlDialect.Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.on(connection);
    } catch (SQLException | SqlFailure e) {
      throw failure(action, e);
    }
  }

  /** Runs {@code work} on a Jdbi handle, for what runs once or at an operator's request. */
  <T> T withHandle(String action, HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.withHandle(work);
    } catch (JdbiException | SqlFailure e) {
      throw failure(action, e);
    }
  }

  /** The queue's exception for a failure while doing {@code action}. */
  JobQueueException failure(String action, Throwable e) {
    return SqlErrors.translate(description, action, e);
  }
}
