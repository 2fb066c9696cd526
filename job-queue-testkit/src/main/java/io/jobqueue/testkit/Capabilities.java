package io.jobqueue.testkit;

/**
 * What a backend can do beyond the contract every backend meets. The conformance suite runs
 * every test on every backend: where a capability is missing, the test checks that the backend
 * says so with {@link io.jobqueue.UnsupportedByBackendException} instead of skipping.
 *
 * @param listsJobs {@code Pipeline.peek(state, limit)} returns more than the first job
 * @param storesBuryReason {@code Job.buryReason()} holds the reason given to {@code bury}
 */
public record Capabilities(boolean listsJobs, boolean storesBuryReason) {

  /** Everything the SQL backends do. */
  public static final Capabilities ALL = new Capabilities(true, true);
}
