package io.jobqueue.example;

import io.jobqueue.NewJob;
import io.jobqueue.worker.JobContext;
import io.jobqueue.worker.JobHandler;
import java.io.IOException;

/** The {@code send_important_emails} pipeline: renders an email and hands it to the mail server. */
final class SendImportantEmails implements JobHandler {

  static final String PIPELINE = "send_important_emails";

  /** One email to send. */
  record Email(String to, String subject, String body) {}

  /** The mail server refused the message for now (SMTP 4xx); a later attempt may succeed. */
  static final class MailServerBusyException extends IOException {
    private static final long serialVersionUID = 1L;

    MailServerBusyException(String message) {
      super(message);
    }
  }

  private final Workload workload;
  private final ProcessedLog processed;

  SendImportantEmails(Workload workload, ProcessedLog processed) {
    this.workload = workload;
    this.processed = processed;
  }

  /** The n-th example email, as a producer would add it. */
  static NewJob example(int n) {
    return NewJob.json(
        new Email(
            "customer" + n + "@example.com",
            "Your invoice INV-" + (10_000 + n) + " is ready",
            "Hello, your invoice for this month is attached. Amount due: "
                + (n % 90 + 10)
                + ".00 EUR."));
  }

  @Override
  public void handle(JobContext context) throws Exception {
    Email email = context.job().payloadJson(Email.class);
    String message =
        "To: " + email.to() + "\r\nSubject: " + email.subject() + "\r\n\r\n" + email.body();
    workload.waitForRemoteCall();
    if (workload.unlucky()) {
      throw new MailServerBusyException(
          "421 4.7.0 mx.example.com busy, try again later ("
              + message.length()
              + " bytes to "
              + email.to()
              + ")");
    }
    if (processed != null) {
      processed.record(context.job().id());
    }
  }
}
