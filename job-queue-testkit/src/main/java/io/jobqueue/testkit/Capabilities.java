package io.jobqueue.testkit;

/**
 * What a backend can do beyond the contract every backend meets. The conformance suite runs every
 * test on every backend: where a capability is missing, the test checks that the backend says so
 * with {@link io.jobqueue.UnsupportedByBackendException} instead of skipping.
 *
 * @param listsJobs {@code Pipeline.peek(state, limit)} returns more than the first job
 * @param storesBuryReason {@code Job.buryReason()} holds the reason given to {@code bury}
 * @param releasesOnDisconnect the jobs of a holder whose connection dies are ready again at once,
 *     without waiting for their TTR and without counting a timeout (beanstalkd); otherwise they
 *     come back when their TTR ends, with {@code timeouts} up by one (SQL backends)
 * @param countsAttemptsSinceKick {@code Job.attempts()} starts again at 1 after a kick; otherwise
 *     it counts the job's whole life, like {@code reserves()} (beanstalkd)
 * @param forceDeletesReserved {@code JobQueue.forceDeleteJob} deletes a job another caller holds
 *     reserved; otherwise only the holder can (beanstalkd)
 * @param keepsHistory pipelines can keep the history of their jobs ({@code Pipeline.keepHistory});
 *     otherwise that and the history's reads throw {@code UnsupportedByBackendException}
 *     (beanstalkd)
 * @param uniqueJobs {@code JobOptions.withUniqueKey} dedupes adds; otherwise adds with a unique key
 *     throw {@code UnsupportedByBackendException} (beanstalkd)
 * @param limitsPipelines {@code Pipeline.setLimits} is enforced across processes; otherwise it
 *     throws {@code UnsupportedByBackendException} (beanstalkd)
 */
public record Capabilities(
    boolean listsJobs,
    boolean storesBuryReason,
    boolean releasesOnDisconnect,
    boolean countsAttemptsSinceKick,
    boolean forceDeletesReserved,
    boolean keepsHistory,
    boolean uniqueJobs,
    boolean limitsPipelines) {

  /** What the SQL backends do. */
  public static final Capabilities SQL =
      new Capabilities(true, true, false, true, true, true, true, true);
}
