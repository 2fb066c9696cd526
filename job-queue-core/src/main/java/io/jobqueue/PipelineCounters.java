package io.jobqueue;

/**
 * What this process did to one pipeline through one {@link JobQueue} since the queue was opened, as
 * counted by the process (not by the backend): other processes' adds and kicks are not in it, and
 * it starts at zero again when the queue is opened again. Monotonic, so a metrics system can turn
 * it into rates (job-queue-micrometer's {@code JobQueueMetrics} does).
 *
 * @param pipeline the pipeline's name
 * @param added jobs added ({@link Pipeline#addJob}, {@link Pipeline#addJobs}, and a backend's own
 *     add methods such as job-queue-jdbc's adds in the caller's transaction, counted when the add
 *     returns, so a transaction the caller rolls back afterwards still counts)
 * @param kicked jobs moved to ready by {@link Pipeline#kick} and {@link Pipeline#kickJob}
 */
public record PipelineCounters(String pipeline, long added, long kicked) {}
