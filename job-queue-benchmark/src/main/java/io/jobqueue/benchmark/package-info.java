/**
 * The benchmark program: enqueue, drain and latency per backend, measured against a naive baseline
 * written in plain JDBC (or the raw beanstalkd protocol). Run it with {@code scripts/bench}; see
 * {@link io.jobqueue.benchmark.BenchmarkCommand} for the options.
 */
package io.jobqueue.benchmark;
