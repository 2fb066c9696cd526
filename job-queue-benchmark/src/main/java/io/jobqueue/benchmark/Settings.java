package io.jobqueue.benchmark;

import java.util.List;

/**
 * What one benchmark invocation runs, resolved from the command line.
 *
 * @param backends the backends to measure, in order
 * @param scenarios the scenarios to run on each, in {@link Scenario} order
 * @param jobs N: jobs per enqueue and drain scenario
 * @param peerJobs jobs per peer enqueue and drain scenario (at most N): the peers are far slower
 *     than the library, and the default run must stay short
 * @param workers W: threads (or Worker concurrency) per scenario
 * @param runs how often each scenario runs per backend
 * @param batchSize jobs per {@code addJobs} call
 * @param rate jobs per second offered in the latency scenario
 * @param latencySeconds how long the latency scenario offers jobs
 * @param processes worker processes in the drain-processes scenario
 * @param idleSeconds how long the idle-queries scenario counts
 * @param stallMillis a drain gives up when no job arrived for this long (and reports the rest lost)
 * @param progress whether to draw a progress bar on stderr
 */
record Settings(
    List<Backend> backends,
    List<Scenario> scenarios,
    int jobs,
    int peerJobs,
    int workers,
    int runs,
    int batchSize,
    int rate,
    int latencySeconds,
    int processes,
    int idleSeconds,
    long stallMillis,
    boolean progress) {

  Settings {
    backends = List.copyOf(backends);
    scenarios = List.copyOf(scenarios);
  }

  boolean runs(Scenario scenario) {
    return scenarios.contains(scenario);
  }
}
