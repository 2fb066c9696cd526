/**
 * The conformance suite every jobqueue backend runs, ours or a third party's. A backend's test
 * sources extend each abstract test with a class that supplies only the {@link
 * io.jobqueue.testkit.TestBackend}:
 *
 * <ul>
 *   <li>{@link io.jobqueue.testkit.JobQueueConformanceTest}: every rule of the contract (order,
 *       delay, TTR, fencing, release/bury/kick, peek, pause, batches, stats, bad input, close);
 *   <li>{@link io.jobqueue.testkit.ConcurrentReserveTest}: threads and a second JVM drain 20,000
 *       jobs, each delivered exactly once;
 *   <li>{@link io.jobqueue.testkit.CrashRecoveryTest}: a JVM killed with SIGKILL while it holds
 *       jobs loses none of them;
 *   <li>{@link io.jobqueue.testkit.WorkerConformanceTest}: what the {@link
 *       io.jobqueue.worker.Worker} does on the backend (outcomes, retries, touches, prefetch and
 *       concurrency bounds, stop and its deadline, outages through a {@link
 *       io.jobqueue.testkit.BackendOutage});
 *   <li>{@link io.jobqueue.testkit.WorkerCrashTest}: a Worker process killed with SIGKILL mid-work
 *       loses no job and runs at most its documented bound of them twice;
 *   <li>{@link io.jobqueue.testkit.SchedulerConformanceTest}: the scheduler on the backend's
 *       schedule store (exactly once per tick, overlap and missed-tick policies, DST, bad input),
 *       with a clock the tests move; the subclass also supplies the store;
 *   <li>{@link io.jobqueue.testkit.SchedulerProcessTest}: three scheduler JVMs ({@link
 *       io.jobqueue.testkit.SchedulerProcess}), one killed half way, enqueue every tick once; the
 *       subclass names a {@link io.jobqueue.testkit.ScheduleStoreOpener}.
 * </ul>
 *
 * Every test uses fresh random pipeline names, so the backend can be shared with other runs and
 * nothing is truncated. The second JVM runs {@link io.jobqueue.testkit.ReserverProcess} with the
 * test's own class path, so the backend's jar must be on it.
 */
package io.jobqueue.testkit;
