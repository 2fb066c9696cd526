package io.jobqueue.example;

// README.md's "## Example" block is the text between the two markers; ReadmeExampleTest checks that
// and runs it.
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
    emails.addJson(new Email("ada@example.com", "Welcome")); // stored as JSON
    JobOptions urgent = JobOptions.DEFAULT.withPriority(0); // 0 is the most urgent
    emails.addJson(new Email("alan@example.com", "Your invoice"), urgent);

    // The handler returns: the job is deleted. It throws: the job is released with backoff,
    // and buried after 5 attempts.
    Worker worker =
        Worker.builder(queue)
            .handler("send_important_emails", ctx -> send(ctx.job().payloadJson(Email.class)))
            .concurrency(8)
            .retryPolicy(RetryPolicy.builder().maxAttempts(5).build())
            .build()
            .start();
    // SIGTERM or Ctrl-C: running jobs finish, held ones are released, the exit status is 0.
    StopSignals.exitAfter(() -> {
      worker.close();
      queue.close();
    });
  }

  static void send(Email email) {
    System.out.println("sent '" + email.subject() + "' to " + email.to());
  }
}
// README-EXAMPLE-END
