package io.jobqueue.beanstalkd;

import io.jobqueue.BackendUnavailableException;
import io.jobqueue.JobQueueException;
import io.jobqueue.JobTooLargeException;
import io.jobqueue.UnsupportedByBackendException;
import java.util.Arrays;

/**
 * Checks an answer against the ones a command expects, and turns every other answer into the API's
 * exception for it, with a message that says what to do. {@code NOT_FOUND}, {@code TIMED_OUT} and
 * {@code DEADLINE_SOON} mean different things per command, so callers that expect them list them
 * and handle them; anywhere else they are protocol violations.
 */
final class ServerErrors {

  private ServerErrors() {}

  /**
   * Returns {@code reply} if its status is one of {@code expected}, throws otherwise.
   *
   * @param action what was being done, for the message, e.g. {@code add a job to pipeline 'mail'}
   */
  static Reply expect(
      Reply reply, BeanstalkdConnection connection, String action, String... expected) {
    if (Arrays.asList(expected).contains(reply.status())) {
      return reply;
    }
    throw toException(reply, connection, action);
  }

  static RuntimeException toException(Reply reply, BeanstalkdConnection connection, String action) {
    String server = "beanstalkd at " + connection.endpoint().describe();
    return switch (reply.status()) {
      case "JOB_TOO_BIG" ->
          new JobTooLargeException(
              "cannot "
                  + action
                  + ": "
                  + server
                  + " answered JOB_TOO_BIG, its max job size (beanstalkd -z) is smaller than"
                  + " the payload; start it with a larger -z or set JobQueueConfig.maxPayloadBytes to its limit;"
                  + " nothing was added");
      case "DRAINING" ->
          new BackendUnavailableException(
              "cannot "
                  + action
                  + ": "
                  + server
                  + " is draining (it was sent SIGUSR1) and accepts no new jobs;"
                  + " nothing was added; use another server or restart this one");
      case "OUT_OF_MEMORY" ->
          new BackendUnavailableException(
              "cannot "
                  + action
                  + ": "
                  + server
                  + " is out of memory (OUT_OF_MEMORY); nothing was changed;"
                  + " try again later, or delete jobs or give the server more memory");
      case "INTERNAL_ERROR" ->
          new JobQueueException(
              "cannot "
                  + action
                  + ": "
                  + server
                  + " reported INTERNAL_ERROR, a bug in beanstalkd; the command may be"
                  + " retried; check the server's log and version");
      case "UNKNOWN_COMMAND" ->
          new UnsupportedByBackendException(
              "cannot "
                  + action
                  + ": "
                  + server
                  + " does not know the command (UNKNOWN_COMMAND); jobqueue needs"
                  + " beanstalkd 1.10 or newer (it uses kick-job and pause-tube); upgrade the server");
      case "BAD_FORMAT" ->
          broken(
              connection,
              "cannot "
                  + action
                  + ": "
                  + server
                  + " rejected the command as badly formed (BAD_FORMAT), a bug in"
                  + " jobqueue's beanstalkd client or a server that speaks another protocol; the connection was dropped");
      case "EXPECTED_CRLF" ->
          broken(
              connection,
              "cannot "
                  + action
                  + ": "
                  + server
                  + " found no CRLF after the job body (EXPECTED_CRLF), a bug in"
                  + " jobqueue's beanstalkd client; nothing was added and the connection was dropped");
      default -> connection.unexpected(reply, action);
    };
  }

  private static JobQueueException broken(BeanstalkdConnection connection, String message) {
    connection.close();
    return new JobQueueException(message);
  }
}
