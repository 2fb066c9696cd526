/**
 * Micrometer meters for jobqueue: {@link io.jobqueue.micrometer.JobQueueMetrics} (the depth of
 * pipelines) and {@link io.jobqueue.micrometer.WorkerMetrics} (what a worker does with its jobs),
 * and {@link io.jobqueue.micrometer.OpsServer}, a worker process's metrics and health endpoints. A
 * module of its own so that job-queue-core does not depend on Micrometer.
 */
package io.jobqueue.micrometer;
