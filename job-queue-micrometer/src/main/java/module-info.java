/**
 * Micrometer meters for jobqueue ({@link io.jobqueue.micrometer.JobQueueMetrics}, {@link
 * io.jobqueue.micrometer.WorkerMetrics}) and a worker process's metrics and health endpoints
 * ({@link io.jobqueue.micrometer.OpsServer}, on the JDK's own HTTP server).
 */
// micrometer-core has no module-info, only an Automatic-Module-Name; its types are in this API
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.jobqueue.micrometer {
  requires transitive io.jobqueue;
  requires transitive micrometer.core;
  requires jdk.httpserver;

  exports io.jobqueue.micrometer;
}
