package io.jobqueue.jdbc;

import java.sql.SQLException;

/** Carries an {@link SQLException} from plain JDBC code to the queue, which translates it. */
final class SqlFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SqlFailure(String what, SQLException cause) {
    super(what + ": " + cause.getMessage(), cause);
  }
}
