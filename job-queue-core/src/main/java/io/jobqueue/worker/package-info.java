/**
 * The worker runtime: a {@link io.jobqueue.worker.Worker} reserves jobs from one or more pipelines,
 * runs a {@link io.jobqueue.worker.JobHandler} per pipeline with a bounded concurrency, deletes
 * jobs that succeed, retries failures with a {@link io.jobqueue.worker.RetryPolicy} and buries them
 * after the last attempt, touches long jobs before their TTR runs out, and stops gracefully.
 */
package io.jobqueue.worker;
