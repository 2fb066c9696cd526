package io.jobqueue.worker;

/**
 * The work a {@link Worker} does for each job of one pipeline.
 *
 * <p>Returning normally means success: the worker deletes the job. Throwing anything means this
 * attempt failed: the worker releases the job with the {@link RetryPolicy}'s delay, or buries it
 * after the last attempt with the exception's class and message as the reason. A handler may
 * instead decide itself with {@link JobContext#release} or {@link JobContext#bury}; the worker then
 * leaves the job alone. Handlers run concurrently on virtual threads and should stop early when
 * interrupted (the worker interrupts them when a stop's soft timeout has passed).
 *
 * <pre>{@code
 * JobHandler sendEmail = ctx -> mailer.send(ctx.job().payloadJson(Email.class));
 * }</pre>
 */
@FunctionalInterface
public interface JobHandler {

  /**
   * Does the work for the job in {@code context}. It may throw any exception, checked ones
   * included: every exception counts as a failed attempt.
   */
  void handle(JobContext context) throws Exception;
}
