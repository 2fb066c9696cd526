package io.jobqueue.jdbc;

import io.jobqueue.BackendUnavailableException;
import io.jobqueue.JobQueueException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;

/** Turns database failures into the queue's exceptions, always keeping the cause. */
final class SqlErrors {

  private SqlErrors() {}

  /**
   * {@link BackendUnavailableException} when the database could not be reached or dropped the
   * connection, {@link JobQueueException} for any other failure.
   *
   * @param description the queue, with the URL already redacted
   * @param action what was being done, naming the pipeline and job
   */
  static JobQueueException translate(String description, String action, Throwable failure) {
    if (failure instanceof JobQueueException e) {
      return e;
    }
    SQLException sql = sqlCause(failure);
    String detail = sql != null ? sql.getMessage() : failure.getMessage();
    if (isConnectionFailure(failure, sql)) {
      return new BackendUnavailableException(
          description + ": cannot " + action + ": the database is unreachable (" + detail + ")",
          failure);
    }
    return new JobQueueException(description + ": failed to " + action + ": " + detail, failure);
  }

  /**
   * The exception for a pool that could not open its first connection: {@link
   * IllegalArgumentException} when no driver on the class path accepts the URL, otherwise {@link
   * BackendUnavailableException} with the reason, e.g. that the host name could not be resolved.
   *
   * @param description the URL, already redacted
   */
  static RuntimeException cannotConnect(String description, RuntimeException failure) {
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return new BackendUnavailableException(
            "cannot connect to "
                + description
                + ": the host name could not be"
                + " resolved to an address (unknown host "
                + t.getMessage()
                + "); check the host in the URL",
            failure);
      }
      root = t;
    }
    return new BackendUnavailableException(
        "cannot connect to " + description + ": " + root.getMessage(), failure);
  }

  private static boolean isConnectionFailure(Throwable failure, SQLException sql) {
    if (failure instanceof ConnectionException) {
      return true;
    }
    for (SQLException e = sql; e != null; e = e.getNextException()) {
      String state = e.getSQLState();
      if (e instanceof SQLTransientConnectionException
          || e instanceof SQLNonTransientConnectionException
          || e instanceof SQLRecoverableException
          // 08: connection exception; 57P01..57P03: PostgreSQL shutting down or starting
          || (state != null && (state.startsWith("08") || state.startsWith("57P")))) {
        return true;
      }
    }
    return false;
  }

  private static SQLException sqlCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException e) {
        return e;
      }
    }
    return null;
  }
}
