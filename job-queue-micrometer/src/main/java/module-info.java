/**
 * Micrometer meters for jobqueue ({@link io.jobqueue.micrometer.JobQueueMetrics}, {@link
 * io.jobqueue.micrometer.WorkerMetrics}) and the workers' metrics and health server ({@link
 * io.jobqueue.micrometer.OpsServer}).
 */
module io.jobqueue.micrometer {
  requires transitive io.jobqueue;
  requires transitive micrometer.core;
  requires jdk.httpserver;

  exports io.jobqueue.micrometer;
}
