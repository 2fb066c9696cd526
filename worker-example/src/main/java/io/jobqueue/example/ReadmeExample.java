package io.jobqueue.example;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import io.jobqueue.Pipeline;
import io.jobqueue.jdbc.JdbcJobQueue;
import io.jobqueue.worker.RetryPolicy;
import io.jobqueue.worker.StopSignals;
import io.jobqueue.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/** The README's example, compiled with the build so that it cannot drift from the API. */
final class ReadmeExample {

  record Email(String to, String subject) {}

  interface Mailer {
    void send(Email email);
  }

  private ReadmeExample() {}

  static void run(Mailer mailer) throws InterruptedException {
    try (JobQueue queue = JobQueues.open("jdbc:postgresql://127.0.0.1:5432/test?user=root")) {
      Pipeline emails = queue.selectPipeline("send_important_emails");
      emails.addJob(new Email("ada@example.com", "Welcome"));                       // JSON via Jackson
      emails.addJob("plain text works too", JobOptions.DEFAULT.withPriority(0).withDelay(Duration.ofMinutes(5)));

      Worker worker = Worker.builder(queue)
          .handler("send_important_emails", ctx -> mailer.send(ctx.job().payloadAs(Email.class)))
          .concurrency(8)
          .retryPolicy(RetryPolicy.builder().maxAttempts(5).build())
          .build()
          .start();                  // returns → delete; throws → release with backoff, bury after 5 attempts
      StopSignals.exitAfter(worker::stop);  // SIGTERM, Ctrl-C: graceful stop, then exit status 0
      worker.awaitTermination(Duration.ofDays(365));
    }
  }

  static void reserveByHand(JobQueue queue) {
    // Without the runtime: reserve, work, then delete / release / bury / touch.
    queue.reserve(List.of("send_important_emails"), Duration.ofSeconds(5)).ifPresent(job -> {
      send(job.payloadText());
      queue.delete(job);
    });
  }

  static void addInTransaction(JobQueue queue, Connection connection) {
    byte[] payload = "{\"to\":\"ada@example.com\"}".getBytes(StandardCharsets.UTF_8);
    ((JdbcJobQueue) queue).addJob(connection, "send_important_emails", payload, JobOptions.DEFAULT);
  }

  private static void send(String text) {
    System.out.println(text);
  }
}
