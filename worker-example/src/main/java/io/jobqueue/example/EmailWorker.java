package io.jobqueue.example;

// README.md's "## Example" block is the text between the two markers; ReadmeExampleTest checks that and runs it.
// README-EXAMPLE-START
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.Pipeline;
import io.jobqueue.worker.RetryPolicy;
import io.jobqueue.worker.StopSignals;
import io.jobqueue.worker.Worker;

public class EmailWorker {

  record Email(String to, String subject) {}

  public static void main(String[] args) {
    JobQueue queue = JobQueues.open("jdbc:sqlite:jobs.db");
    Pipeline emails = queue.selectPipeline("send_important_emails");
    emails.addJson(new Email("ada@example.com", "Welcome"));                           // stored as JSON
    emails.addJson(new Email("alan@example.com", "Your invoice"), JobOptions.DEFAULT.withPriority(0)); // most urgent

    Worker worker = Worker.builder(queue)
        .handler("send_important_emails", ctx -> send(ctx.job().payloadJson(Email.class)))
        .concurrency(8)
        .retryPolicy(RetryPolicy.builder().maxAttempts(5).build())
        .build()
        .start();      // handler returns → job deleted; throws → released with backoff, buried after 5 attempts
    StopSignals.exitAfter(() -> {  // SIGTERM, Ctrl-C: running jobs finish, held ones are released, exit status 0
      worker.close();
      queue.close();
    });
  }

  static void send(Email email) {
    System.out.println("sent '" + email.subject() + "' to " + email.to());
  }
}
// README-EXAMPLE-END
